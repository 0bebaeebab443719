"""Value objects of the product. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Platform(StrEnum):
    TELEGRAM = "telegram"
    DISCORD = "discord"
    CONSOLE = "console"


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    USER = "user"


# The audio a user may prefer: no preference, original audio with subtitles, a dub, dual audio.
LANGUAGES = ("any", "sub", "dub", "dual")


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a user wants picked for them; the defaults suit most people on a phone."""

    resolution: int = 1080
    min_resolution: int = 0
    groups: tuple[str, ...] = ()
    trusted_only: bool = False
    max_size: int | None = None  # bytes per episode; None means no cap
    language: str = "any"  # audio: "any", "sub" (original with subtitles), "dub" or "dual"
    # Where new episodes of the AniList watchlist are downloaded and told: the platform of the
    # user's private chat. None: the watchlist fetches nothing by itself.
    watchlist_auto: Platform | None = None


@dataclass(frozen=True, slots=True)
class User:
    id: int
    role: Role
    display_name: str
    preferences: Preferences = field(default_factory=Preferences)
    banned: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Release:
    """One torrent as an indexer (Nyaa) lists it."""

    title: str
    info_hash: str  # 40 lower-case hex digits
    torrent_url: str
    view_url: str
    size: int  # bytes
    seeders: int
    leechers: int
    downloads: int
    category: str
    trusted: bool
    remake: bool
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Media:
    """An anime as AniList knows it."""

    id: int
    romaji: str | None
    english: str | None
    native: str | None = None
    synonyms: tuple[str, ...] = ()
    episodes: int | None = None
    status: str | None = None  # FINISHED, RELEASING, NOT_YET_RELEASED, ...
    season_year: int | None = None
    format: str | None = None
    cover_url: str | None = None  # AniList's large cover image

    @property
    def titles(self) -> tuple[str, ...]:
        """Every name the show goes by, the most useful for searching first, without repeats."""
        seen: dict[str, None] = {}
        for name in (self.romaji, self.english, *self.synonyms, self.native):
            if name and name.casefold() not in {s.casefold() for s in seen}:
                seen[name] = None
        return tuple(seen)

    @property
    def display_title(self) -> str:
        return self.english or self.romaji or self.native or f"AniList #{self.id}"


@dataclass(frozen=True, slots=True)
class MediaRelations:
    """A show's place in its franchise: the seasons directly before and after it."""

    id: int
    episodes: int | None
    format: str | None
    prequels: tuple[int, ...] = ()  # ids of earlier seasons (TV, TV short, ONA only)
    sequels: tuple[int, ...] = ()
    romaji: str | None = None  # its name, as release groups most often spell it


class RequestState(StrEnum):
    SEARCHING = "searching"
    ADDED = "added"
    COMPLETED = "completed"
    FAILED = "failed"


class RequestKind(StrEnum):
    """What a request is, so a restart finishes it the way it was begun.

    A request is resumed by its kind, never guessed from its query or episode: a picked release's
    query is a title, not a magnet, and a picked episode is not searched for again.
    """

    EPISODE = "episode"  # `/get title N` and a subscription's auto-download: search, then add
    MAGNET = "magnet"  # `/get magnet:…`: the query is the magnet
    PICK = "pick"  # a release picked from a list (or the stall fallback's next-best): known
    SOURCE = "source"  # a feed's item or another magnet/.torrent URL whose info hash is known

    @property
    def release_known(self) -> bool:
        """Whether the release is known before the request is written, and so written with it."""
        return self in (RequestKind.PICK, RequestKind.SOURCE)

    def check_new(
        self,
        episode: int | None,
        info_hash: str | None,
        source: str | None,
        release_title: str | None,
    ) -> None:
        """ValueError unless a new request of this kind is whole: an EPISODE names its episode,
        a kind whose release is known comes with all of it, and the others with none of it."""
        release = (info_hash, source, release_title)
        if self is RequestKind.EPISODE and episode is None:
            raise ValueError("an episode request needs its episode")
        if self.release_known and None in release:
            raise ValueError(f"a {self} request is written with its release")
        if not self.release_known and release != (None, None, None):
            raise ValueError(f"a {self} request chooses its release later")


@dataclass(frozen=True, slots=True)
class DownloadRequest:
    """A `/get` written down before any outside call, so it survives a crash and can be retried."""

    id: int
    user_id: int
    query: str
    episode: int | None
    kind: RequestKind
    state: RequestState
    created_at: datetime
    updated_at: datetime
    again: bool = False  # EPISODE: fetch it even if the user has that episode already
    info_hash: str | None = None  # set once a release is chosen, before it is added
    source: str | None = None  # magnet or .torrent URL of the chosen release
    release_title: str | None = None
    error: str | None = None
    reply_to: ChatTarget | None = None  # the chat the request came from; told when it is done
    # The AniList show, when the request came from a path that knows it (the watchlist, a
    # subscription): its completion notice can then mark the episode watched.
    media_id: int | None = None


class DownloadState(StrEnum):
    METADATA = "metadata"  # magnet without its torrent file yet
    QUEUED = "queued"
    CHECKING = "checking"
    DOWNLOADING = "downloading"
    STALLED = "stalled"
    PAUSED = "paused"
    COMPLETED = "completed"
    ERROR = "error"
    MISSING = "missing"  # known to us, gone from qBittorrent


# The one node of a box that drives a single qBittorrent (no QBITTORRENT_NODES).
DEFAULT_NODE = "default"


@dataclass(frozen=True, slots=True)
class Download:
    """A torrent the box holds for one owner. One torrent may serve several owners."""

    id: int
    info_hash: str
    owner_id: int
    name: str
    state: DownloadState
    added_at: datetime
    completed_at: datetime | None = None
    request_id: int | None = None
    node: str = DEFAULT_NODE  # the qBittorrent node it was placed on


@dataclass(frozen=True, slots=True)
class TorrentStatus:
    """What qBittorrent says about a torrent right now."""

    info_hash: str
    name: str
    state: DownloadState
    progress: float  # 0.0 to 1.0
    size: int
    downloaded: int
    download_speed: int  # bytes per second
    upload_speed: int
    eta: int | None  # seconds; None when unknown or infinite
    owner_ids: tuple[int, ...] = ()
    seeds: int = 0
    peers: int = 0
    content_path: str = ""
    added_on: datetime | None = None
    completed_on: datetime | None = None
    save_path: str = ""  # the folder its file names are relative to, as qBittorrent sees it


@dataclass(frozen=True, slots=True)
class TorrentFile:
    """One file of a torrent, as qBittorrent lists it."""

    index: int
    name: str  # relative to the torrent's save path, "/"-separated; a batch's start with its folder
    size: int  # bytes
    progress: float  # 0.0 to 1.0


@dataclass(frozen=True, slots=True)
class DownloadStatus:
    """A download with its live torrent state, as `/status` shows it."""

    download: Download
    torrent: TorrentStatus | None

    @property
    def state(self) -> DownloadState:
        return self.torrent.state if self.torrent else DownloadState.MISSING

    @property
    def progress(self) -> float:
        if self.torrent:
            return self.torrent.progress
        return 1.0 if self.download.state is DownloadState.COMPLETED else 0.0


class TargetKind(StrEnum):
    PERSON = "person"  # a private chat or a direct message
    GROUP = "group"  # a Telegram group or a Discord channel


@dataclass(frozen=True, slots=True)
class ChatTarget:
    """Where a notification goes, as its platform names it."""

    platform: Platform
    chat_id: str
    kind: TargetKind = TargetKind.PERSON


class NotificationKind(StrEnum):
    NEW_EPISODE = "new_episode"
    DOWNLOAD_STARTED = "download_started"
    DOWNLOAD_COMPLETED = "download_completed"
    DOWNLOAD_FAILED = "download_failed"
    DOWNLOAD_STALLED = "download_stalled"
    FEED_ITEM = "feed_item"  # a new item of a user's RSS feed passed its filters
    DOWNLOAD_EXPIRING = "download_expiring"  # retention removes it soon
    DOWNLOAD_REMOVED = "download_removed"  # retention removed it to free disk space
    BROADCAST = "broadcast"  # an admin's message to everyone


@dataclass(frozen=True, slots=True)
class Action:
    """A choice offered with a notification; `command` runs as whoever takes it."""

    label: str
    command: str


@dataclass(frozen=True, slots=True)
class Notification:
    """What to tell someone, free of any platform's formatting; each notifier renders it."""

    kind: NotificationKind
    title: str
    body: str
    actions: tuple[Action, ...] = ()
    url: str | None = None  # a signed link, a cover image page, ...


@dataclass(frozen=True, slots=True)
class AiringEpisode:
    """One episode in AniList's airing schedule: the show's own numbering, aired or not."""

    media_id: int
    episode: int
    airs_at: datetime


@dataclass(frozen=True, slots=True)
class Subscription:
    """A show a chat follows: a person (in their private chat) or a group. `user_id` is who
    subscribed; auto-downloads are theirs."""

    id: int
    user_id: int
    media_id: int
    title: str  # the show's name as shown
    query: str  # the name it is searched by
    target: ChatTarget
    auto_download: bool
    created_at: datetime
    # Made by the subscriber's AniList watchlist (auto on): it follows the list, coming and going
    # with the show; one the subscriber made by hand is never touched by the list.
    from_watchlist: bool = False


@dataclass(frozen=True, slots=True)
class Invite:
    """An invite code's terms; the code itself is shown once and stored only as a hash."""

    id: int
    role: Role
    uses_left: int
    expires_at: datetime
    created_by: int | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None  # None for the system (an invite redeemed by a newcomer is theirs)
    action: str
    target: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Quota:
    """A user's share of the box; None means "the default from settings"."""

    disk_bytes: int | None = None
    active_torrents: int | None = None
    downloads_per_day: int | None = None


@dataclass(frozen=True, slots=True)
class AniListLink:
    """A user's AniList account. `token` is the encrypted form; read-only links carry none."""

    user_id: int
    username: str | None
    anilist_user_id: int | None
    encrypted_token: str | None

    @property
    def read_only(self) -> bool:
        return self.encrypted_token is None


@dataclass(frozen=True, slots=True)
class SyncDelta:
    """One incremental answer of qBittorrent's `sync/maindata`: what changed since `rid`.

    `torrents` holds only the fields that changed, per info hash (every field when `full_update`).
    """

    rid: int
    full_update: bool
    torrents: dict[str, dict[str, object]] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    free_space: int | None = None  # `server_state.free_space_on_disk`, when it changed


@dataclass(frozen=True, slots=True)
class NodeReport:
    """One qBittorrent node as /stats shows it."""

    name: str
    up: bool
    free_space: int | None  # bytes on its download disk; None: not reported yet
    active: int  # our downloads it is busy with
    max_active: int  # 0: no cap
    error: str | None = None  # why it is down
