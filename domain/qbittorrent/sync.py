"""qBittorrent's incremental `sync/maindata`, as values. Pure: no I/O, no qbittorrent-api.

Each answer carries only what changed since the `rid` it was asked with (every field of every
torrent when `full_update` is true, as after a restart of either side). `TorrentTable` merges the
answers into the current picture, as qBittorrent's own web UI does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.models import SyncDelta, TorrentStatus
from domain.qbittorrent.mapping import OUR_TAG, parse_tags, torrent_status


def sync_delta(answer: Mapping[str, Any]) -> SyncDelta:
    """One `sync/maindata` answer; malformed parts are skipped rather than trusted."""
    rid = answer.get("rid")
    torrents = answer.get("torrents")
    removed = answer.get("torrents_removed")
    changed: dict[str, dict[str, object]] = {}
    state = answer.get("server_state")
    free = state.get("free_space_on_disk") if isinstance(state, Mapping) else None
    if isinstance(torrents, Mapping):
        for hash_, fields in torrents.items():
            if isinstance(hash_, str) and isinstance(fields, Mapping):
                changed[hash_.lower()] = dict(fields)
    return SyncDelta(
        rid=rid if isinstance(rid, int) and not isinstance(rid, bool) and rid >= 0 else 0,
        full_update=answer.get("full_update") is True,
        torrents=changed,
        removed=tuple(h.lower() for h in removed if isinstance(h, str))
        if isinstance(removed, list)
        else (),
        # 0 is what qBittorrent 4.5 (Debian 12's) reports for ever, never having measured; read as
        # a real figure it would refuse every new download under DISK_FREE_FLOOR. Not known.
        free_space=free
        if isinstance(free, int) and not isinstance(free, bool) and free > 0
        else None,
    )


class TorrentTable:
    """The merged state of every torrent qBittorrent reported."""

    def __init__(self) -> None:
        self._fields: dict[str, dict[str, object]] = {}
        self._statuses: dict[str, TorrentStatus] = {}

    def apply(self, delta: SyncDelta) -> set[str]:
        """Merge an answer; returns the hashes that are new or changed (removed ones vanish)."""
        if delta.full_update:
            self._fields.clear()
            self._statuses.clear()
        for hash_, fields in delta.torrents.items():
            self._fields.setdefault(hash_, {}).update(fields)
            self._statuses.pop(hash_, None)
        for hash_ in delta.removed:
            self._fields.pop(hash_, None)
            self._statuses.pop(hash_, None)
        return set(delta.torrents) - set(delta.removed)

    def __contains__(self, info_hash: object) -> bool:
        return info_hash in self._fields

    def __len__(self) -> int:
        return len(self._fields)

    def hashes(self) -> set[str]:
        return set(self._fields)

    def entries(self) -> dict[str, dict[str, object]]:
        """Every torrent's merged fields (copies), as a full answer would carry them."""
        return {h: dict(fields) for h, fields in self._fields.items()}

    def ours(self, hashes: Iterable[str] | None = None) -> list[str]:
        """The hashes (of `hashes`, or of all) that carry our tag."""
        chosen = self._fields if hashes is None else (h for h in hashes if h in self._fields)
        return [h for h in chosen if OUR_TAG in parse_tags(str(self._fields[h].get("tags") or ""))]

    def status(self, info_hash: str) -> TorrentStatus:
        status = self._statuses.get(info_hash)
        if status is None:
            status = torrent_status(self._fields[info_hash], info_hash=info_hash)
            self._statuses[info_hash] = status
        return status
