"""The metrics: named by Prometheus conventions, one registry per process, promtool-clean."""

from __future__ import annotations

import re

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.parser import text_string_to_metric_families

from monitoring.metrics import Metrics
from tests.unit.monitoring.promtool import promtool

UNITS = ("_seconds", "_bytes", "_total")


def metric_objects(metrics: Metrics) -> dict[str, Counter | Gauge | Histogram]:
    return {
        name: value
        for name, value in vars(metrics).items()
        if isinstance(value, Counter | Gauge | Histogram)
    }


def exposed_names(metrics: Metrics) -> set[str]:
    return {family.name for family in text_string_to_metric_families(metrics.exposition().decode())}


def exercise(metrics: Metrics) -> None:
    """Give every metric at least one sample, as a busy process would."""
    for metric in metric_objects(metrics).values():
        labels = {name: "x" for name in metric._labelnames}
        target = metric.labels(**labels) if labels else metric
        if isinstance(target, Histogram):
            target.observe(0.3)
        elif isinstance(target, Counter):
            target.inc()
        else:
            target.set(1)


def test_every_metric_is_named_by_the_conventions() -> None:
    metrics = Metrics()
    exercise(metrics)
    families = list(text_string_to_metric_families(metrics.exposition().decode()))
    assert len(families) >= 25
    for family in families:
        assert family.name.startswith("iiitorrent_"), family.name
        assert re.fullmatch(r"[a-z_]+", family.name), family.name
        if family.type == "histogram":
            assert family.name.endswith("_seconds"), family.name
        if family.type == "counter":
            # the parser strips `_total`; the sample names carry it
            assert all(s.name.endswith(("_total", "_created")) for s in family.samples)
        assert family.documentation, f"{family.name} has no help text"


def test_promtool_accepts_a_scrape_of_a_busy_process() -> None:
    metrics = Metrics()
    exercise(metrics)
    assert promtool("check", "metrics", stdin=metrics.exposition()).strip() == ""


def test_two_processes_in_one_interpreter_do_not_share_figures() -> None:
    first, second = Metrics(), Metrics()
    first.commands_total.labels("telegram", "get", "ok").inc(3)
    text = second.exposition().decode()
    assert 'iiitorrent_commands_total{command="get"' not in text
    assert 'iiitorrent_commands_total{command="get",outcome="ok",platform="telegram"} 3.0' in (
        first.exposition().decode()
    )


def test_the_metrics_the_issue_asks_for_exist() -> None:
    names = exposed_names(Metrics())
    for wanted in (
        "iiitorrent_commands",
        "iiitorrent_command_duration_seconds",
        "iiitorrent_downloads",
        "iiitorrent_link_sent_bytes",
        "iiitorrent_feed_polls",
        "iiitorrent_feed_poll_duration_seconds",
        "iiitorrent_feed_errors",
        "iiitorrent_external_request_duration_seconds",
        "iiitorrent_external_request_errors",
        "iiitorrent_notifications_sent",
        "iiitorrent_notifications_failed",
        "iiitorrent_notifications_queued",
        "iiitorrent_scheduler_job_runs",
        "iiitorrent_scheduler_job_lag_seconds",
        "iiitorrent_scheduler_job_overruns",
        "iiitorrent_backup_age_seconds",
        "iiitorrent_download_disk_free_bytes",
        "iiitorrent_qbittorrent_download_speed_bytes",
        "iiitorrent_qbittorrent_upload_speed_bytes",
    ):
        assert wanted in names
