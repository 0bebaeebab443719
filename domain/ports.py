"""Interfaces the services need: storage and the clients implement them, tests fake them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.models import (
    ChatTarget,
    Download,
    DownloadRequest,
    DownloadState,
    Media,
    MediaRelations,
    Notification,
    Platform,
    Preferences,
    Release,
    Role,
    TorrentStatus,
    User,
)


class Clock(Protocol):
    def __call__(self) -> datetime: ...


class TorrentClient(Protocol):
    """qBittorrent, as the services see it. Every torrent carries its owners as tags."""

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        """Add a magnet or .torrent URL; if the torrent is already there, only tag the owner."""

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        """Torrents of one owner, or all of ours when owner_id is None."""

    async def torrent(self, info_hash: str) -> TorrentStatus | None: ...

    async def pause(self, info_hashes: Sequence[str]) -> None: ...

    async def resume(self, info_hashes: Sequence[str]) -> None: ...

    async def remove_owner(self, info_hash: str, owner_id: int) -> None:
        """Untag one owner; the torrent stays for the others."""

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None: ...

    async def version(self) -> str: ...


class ReleaseIndex(Protocol):
    """A torrent indexer searched by words (Nyaa)."""

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]: ...


class AnimeCatalog(Protocol):
    """Where show titles are resolved (AniList)."""

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]: ...

    async def relations(self, media_id: int) -> MediaRelations:
        """The seasons before and after a show, to number episodes across seasons."""


class UserRepository(Protocol):
    async def get(self, user_id: int) -> User | None: ...

    async def by_identity(self, platform: Platform, external_id: str) -> User | None: ...

    async def create(
        self, *, platform: Platform, external_id: str, display_name: str, role: Role
    ) -> User:
        """A new user with one identity."""

    async def set_role(self, user_id: int, role: Role) -> User: ...

    async def save_preferences(self, user_id: int, preferences: Preferences) -> User: ...


class DownloadRequestRepository(Protocol):
    async def create(self, *, user_id: int, query: str, episode: int | None) -> DownloadRequest:
        """Write the request down in state SEARCHING."""

    async def get(self, request_id: int) -> DownloadRequest | None: ...

    async def choose(
        self, request_id: int, *, info_hash: str, source: str, release_title: str
    ) -> DownloadRequest:
        """Record the chosen release before it is handed to the torrent client."""

    async def mark_added(self, request_id: int) -> DownloadRequest: ...

    async def mark_completed(self, request_id: int) -> DownloadRequest: ...

    async def mark_failed(self, request_id: int, error: str) -> DownloadRequest: ...

    async def unfinished(self) -> list[DownloadRequest]:
        """Requests still SEARCHING, oldest first: what a restart must pick up."""


class DownloadRepository(Protocol):
    async def add(
        self, *, info_hash: str, owner_id: int, name: str, request_id: int | None
    ) -> Download:
        """Idempotent per (owner, info hash): adding twice returns the first row."""

    async def get(self, download_id: int) -> Download | None: ...

    async def for_owner(self, owner_id: int | None) -> list[Download]:
        """One owner's downloads, newest first; every download when owner_id is None."""

    async def by_hash(self, info_hash: str) -> list[Download]:
        """Every owner's row for one torrent."""

    async def set_state(
        self, download_id: int, state: DownloadState, *, completed_at: datetime | None = None
    ) -> Download: ...

    async def delete(self, download_id: int) -> None: ...


class Notifier(Protocol):
    """Delivers notifications on one chat platform, within that platform's rate limits.

    Raises `TargetGone` when the chat can never be reached again (bot blocked, chat deleted)
    and `DeliveryFailed` for anything worth retrying later.
    """

    platform: Platform

    async def deliver(self, target: ChatTarget, notification: Notification) -> None: ...
