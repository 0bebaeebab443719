"""Every error the domain raises, in one tree.

    DomainError
    ├── NotAllowed               the caller may not do this (unknown person, banned, not the owner)
    ├── NotFound                 no such download or show, or not visible to the caller
    ├── InvalidInput             a malformed request: empty query, absurd episode, bad magnet
    │   └── InvalidMagnet
    ├── NoRelease                nothing acceptable was found; carries the rejection reasons
    ├── AlreadyHave              the caller has that episode already; `upgrade` if this is a v2
    └── ExternalServiceError     an outside system failed; `service` names it
        ├── TorrentClientError   qBittorrent unreachable, refused the login or the torrent
        ├── IndexerError         Nyaa down, hanging or answering garbage
        ├── CatalogError         AniList down, rate limited or answering errors
        │   └── RateLimited      AniList said 429; `retry_after` seconds
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


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class InvalidMagnet(InvalidInput):
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


class IndexerError(ExternalServiceError):
    service = "Nyaa"


class CatalogError(ExternalServiceError):
    service = "AniList"


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
