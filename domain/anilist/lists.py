"""A user's AniList list as values: what they watch, how far they are, what has aired. Pure."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.errors import CatalogError

logger = logging.getLogger(__name__)


# The list statuses of shows the user is watching: what WATCHING reads, and what auto follows.
WATCHING_STATUSES = frozenset({"CURRENT", "REPEATING"})


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """One show on a user's list, with how far they are and how far it has aired."""

    media_id: int
    title: str  # what to show: English, else romaji, else native
    search_title: str  # what to search Nyaa with: romaji first, as release groups name shows
    progress: int
    episodes: int | None  # None: AniList does not know yet
    next_episode: int | None  # the next episode to air, when one is scheduled
    next_airs_at: datetime | None
    media_status: str | None  # FINISHED, RELEASING, NOT_YET_RELEASED, ...
    list_status: str | None = None  # CURRENT, COMPLETED, ...

    @property
    def aired(self) -> int | None:
        """Episodes out so far; None when AniList cannot say."""
        if self.next_episode is not None:
            return max(0, self.next_episode - 1)
        if self.media_status == "FINISHED":
            return self.episodes
        if self.media_status == "NOT_YET_RELEASED":
            return 0
        return None

    @property
    def next_available(self) -> bool:
        aired = self.aired
        return aired is not None and self.progress < aired

    def with_progress(self, progress: int, list_status: str | None) -> WatchEntry:
        return WatchEntry(
            self.media_id,
            self.title,
            self.search_title,
            progress,
            self.episodes,
            self.next_episode,
            self.next_airs_at,
            self.media_status,
            list_status or self.list_status,
        )


def parse_list_chunk(data: Mapping[str, Any]) -> tuple[list[WatchEntry], bool]:
    """`data.MediaListCollection` of WATCHING: the entries of every group in `lists` (a show in
    several, as custom lists repeat them, counted once) and whether another chunk follows.
    Unusable groups and entries are skipped."""
    collection = data.get("MediaListCollection")
    groups = collection.get("lists") if isinstance(collection, Mapping) else None
    if not isinstance(collection, Mapping) or not isinstance(groups, list):
        raise CatalogError("AniList answer has no MediaListCollection.lists list")
    found: dict[int, WatchEntry] = {}
    for group in groups:
        entries = group.get("entries") if isinstance(group, Mapping) else None
        if not isinstance(entries, list):
            logger.debug("skipping an AniList list group without entries")
            continue
        for node in entries:
            try:
                entry = parse_list_entry(node)
            except CatalogError as exc:
                logger.debug("skipping AniList list entry: %s", exc)
                continue
            found.setdefault(entry.media_id, entry)
    return list(found.values()), collection.get("hasNextChunk") is True


def parse_saved_entry(data: Mapping[str, Any]) -> tuple[int, int, str | None]:
    """`data.SaveMediaListEntry` of SAVE_PROGRESS: (media id, progress, list status)."""
    node = data.get("SaveMediaListEntry")
    if not isinstance(node, Mapping):
        raise CatalogError("AniList answer has no SaveMediaListEntry")
    media = node.get("media")
    media_id = _int(media.get("id")) if isinstance(media, Mapping) else None
    progress = _int(node.get("progress"))
    if media_id is None or progress is None:
        raise CatalogError("AniList saved an entry without a media id or progress")
    return media_id, progress, _str(node.get("status"))


def parse_list_entry(node: object) -> WatchEntry:
    if not isinstance(node, Mapping) or not isinstance(node.get("media"), Mapping):
        raise CatalogError("AniList list entry without media")
    media = node["media"]
    media_id = _int(media.get("id"))
    if media_id is None:
        raise CatalogError("AniList list entry's media has no integer id")
    title = media.get("title")
    title = title if isinstance(title, Mapping) else {}
    romaji, english, native = (_str(title.get(k)) for k in ("romaji", "english", "native"))
    fallback = f"AniList #{media_id}"
    upcoming = media.get("nextAiringEpisode")
    next_episode = next_at = None
    if isinstance(upcoming, Mapping):
        next_episode = _int(upcoming.get("episode"))
        airs = _int(upcoming.get("airingAt"))
        next_at = datetime.fromtimestamp(airs, UTC) if airs is not None and airs >= 0 else None
    return WatchEntry(
        media_id=media_id,
        title=english or romaji or native or fallback,
        search_title=romaji or english or native or fallback,
        progress=max(0, _int(node.get("progress")) or 0),
        episodes=_int(media.get("episodes")),
        next_episode=next_episode if next_episode is not None and next_episode > 0 else None,
        next_airs_at=next_at,
        media_status=_str(media.get("status")),
        list_status=_str(node.get("status")),
    )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
