"""The monitoring and compose configuration, checked without Docker: promtool on Prometheus'
files, every dashboard and alert naming only metrics that exist, and the compose file's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings, read_env_file
from monitoring.metrics import Metrics
from tests.unit.monitoring.promtool import promtool
from tests.unit.monitoring.test_metrics import exercise

ROOT = Path(__file__).resolve().parents[3]
MONITORING = ROOT / "monitoring"
DASHBOARDS = sorted((MONITORING / "grafana" / "dashboards").glob("*.json"))
COMPOSE = ROOT / "docker" / "compose.yml"
NODES = ROOT / "docker" / "compose.nodes.yml"  # laid over COMPOSE: a second node

# Metrics of the exporters the stack runs, by their well-known names (node_exporter 1.x,
# postgres_exporter 0.15, Prometheus itself). Add here when a query uses another one.
EXPORTER_METRICS = frozenset(
    {
        "up",
        "node_cpu_seconds_total",
        "node_memory_MemAvailable_bytes",
        "node_memory_MemTotal_bytes",
        "node_filesystem_avail_bytes",
        "node_filesystem_size_bytes",
        "node_network_receive_bytes_total",
        "node_network_transmit_bytes_total",
        "node_load1",
        "node_load5",
        "node_load15",
        "pg_up",
    }
)
PROMQL_WORDS = frozenset(
    {
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "and",
        "or",
        "unless",
        "bool",
        "offset",
        "inf",
        "nan",
    }
)


def our_sample_names() -> set[str]:
    metrics = Metrics()
    exercise(metrics)
    names = set()
    for line in metrics.exposition().decode().splitlines():
        if line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\boffset\s+\S+", "", expr)  # offsets
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"(?<![A-Za-z0-9_.])[A-Za-z_:][A-Za-z0-9_:]*", expr):
        rest = expr[match.end() :].lstrip()
        if rest.startswith("(") or match.group().lower() in PROMQL_WORDS:
            continue  # a function or a keyword
        names.add(match.group())
    return names


def test_the_query_reader_finds_names_and_skips_the_rest() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (le, command) (rate(iiitorrent_x_bucket{a="b c"}[5m])))'
        " / on (job) up > 2 and node_load1 offset 5m"
    )
    assert metric_names(expr) == {"iiitorrent_x_bucket", "up", "node_load1"}


def test_prometheus_config_is_valid() -> None:
    promtool("check", "config", str(MONITORING / "prometheus" / "prometheus.yml"))


def test_alert_rules_are_valid_and_fire_when_they_should() -> None:
    promtool("check", "rules", str(MONITORING / "prometheus" / "alerts.yml"))
    promtool("test", "rules", "alerts_test.yml", cwd=MONITORING / "prometheus")


def test_the_alerts_the_issue_asks_for_exist() -> None:
    rules = yaml.safe_load((MONITORING / "prometheus" / "alerts.yml").read_text())
    names = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    assert names >= {
        "BotDown",
        "QBittorrentUnreachable",
        "DownloadDiskAlmostFull",
        "BackupTooOld",
        "FeedErrors",
        "NotificationBacklog",
    }


def dashboard_exprs(dashboard: dict[str, Any]) -> list[str]:
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def test_there_is_a_dashboard_for_the_box_and_one_for_the_bot() -> None:
    titles = {json.loads(path.read_text())["title"] for path in DASHBOARDS}
    assert {"IIITorrent · the box", "IIITorrent · the bot"} <= titles


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboards_query_only_metrics_that_exist(path: Path) -> None:
    dashboard = json.loads(path.read_text())
    exprs = dashboard_exprs(dashboard)
    assert len(exprs) >= 8
    unknown = {n for e in exprs for n in metric_names(e)} - our_sample_names() - EXPORTER_METRICS
    assert unknown == set()
    uids = [p["datasource"]["uid"] for p in dashboard["panels"]]
    assert set(uids) == {"prometheus"}  # the provisioned datasource's uid


def test_alerts_read_only_metrics_that_exist() -> None:
    rules = yaml.safe_load((MONITORING / "prometheus" / "alerts.yml").read_text())
    exprs = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    unknown = {n for e in exprs for n in metric_names(e)} - our_sample_names() - EXPORTER_METRICS
    assert unknown == set()


def test_grafana_datasource_points_at_the_stack_prometheus() -> None:
    provisioning = MONITORING / "grafana" / "provisioning"
    sources = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())
    (source,) = sources["datasources"]
    assert (source["uid"], source["url"]) == ("prometheus", "http://prometheus:9090")


# compose.yml


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def test_compose_runs_the_whole_stack_with_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    long_running = {
        "bot",
        "postgres",
        "pg-base-backup",
        "qbittorrent",
        "prometheus",
        "grafana",
        "node-exporter",
        "postgres-exporter",
    }
    assert long_running <= set(services)
    for name in long_running:
        assert "test" in services[name].get("healthcheck", {}), f"{name} has no healthcheck"
        assert services[name].get("restart") == "unless-stopped", name


def test_qbittorrent_webui_is_not_published(compose: dict[str, Any]) -> None:
    ports = [str(p) for p in compose["services"]["qbittorrent"].get("ports", [])]
    assert ports, "the BitTorrent port should be published"
    assert all(":8080" not in p and not p.startswith("8080") for p in ports)
    # and nothing else publishes it either
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert not str(port).endswith(":8080") or name == "bot", f"{name} publishes 8080"


def test_monitoring_ports_are_bound_to_loopback_only(compose: dict[str, Any]) -> None:
    for name in ("prometheus", "grafana"):
        for port in compose["services"][name]["ports"]:
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} to the world"


def test_the_bot_metrics_port_is_private_and_is_what_prometheus_scrapes(
    compose: dict[str, Any],
) -> None:
    bot = compose["services"]["bot"]
    environment = bot["environment"]
    port = str(environment["METRICS_PORT"])
    # Listening on every interface of the container is safe only because nothing publishes it.
    assert environment["METRICS_HOST"] == "0.0.0.0"
    for name, service in compose["services"].items():
        for published in service.get("ports", []):
            assert port not in str(published).split(":"), f"{name} publishes the metrics port"
    assert "expose" not in bot or port in [str(p) for p in bot["expose"]]
    prometheus = yaml.safe_load((MONITORING / "prometheus" / "prometheus.yml").read_text())
    job = next(j for j in prometheus["scrape_configs"] if j["job_name"] == "iiitorrent")
    assert job.get("metrics_path", "/metrics") == "/metrics"
    targets = [t for group in job["static_configs"] for t in group["targets"]]
    assert targets == [f"bot:{port}"]


def test_postgres_archives_wal_within_fifteen_minutes(compose: dict[str, Any]) -> None:
    command = compose["services"]["postgres"]["command"]
    settings = dict(arg.split("=", 1) for arg in command if "=" in arg)
    assert settings["archive_mode"] == "on"
    assert settings["wal_level"] in {"replica", "logical"}
    assert 0 < int(settings["archive_timeout"]) <= 900
    assert "/wal-archive/%f" in settings["archive_command"]
    backup = compose["services"]["pg-base-backup"]
    assert int(backup["environment"]["BASE_BACKUP_INTERVAL"]) <= 86400


def test_bot_settings_in_compose_are_real_setting_names(compose: dict[str, Any]) -> None:
    known = set(read_env_file(ROOT / ".env.example"))
    # commented-out keys count too
    known |= set(re.findall(r"^#\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert set(compose["services"]["bot"]["environment"]) <= known


def test_compose_variables_are_documented(compose: dict[str, Any]) -> None:
    used = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE.read_text()))
    documented = set(read_env_file(ROOT / "docker" / ".env.example"))
    assert used <= documented


def test_stack_uses_the_same_postgres_major_as_the_bot_image_client() -> None:
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "python:3.11-slim-bookworm" in dockerfile  # postgresql-client 15
    assert "USER iiitorrent" in dockerfile
    images = {s.get("image", "") for s in yaml.safe_load(COMPOSE.read_text())["services"].values()}
    assert {i for i in images if i.startswith("postgres:")} == {"postgres:15-alpine"}


# compose.nodes.yml, laid over compose.yml

SOUTH = "https://south.example.org"
STACK_VALUES = {
    "POSTGRES_PASSWORD": "pg-password",
    "GRAFANA_ADMIN_PASSWORD": "grafana-password",
    "SOUTH_PUBLIC_URL": SOUTH,
    "LINK_SECRET": "l" * 43,
    "ENCRYPTION_KEY": "e" * 43,
}


def interpolated(text: str) -> str:
    """compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`, from STACK_VALUES."""

    def value(match: re.Match[str]) -> str:
        name, default = match["name"], match["default"]
        if name in STACK_VALUES:
            return STACK_VALUES[name]
        assert default is not None, f"${{{name}}} has no value and no default"
        return default

    return re.sub(r"\$\{(?P<name>[A-Z_]+)(?::-(?P<default>[^}]*)|:\?[^}]*)?\}", value, text)


def overlaid(base: Any, over: Any) -> Any:
    """A second compose file over the first, as compose merges them: mappings key by key,
    sequences appended."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = overlaid(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(over, list):
        return base + over
    return over


@pytest.fixture(scope="module")
def two_nodes() -> dict[str, Any]:
    base = yaml.safe_load(interpolated(COMPOSE.read_text()))
    stack: dict[str, Any] = overlaid(base, yaml.safe_load(interpolated(NODES.read_text())))
    return stack


def settings_of(service: dict[str, Any]) -> Settings:
    """The settings a service's process would start with (its env_file aside)."""
    environment = {key: str(value) for key, value in service["environment"].items()}
    return Settings.load(environment, env_file=None)


def test_the_bot_of_the_two_node_example_drives_both_nodes(two_nodes: dict[str, Any]) -> None:
    settings = settings_of(two_nodes["services"]["bot"])
    assert settings.qbittorrent_url is None
    nodes = [(n.name, n.url, str(n.download_dir)) for n in settings.qbittorrent_nodes]
    assert nodes == [
        ("north", "http://qbittorrent:8080", "/downloads"),
        ("south", "http://qbittorrent-south:8080", "/downloads-south"),
    ]
    north, south = settings.qbittorrent_nodes
    assert (north.public_url, south.public_url) == (settings.public_url, SOUTH)


def test_the_south_file_server_serves_souths_files_with_the_bots_keys(
    two_nodes: dict[str, Any],
) -> None:
    services = two_nodes["services"]
    files = services["files-south"]
    assert files["command"] == ["serve-files"]
    settings, bot = settings_of(files), settings_of(services["bot"])
    assert settings.qbittorrent_url == "http://qbittorrent-south:8080"
    assert settings.qbittorrent_nodes == ()
    assert settings.public_url == SOUTH  # where the bot sends south's links
    assert settings.database_url == bot.database_url
    assert (settings.link_secrets, settings.encryption_keys) == (
        bot.link_secrets,
        bot.encryption_keys,
    )
    assert settings.link_secrets  # given, not generated apart in each process's DATA_DIR
    # The volume south's qBittorrent writes is the one its file server reads, at DOWNLOAD_DIR.
    assert "downloads-south:/downloads" in services["qbittorrent-south"]["volumes"]
    assert f"downloads-south:{settings.download_dir}:ro" in files["volumes"]


def test_the_second_node_is_watched_and_keeps_its_webui_private(
    two_nodes: dict[str, Any],
) -> None:
    services = two_nodes["services"]
    for name in ("qbittorrent-south", "files-south"):
        assert "test" in services[name].get("healthcheck", {}), f"{name} has no healthcheck"
        assert services[name].get("restart") == "unless-stopped", name
    ports = [str(p) for p in services["qbittorrent-south"]["ports"]]
    assert ports and all("8080" not in p for p in ports)


def test_the_two_node_example_variables_are_documented() -> None:
    used = set(re.findall(r"\$\{([A-Z_]+)", NODES.read_text()))
    text = (ROOT / "docker" / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.M))
    assert used <= documented
