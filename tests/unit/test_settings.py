from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Secret, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]


def load(env: dict[str, str], env_file: Path | None = None) -> Settings:
    return Settings.load(environ=env, env_file=env_file)


def test_defaults_give_an_embedded_box_under_data_dir() -> None:
    settings = load({"DATA_DIR": "/srv/box"})
    assert settings.database_url == "sqlite:///srv/box/iiitorrent.db"
    assert settings.download_dir == Path("/srv/box/downloads")
    assert settings.qbittorrent_url is None
    assert settings.nyaa_url == "https://nyaa.si"
    assert settings.telegram_bot_token is None


def test_environment_wins_over_env_file_which_wins_over_default(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nNYAA_URL=http://from-file\nHTTP_PORT='9000'\nexport LOG_LEVEL=debug\n"
    )
    settings = load({"NYAA_URL": "http://from-env"}, env_file)
    assert settings.nyaa_url == "http://from-env"
    assert settings.http_port == 9000
    assert settings.log_level == "DEBUG"


def test_the_metrics_listener_defaults_to_loopback_9464() -> None:
    settings = load({})
    assert (settings.metrics_host, settings.metrics_port) == ("127.0.0.1", 9464)
    settings = load({"METRICS_HOST": "0.0.0.0", "METRICS_PORT": "9100"})
    assert (settings.metrics_host, settings.metrics_port) == ("0.0.0.0", 9100)


def test_connections_per_address_default_to_a_campus_nat_s_worth() -> None:
    assert load({}).web_connections_per_address == 64
    assert load({"WEB_CONNECTIONS_PER_ADDRESS": "500"}).web_connections_per_address == 500
    assert load({"WEB_CONNECTIONS_PER_ADDRESS": "0"}).web_connections_per_address == 0  # no cap


def test_a_bad_connections_per_address_says_what_it_expects() -> None:
    with pytest.raises(SettingsError, match=r"WEB_CONNECTIONS_PER_ADDRESS.*0 or more"):
        load({"WEB_CONNECTIONS_PER_ADDRESS": "-5"})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("HTTP_PORT", "eighty"),
        ("HTTP_PORT", "70000"),
        ("METRICS_PORT", "prometheus"),
        ("METRICS_PORT", "0x"),
        ("METRICS_PORT", "65536"),
        ("LINK_TTL", "-5"),
        ("QBITTORRENT_URL", "localhost:8080"),
        ("QBITTORRENT_DHT", "maybe"),
        ("ADMIN_TELEGRAM_IDS", "123,@someone"),
        ("DATABASE_URL", "mysql://x"),
        ("LOG_LEVEL", "LOUD"),
        ("WEB_CONNECTIONS_PER_ADDRESS", "-1"),
        ("WEB_CONNECTIONS_PER_ADDRESS", "lots"),
        ("WEB_CONNECTIONS_PER_ADDRESS", "6.4"),
    ],
)
def test_malformed_values_fail_at_start_naming_the_key(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        load({key: value})


def test_a_broken_env_file_line_names_the_file_and_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis line has no equals sign\n")
    with pytest.raises(SettingsError, match=r"\.env:2"):
        load({}, env_file)


def test_secrets_never_show_in_repr() -> None:
    token = "123456:AAH-secret-token"
    settings = load({"TELEGRAM_BOT_TOKEN": token, "QBITTORRENT_PASSWORD": "hunter22"})
    assert token not in repr(settings) and "hunter22" not in repr(settings)
    assert settings.telegram_bot_token == Secret(token)
    assert token in settings.secrets() and "hunter22" in settings.secrets()


def test_env_example_lists_every_key_the_code_reads() -> None:
    code = (ROOT / "bot/settings.py").read_text()
    read = set(re.findall(r'source\.get\(\s*"([A-Z][A-Z0-9_]+)"', code))
    assert len(read) > 20
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert read - listed == set(), "keys missing from .env.example"
    assert listed - read == set(), ".env.example lists keys the code does not read"


def test_discord_shards_unset_leave_the_count_to_discord() -> None:
    settings = load({})
    assert (settings.discord_shard_count, settings.discord_shard_ids) == (None, None)
    settings = load({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "1, 0,1"})
    assert (settings.discord_shard_count, settings.discord_shard_ids) == (4, (0, 1))
    assert load({"DISCORD_SHARD_COUNT": "2"}).discord_shard_ids is None  # all of them


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "2,4"}, r"4 outside.*=4.*0 to 3"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "7,9"}, r"7, 9 outside"),
        ({"DISCORD_SHARD_IDS": "0"}, r"DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "-1"}, r"'-1' is not a shard"),
        ({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": ","}, r"shard numbers such as"),
        ({"DISCORD_SHARD_COUNT": "0"}, r"DISCORD_SHARD_COUNT.*positive"),
    ],
)
def test_discord_shards_outside_the_count_are_refused_clearly(
    env: dict[str, str], said: str
) -> None:
    with pytest.raises(SettingsError, match=said):
        load(env)
