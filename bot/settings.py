"""Settings, read once at start into a typed frozen object.

Precedence is starlette's: the environment over `.env` over the default. A missing or malformed
value raises `SettingsError` naming its key, so a bad deployment fails at start, not mid-request.
Secrets are wrapped in `Secret`, whose repr is redacted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the key."""


class Secret:
    """A string that never shows itself in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def read_env_file(path: Path) -> dict[str, str]:
    """`KEY=value` lines; blank lines and `#` comments skipped, one level of quotes removed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise SettingsError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("expected a positive whole number")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("expected a whole number, 0 or more")
    return value


def _feed_interval(text: str) -> int:
    value = int(text)
    if value < 60:
        raise ValueError("expected seconds, at least 60")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError("expected a port number from 0 to 65535")
    return value


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// URL")
    return text.rstrip("/")


def _webhook_secret(text: str) -> Secret:
    # Telegram's own rule for setWebhook's secret_token.
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", text):
        raise ValueError("expected 1-256 of A-Z, a-z, 0-9, _ and -")
    return Secret(text)


def _id_list(text: str) -> frozenset[str]:
    ids = {part.strip() for part in text.split(",") if part.strip()}
    for item in ids:
        if not item.lstrip("-").isdigit():
            raise ValueError(f"{item!r} is not a numeric id")
    return frozenset(ids)


GROUP_PLATFORMS = ("telegram", "discord")


def _group_list(text: str) -> frozenset[tuple[str, str]]:
    """`telegram:-100123,discord:4567` → {("telegram", "-100123"), ("discord", "4567")}."""
    groups = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        platform, sep, group_id = part.partition(":")
        platform, group_id = platform.strip().lower(), group_id.strip()
        if not sep or platform not in GROUP_PLATFORMS:
            raise ValueError(f"{part!r} is not telegram:<chat id> or discord:<guild id>")
        if not group_id.lstrip("-").isdigit():
            raise ValueError(f"{part!r}: {group_id!r} is not a numeric id")
        groups.add((platform, group_id))
    return frozenset(groups)


def _shard_ids(text: str) -> tuple[int, ...]:
    """`0,1` → (0, 1): the Discord shards this process runs."""
    ids = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit():
            raise ValueError(f"{part!r} is not a shard number (0, 1, ...)")
        ids.add(int(part))
    if not ids:
        raise ValueError("expected shard numbers such as 0,1")
    return tuple(sorted(ids))


def _discord_shards(source: _Source) -> tuple[int | None, tuple[int, ...] | None]:
    count = source.get("DISCORD_SHARD_COUNT", _positive_int, None)
    ids = source.get("DISCORD_SHARD_IDS", _shard_ids, None)
    if ids is None:
        return count, None
    if count is None:
        raise SettingsError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT, the shards in all")
    outside = [shard for shard in ids if shard >= count]
    if outside:
        raise SettingsError(
            f"DISCORD_SHARD_IDS is malformed: {', '.join(map(str, outside))} outside "
            f"DISCORD_SHARD_COUNT={count} (shards are numbered 0 to {count - 1})"
        )
    return count, ids


NODE_NAME = re.compile(r"[a-z][a-z0-9]{0,31}")


@dataclass(frozen=True, slots=True)
class NodeSettings:
    """One qBittorrent of several (`QBITTORRENT_NODES`), and where its files are served from."""

    name: str
    url: str
    username: str
    password: Secret
    download_dir: Path  # its files, as this process (the node's file server) sees them
    public_url: str  # links to its files are built on this
    max_active: int = 0  # downloads it takes at once; 0: no cap


def _node_names(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if not NODE_NAME.fullmatch(part):
            raise ValueError(
                f"{part!r} is not a node name (a letter, then letters and digits, up to 32)"
            )
        if part in names:
            raise ValueError(f"node {part!r} is named twice")
        names.append(part)
    if not names:
        raise ValueError("expected comma-separated node names")
    return tuple(names)


def _nodes(
    source: _Source, names: tuple[str, ...], download_dir: Path, public_url: str
) -> tuple[NodeSettings, ...]:
    nodes = []
    for name in names:
        key = f"QBITTORRENT_{name.upper()}_"
        url = source.get(key + "URL", _url, None)
        if url is None:
            raise SettingsError(
                f"{key}URL is missing: node {name!r} of QBITTORRENT_NODES needs its Web API URL"
            )
        nodes.append(
            NodeSettings(
                name=name,
                url=url,
                username=source.get(key + "USERNAME", str, "admin"),
                password=source.get(key + "PASSWORD", Secret, Secret("")),
                download_dir=Path(
                    source.get(key + "DOWNLOAD_DIR", str, str(download_dir))
                ).expanduser(),
                public_url=source.get(key + "PUBLIC_URL", _url, public_url),
                max_active=source.get(key + "MAX_ACTIVE", _non_negative_int, 0),
            )
        )
    urls = [n.url for n in nodes]
    for url in urls:
        if urls.count(url) > 1:
            raise SettingsError(f"QBITTORRENT_NODES: two nodes share the Web API URL {url}")
    return tuple(nodes)


def _secrets(text: str) -> tuple[Secret, ...]:
    return tuple(Secret(part.strip()) for part in text.split(",") if part.strip())


class _Source:
    def __init__(self, environ: Mapping[str, str], file_values: Mapping[str, str]) -> None:
        self._environ = environ
        self._file = file_values

    def raw(self, key: str) -> str | None:
        value = self._environ.get(key)
        if value is None:
            value = self._file.get(key)
        return value if value not in (None, "") else None

    def get(self, key: str, cast: Callable[[str], T], default: T) -> T:
        raw = self.raw(key)
        if raw is None:
            return default
        try:
            return cast(raw)
        except ValueError as exc:
            raise SettingsError(f"{key} is malformed: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    download_dir: Path
    qbittorrent_url: str | None
    qbittorrent_username: str
    qbittorrent_password: Secret
    qbittorrent_dht: bool
    nyaa_url: str
    anilist_api_url: str
    anilist_client_id: str | None
    anilist_client_secret: Secret | None
    telegram_bot_token: Secret | None
    telegram_api_base_url: str
    telegram_webhook_url: str | None
    telegram_webhook_secret: Secret | None
    discord_bot_token: Secret | None
    discord_api_base_url: str
    public_url: str
    http_host: str
    http_port: int
    metrics_host: str
    metrics_port: int
    link_secrets: tuple[Secret, ...]
    link_ttl: int
    admin_telegram_ids: frozenset[str]
    admin_discord_ids: frozenset[str]
    encryption_keys: tuple[Secret, ...]
    log_level: str
    quota_disk_bytes: int = 20 * 1024**3  # per user; 0 means no limit
    quota_active_torrents: int = 5
    quota_downloads_per_day: int = 30
    rate_limit_search: int = 10  # per user per minute; 0 means no limit
    rate_limit_get: int = 6
    anilist_oauth_url: str = "https://anilist.co/api/v2/oauth"  # /authorize and /token under it
    backup_interval: int = 900  # seconds between database backups
    backup_keep: int = 96  # backups kept; older ones are deleted
    retention_days: int = 14  # finished downloads are removed after this many days; 0: never
    retention_warning_hours: int = 24  # owners are told at least this long before a removal
    retention_min_age_hours: int = 24  # under the disk floor, younger downloads are spared
    disk_free_floor: int = 5 * 1024**3  # bytes kept free on the download disk; 0: no floor
    completion_poll_interval: int = 1  # seconds between qBittorrent change checks (incremental)
    stall_timeout: int = 1800  # seconds without progress before a download counts as stalled
    stall_switches: int = 2  # times a stalled search download moves to the next-best release
    watchlist_catch_up: int = 3  # aired episodes fetched per show joining a user's auto watchlist
    group_wait: int = 7200  # seconds an auto-download waits for the season's group to release
    outbox_poll_interval: int = 2  # seconds between outbox checks; a notice written here wakes it
    feed_poll_interval: int = 600  # seconds between polls of each feed (a feed may set its own)
    feeds_allow_private: bool = False  # feeds may point at loopback/private addresses
    allowed_groups: frozenset[tuple[str, str]] = frozenset()  # (platform, group id): no invite
    web_connections_per_address: int = 64  # open at once per client address; 0 means no cap
    transcode_slots: int = 1  # videos the player converts at once (HEVC, 10-bit, AV1)
    stream_cache_bytes: int = 2 * 1024**3  # player segments kept in DATA_DIR/stream-cache
    discord_shard_count: int | None = None  # None: as many as Discord asks for, all run here
    discord_shard_ids: tuple[int, ...] | None = None  # None: every shard of the count
    # Several qBittorrents (`QBITTORRENT_NODES`); empty: the one of QBITTORRENT_URL (or our own).
    qbittorrent_nodes: tuple[NodeSettings, ...] = ()

    @classmethod
    def load(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
    ) -> Settings:
        environ = os.environ if environ is None else environ
        source = _Source(environ, read_env_file(env_file) if env_file else {})
        data_dir = Path(source.get("DATA_DIR", str, "data")).expanduser()
        http_port = source.get("HTTP_PORT", _port, 8080)
        log_level = source.get("LOG_LEVEL", str, "INFO").upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError("LOG_LEVEL is malformed: expected DEBUG, INFO, WARNING or ERROR")
        database_url = source.get("DATABASE_URL", str, f"sqlite://{data_dir / 'iiitorrent.db'}")
        discord_shard_count, discord_shard_ids = _discord_shards(source)
        if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise SettingsError("DATABASE_URL is malformed: expected sqlite://… or postgres://…")
        download_dir = Path(source.get("DOWNLOAD_DIR", str, str(data_dir / "downloads")))
        download_dir = download_dir.expanduser()
        public_url = source.get("PUBLIC_URL", _url, f"http://localhost:{http_port}")
        qbittorrent_url = source.get("QBITTORRENT_URL", _url, None)
        no_nodes: tuple[str, ...] = ()
        node_names = source.get("QBITTORRENT_NODES", _node_names, no_nodes)
        if node_names and qbittorrent_url:
            raise SettingsError(
                "QBITTORRENT_URL and QBITTORRENT_NODES are both set: "
                "give one node by QBITTORRENT_URL, or name every node in QBITTORRENT_NODES"
            )
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            download_dir=download_dir,
            qbittorrent_url=qbittorrent_url,
            qbittorrent_username=source.get("QBITTORRENT_USERNAME", str, "admin"),
            qbittorrent_password=source.get("QBITTORRENT_PASSWORD", Secret, Secret("")),
            qbittorrent_dht=source.get("QBITTORRENT_DHT", _bool, True),
            nyaa_url=source.get("NYAA_URL", _url, "https://nyaa.si"),
            anilist_api_url=source.get("ANILIST_API_URL", _url, "https://graphql.anilist.co"),
            anilist_client_id=source.get("ANILIST_CLIENT_ID", str, None),
            anilist_client_secret=source.get("ANILIST_CLIENT_SECRET", Secret, None),
            telegram_bot_token=source.get("TELEGRAM_BOT_TOKEN", Secret, None),
            telegram_api_base_url=source.get(
                "TELEGRAM_API_BASE_URL", _url, "https://api.telegram.org/bot"
            ),
            telegram_webhook_url=source.get("TELEGRAM_WEBHOOK_URL", _url, None),
            telegram_webhook_secret=source.get("TELEGRAM_WEBHOOK_SECRET", _webhook_secret, None),
            discord_bot_token=source.get("DISCORD_BOT_TOKEN", Secret, None),
            discord_api_base_url=source.get(
                "DISCORD_API_BASE_URL", _url, "https://discord.com/api/v10"
            ),
            public_url=public_url,
            http_host=source.get("HTTP_HOST", str, "127.0.0.1"),
            http_port=http_port,
            metrics_host=source.get("METRICS_HOST", str, "127.0.0.1"),
            metrics_port=source.get("METRICS_PORT", _port, 9464),
            link_secrets=source.get("LINK_SECRET", _secrets, ()),
            link_ttl=source.get("LINK_TTL", _positive_int, 24 * 3600),
            admin_telegram_ids=source.get("ADMIN_TELEGRAM_IDS", _id_list, frozenset()),
            admin_discord_ids=source.get("ADMIN_DISCORD_IDS", _id_list, frozenset()),
            encryption_keys=source.get("ENCRYPTION_KEY", _secrets, ()),
            log_level=log_level,
            quota_disk_bytes=source.get("QUOTA_DISK_BYTES", _non_negative_int, 20 * 1024**3),
            quota_active_torrents=source.get("QUOTA_ACTIVE_TORRENTS", _non_negative_int, 5),
            quota_downloads_per_day=source.get("QUOTA_DOWNLOADS_PER_DAY", _non_negative_int, 30),
            rate_limit_search=source.get("RATE_LIMIT_SEARCH", _non_negative_int, 10),
            rate_limit_get=source.get("RATE_LIMIT_GET", _non_negative_int, 6),
            anilist_oauth_url=source.get(
                "ANILIST_OAUTH_URL", _url, "https://anilist.co/api/v2/oauth"
            ),
            backup_interval=source.get("BACKUP_INTERVAL", _positive_int, 900),
            backup_keep=source.get("BACKUP_KEEP", _positive_int, 96),
            retention_days=source.get("RETENTION_DAYS", _non_negative_int, 14),
            retention_warning_hours=source.get("RETENTION_WARNING_HOURS", _non_negative_int, 24),
            retention_min_age_hours=source.get("RETENTION_MIN_AGE_HOURS", _non_negative_int, 24),
            disk_free_floor=source.get("DISK_FREE_FLOOR", _non_negative_int, 5 * 1024**3),
            completion_poll_interval=source.get("COMPLETION_POLL_INTERVAL", _positive_int, 1),
            stall_timeout=source.get("STALL_TIMEOUT", _positive_int, 1800),
            stall_switches=source.get("STALL_SWITCHES", _non_negative_int, 2),
            watchlist_catch_up=source.get("WATCHLIST_CATCH_UP", _non_negative_int, 3),
            group_wait=source.get("GROUP_WAIT", _non_negative_int, 7200),
            outbox_poll_interval=source.get("OUTBOX_POLL_INTERVAL", _positive_int, 2),
            feed_poll_interval=source.get("FEED_POLL_INTERVAL", _feed_interval, 600),
            feeds_allow_private=source.get("FEEDS_ALLOW_PRIVATE", _bool, False),
            allowed_groups=source.get("ALLOWED_GROUPS", _group_list, frozenset()),
            web_connections_per_address=source.get(
                "WEB_CONNECTIONS_PER_ADDRESS", _non_negative_int, 64
            ),
            transcode_slots=source.get("TRANSCODE_SLOTS", _positive_int, 1),
            stream_cache_bytes=source.get("STREAM_CACHE_BYTES", _positive_int, 2 * 1024**3),
            discord_shard_count=discord_shard_count,
            discord_shard_ids=discord_shard_ids,
            qbittorrent_nodes=_nodes(source, node_names, download_dir, public_url),
        )

    def secrets(self) -> list[str]:
        """Every secret value, for the log redaction filter."""
        found: list[Secret | None] = [
            self.qbittorrent_password,
            self.anilist_client_secret,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.discord_bot_token,
            *self.link_secrets,
            *self.encryption_keys,
            *(node.password for node in self.qbittorrent_nodes),
        ]
        return [s.reveal() for s in found if s]
