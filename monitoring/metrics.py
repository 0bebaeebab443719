"""Every Prometheus metric of the process, defined once. Imports only prometheus_client.

The metrics live on a `CollectorRegistry` of their own, one per `Metrics` object (built by the
composition root), never on prometheus_client's global default: tests build the process again and
again in one interpreter, and a scrape shows exactly one process's figures.

Names start with `iiitorrent_`, carry their unit (`_seconds`, `_bytes`), and counters end in
`_total`. Label values come from short closed sets (platform, command name, service, job name,
feed name chosen by an admin), never from user input, so the series count stays small.

Who records what:

- commands: the Dispatcher (`command_seconds`, `commands_total`)
- external calls: `domain.http.fetch` (AniList, Nyaa) and the qBittorrent gateway
  (`external_request_seconds`, `external_request_errors_total`)
- the figures of a moment (downloads and torrents by state, disk, speeds, backup age, up/down):
  refreshed from a snapshot just before each scrape (`bot.web.health`)
- backups: the backup job (`backups_total`, `backup_seconds`, `backup_last_success_timestamp`)
- feeds: the feed poller calls `feed_polls_total.labels(feed, outcome)` and
  `feed_poll_seconds.labels(feed).observe(...)`, and `feed_errors_total.labels(feed)` on failure
- notifications: the outbox dispatcher counts `notifications_sent_total.labels(platform)` and
  `notifications_failed_total.labels(platform, reason)` (reason: `retry` or `gone`), and sets
  `notifications_queued` to the outbox's pending count
- scheduler: every job run counts `scheduler_job_runs_total.labels(job, outcome)` (outcome: `ok`
  or `error`), observes `scheduler_job_seconds.labels(job)` and `scheduler_job_lag_seconds`
  (how late it started), sets `scheduler_job_last_run_timestamp_seconds`, and counts
  `scheduler_job_overruns_total.labels(job)` when a run is skipped because the last one still runs
- links: the file server counts `link_bytes_sent_total` and `link_downloads_total.labels(outcome)`
- the public HTTP server counts `http_connections_refused_total`: connections closed on arrival
  because their address already held `WEB_CONNECTIONS_PER_ADDRESS` open
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]

# The classic text format: what `generate_latest` writes and every Prometheus 2.x reads.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

NAMESPACE = "iiitorrent"

# A chat command answers in milliseconds (a click) to tens of seconds (a slow indexer).
COMMAND_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0)


class Metrics:
    """Every metric of one process, on its own registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry

        # Commands
        self.commands_total = Counter(
            "commands_total",
            "Chat commands handled, by platform, command and outcome (ok, error).",
            ["platform", "command", "outcome"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.command_seconds = Histogram(
            "command_duration_seconds",
            "Time from a command arriving to its reply being ready.",
            ["platform", "command"],
            namespace=NAMESPACE,
            buckets=COMMAND_BUCKETS,
            registry=r,
        )

        # Outside services
        self.external_request_seconds = Histogram(
            "external_request_duration_seconds",
            "Requests to outside services (anilist, nyaa, qbittorrent), failed ones included.",
            ["service"],
            namespace=NAMESPACE,
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.external_request_errors_total = Counter(
            "external_request_errors_total",
            "Requests to outside services that failed (unreachable, timeout, refused).",
            ["service"],
            namespace=NAMESPACE,
            registry=r,
        )

        # Figures of the moment, refreshed before each scrape
        self.up = Gauge(
            "dependency_up",
            "Whether a dependency answered its last check (database, qbittorrent): 1 or 0.",
            ["dependency"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.downloads = Gauge(
            "downloads",
            "Downloads the box holds for its users, by state.",
            ["state"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.torrents = Gauge(
            "qbittorrent_torrents",
            "Torrents in qBittorrent tagged as ours, by state.",
            ["state"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.users = Gauge("users", "People known to the box.", namespace=NAMESPACE, registry=r)
        self.download_speed = Gauge(
            "qbittorrent_download_speed_bytes",
            "Download speed of the box's torrents, bytes per second, at the last completion check.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.upload_speed = Gauge(
            "qbittorrent_upload_speed_bytes",
            "Upload speed of the box's torrents, bytes per second, at the last completion check.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.disk_free_bytes = Gauge(
            "download_disk_free_bytes",
            "Free space on the file system holding DOWNLOAD_DIR.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.disk_size_bytes = Gauge(
            "download_disk_size_bytes",
            "Size of the file system holding DOWNLOAD_DIR.",
            namespace=NAMESPACE,
            registry=r,
        )
        # Several qBittorrent nodes (QBITTORRENT_NODES); no samples with one
        self.node_up = Gauge(
            "qbittorrent_node_up",
            "Whether a qBittorrent node answered the last look at it: 1 or 0.",
            ["node"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.node_free_bytes = Gauge(
            "qbittorrent_node_free_bytes",
            "Free space on a qBittorrent node's download disk, as it last reported it.",
            ["node"],
            namespace=NAMESPACE,
            registry=r,
        )

        # Backups
        self.backups_total = Counter(
            "backups_total",
            "Database backups attempted, by outcome (ok, error).",
            ["outcome"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.backup_seconds = Histogram(
            "backup_duration_seconds",
            "Time one database backup took, integrity check included.",
            namespace=NAMESPACE,
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.backup_last_success_timestamp = Gauge(
            "backup_last_success_timestamp_seconds",
            "Unix time of the newest good backup; 0 when there is none.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.backup_age_seconds = Gauge(
            "backup_age_seconds",
            "Age of the newest good backup at scrape time; +Inf when there is none.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.backup_size_bytes = Gauge(
            "backup_size_bytes",
            "Size of the newest good backup.",
            namespace=NAMESPACE,
            registry=r,
        )

        # Feeds (recorded by the feed poller)
        self.feed_polls_total = Counter(
            "feed_polls_total",
            "Feed polls, by feed name and outcome (ok, not_modified, error).",
            ["feed", "outcome"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.feed_poll_seconds = Histogram(
            "feed_poll_duration_seconds",
            "Time one feed poll took, by feed name.",
            ["feed"],
            namespace=NAMESPACE,
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.feed_errors_total = Counter(
            "feed_errors_total",
            "Feed polls that failed, by feed name.",
            ["feed"],
            namespace=NAMESPACE,
            registry=r,
        )

        # Notifications (recorded by the outbox dispatcher)
        self.notifications_sent_total = Counter(
            "notifications_sent_total",
            "Notifications delivered, by platform.",
            ["platform"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.notifications_failed_total = Counter(
            "notifications_failed_total",
            "Notification deliveries that failed, by platform and reason (retry, gone).",
            ["platform", "reason"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.notifications_queued = Gauge(
            "notifications_queued",
            "Notifications waiting in the outbox.",
            namespace=NAMESPACE,
            registry=r,
        )

        # Scheduler (recorded by the scheduler around every job)
        self.scheduler_job_runs_total = Counter(
            "scheduler_job_runs_total",
            "Scheduled job runs, by job and outcome (ok, error).",
            ["job", "outcome"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.scheduler_job_seconds = Histogram(
            "scheduler_job_duration_seconds",
            "Time one run of a scheduled job took.",
            ["job"],
            namespace=NAMESPACE,
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.scheduler_job_lag_seconds = Gauge(
            "scheduler_job_lag_seconds",
            "How late the last run of a job started after its scheduled time.",
            ["job"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.scheduler_job_last_run_timestamp = Gauge(
            "scheduler_job_last_run_timestamp_seconds",
            "Unix time the last run of a job finished.",
            ["job"],
            namespace=NAMESPACE,
            registry=r,
        )
        self.scheduler_job_overruns_total = Counter(
            "scheduler_job_overruns_total",
            "Runs of a job skipped because the previous run was still going.",
            ["job"],
            namespace=NAMESPACE,
            registry=r,
        )

        # Links (recorded by the file server)
        self.link_bytes_sent_total = Counter(
            "link_sent_bytes_total",
            "Bytes of files delivered through signed links.",
            namespace=NAMESPACE,
            registry=r,
        )
        self.link_downloads_total = Counter(
            "link_downloads_total",
            "Requests for signed links, by outcome (ok, expired, invalid, missing).",
            ["outcome"],
            namespace=NAMESPACE,
            registry=r,
        )

        # The public HTTP server (recorded by bot.web.connection_cap)
        self.http_connections_refused_total = Counter(
            "http_connections_refused_total",
            "Connections closed on arrival: their address already held its cap open.",
            namespace=NAMESPACE,
            registry=r,
        )

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format, as `/metrics` serves it."""
        return generate_latest(self.registry)
