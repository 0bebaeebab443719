"""Every error the domain raises, in one tree.

    DomainError
    ├── NotAllowed               the caller may not do this (unknown person, banned, not the owner)
    │   ├── LinkRefused          a download link is forged, altered, revoked or not for this box
    │   │   └── LinkExpired      a genuine download link whose time is up
    │   ├── InvalidInvite        an invite code that is unknown, used up or expired
    │   ├── InvalidConnectCode   a /connect code that is unknown, used, expired or not usable
    │   ├── IdentityTaken        that chat identity has an account with downloads of its own
    │   ├── QuotaExceeded        over a disk, active-torrent or per-day share; `limit`, `used`
    │   ├── NotChatAdmin         only a group's admins may change the group's subscriptions
    │   ├── OutOfRank            an admin action on oneself, an equal or a better; `own`
    │   └── TooManyRequests      the caller's rate limit for a command; `retry_after` seconds
    ├── RelinkNeeded             a stored AniList token no longer decrypts or AniList refused it
    ├── NotFound                 no such thing, or not visible to the caller (a file, a path)
    │   ├── DownloadNotFound     no such download (or request), or not the caller's
    │   ├── UserNotFound         no box user with that number; `user_id`
    │   ├── AniListUserNotFound  AniList has no user by that name; `name`
    │   ├── FeedNotFound         no such RSS feed, or not the caller's; `feed_id`
    │   ├── UnknownShow          the catalog knows no show by those words
    │   └── NotSubscribed        no such subscription, or not the caller's to change
    ├── InvalidInput             a malformed request: empty query, absurd episode, bad magnet
    │   ├── InvalidMagnet
    │   ├── InvalidTorrent       a .torrent that is oversized, malformed or has unsafe paths
    │   └── UnsafeUrl            a URL the bot will not fetch (not http(s), not a public address)
    ├── NoRelease                nothing acceptable was found; carries the rejection reasons
    ├── AlreadyHave              the caller has that episode already; `upgrade` if this is a v2
    ├── DiskFull                 the download disk is under its free-space floor; `free`, `floor`
    ├── StreamError              a file cannot be played in the browser as asked
    │   ├── UnplayableMedia      not a video we can stream: garbage, no video, absurd size or length
    │   ├── NoSuchPart           a segment, audio track, subtitle or font the file does not have
    │   ├── StreamBusy           every transcode slot is taken; try again later
    │   └── MediaToolFailed      ffmpeg or ffprobe failed, ran out of time or memory on a file
    └── ExternalServiceError     an outside system failed; `service` names it
        ├── TorrentClientError   qBittorrent unreachable, hanging or refusing the login
        │   ├── TorrentRefused   qBittorrent answers, but will not take this release: its URL
        │   │                    gives no torrent (an HTML page, a 404) or one of another hash;
        │   │                    `info_hash`. Another release may do; this one as-is never will
        │   ├── NodeDown         the node holding that torrent does not answer; `node`
        │   └── NoNodeAvailable  no node can take a new download: each is down or at its cap
        ├── IndexerError         Nyaa down, hanging or answering garbage
        ├── CatalogError         AniList down, rate limited or answering errors
        │   └── RateLimited      AniList said 429; `retry_after` seconds
        ├── FeedError            a user's RSS feed down, hanging, oversized or not a feed
        └── DeliveryFailed       a chat platform did not take a notification; worth retrying
            └── TargetGone       that chat can never be reached again (blocked, deleted)

Front-ends map these to user-facing text in their one error handler; nothing here is worded for
chat.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class NotAllowed(DomainError):
    pass


class LinkRefused(NotAllowed):
    pass


class LinkExpired(LinkRefused):
    pass


class NotFound(DomainError):
    pass


class DownloadNotFound(NotFound):
    """Someone else's download looks exactly like a missing one: ids reveal nothing."""


class UserNotFound(NotFound):
    def __init__(self, user_id: int) -> None:
        super().__init__(f"no user {user_id}")
        self.user_id = user_id


class AniListUserNotFound(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(f"no AniList user {name!r}")
        self.name = name


class FeedNotFound(NotFound):
    """Someone else's feed looks exactly like a missing one."""

    def __init__(self, feed_id: int) -> None:
        super().__init__(f"feed {feed_id}")
        self.feed_id = feed_id


class UnknownShow(NotFound):
    pass


class NotSubscribed(NotFound):
    pass


class InvalidInput(DomainError):
    pass


class InvalidMagnet(InvalidInput):
    pass


class InvalidTorrent(InvalidInput):
    pass


class UnsafeUrl(InvalidInput):
    pass


class InvalidInvite(NotAllowed):
    pass


class NotChatAdmin(NotAllowed):
    pass


class OutOfRank(NotAllowed):
    """Owners act on admins and users, admins on users; nobody on themselves. `own` when the
    target was the actor."""

    def __init__(self, message: str, *, own: bool) -> None:
        super().__init__(message)
        self.own = own


class InvalidConnectCode(NotAllowed):
    pass


class IdentityTaken(NotAllowed):
    """The identity (`platform`) already has an account holding downloads: no merging."""

    def __init__(self, platform: str, user_id: int) -> None:
        super().__init__(f"{platform} identity belongs to user {user_id}, who has downloads")
        self.platform = platform
        self.user_id = user_id


class QuotaExceeded(NotAllowed):
    """`kind` is "disk" (bytes), "active" (torrents) or "daily" (downloads in 24 hours)."""

    def __init__(self, kind: str, used: int, limit: int) -> None:
        super().__init__(f"{kind} quota exceeded: {used} of {limit}")
        self.kind = kind
        self.used = used
        self.limit = limit


class TooManyRequests(NotAllowed):
    def __init__(self, command: str, retry_after: float) -> None:
        super().__init__(f"rate limit for {command}; retry after {retry_after:.1f}s")
        self.command = command
        self.retry_after = retry_after


class RelinkNeeded(DomainError):
    pass


class NoRelease(DomainError):
    def __init__(self, query: str, episode: int | None, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(f"no acceptable release for {query!r} episode {episode}")
        self.query = query
        self.episode = episode
        self.reasons = reasons


class ExternalServiceError(DomainError):
    service = "external service"


class TorrentClientError(ExternalServiceError):
    service = "qBittorrent"


class TorrentRefused(TorrentClientError):
    """The release is at fault, not qBittorrent: trying it again gets the same answer."""

    def __init__(self, message: str, info_hash: str) -> None:
        super().__init__(message)
        self.info_hash = info_hash


class NodeDown(TorrentClientError):
    def __init__(self, message: str, node: str) -> None:
        super().__init__(message)
        self.node = node


class NoNodeAvailable(TorrentClientError):
    pass


class IndexerError(ExternalServiceError):
    service = "Nyaa"


class CatalogError(ExternalServiceError):
    service = "AniList"


class FeedError(ExternalServiceError):
    service = "feed"


class RateLimited(CatalogError):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DeliveryFailed(ExternalServiceError):
    service = "chat platform"

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TargetGone(DeliveryFailed):
    pass


class AlreadyHave(DomainError):
    """The best release is an episode the caller already has; nothing was added."""

    def __init__(self, download_id: int, name: str, *, upgrade: bool) -> None:
        kind = "an upgrade of" if upgrade else "the same episode as"
        super().__init__(f"best release is {kind} download {download_id}")
        self.download_id = download_id
        self.name = name
        self.upgrade = upgrade


class DiskFull(DomainError):
    """Free space on the download disk is (or would be) under the floor kept for the box;
    nothing was added. `needed` is the size of what was asked for, when known (0 otherwise)."""

    def __init__(self, free: int, floor: int, needed: int = 0) -> None:
        super().__init__(f"download disk has {free} bytes free, floor is {floor}, need {needed}")
        self.free = free
        self.floor = floor
        self.needed = needed


class StreamError(DomainError):
    pass


class UnplayableMedia(StreamError):
    pass


class NoSuchPart(StreamError):
    pass


class StreamBusy(StreamError):
    pass


class MediaToolFailed(StreamError):
    pass
