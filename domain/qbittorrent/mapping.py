"""qBittorrent Web API answers to domain values. Pure: no I/O, no qbittorrent-api.

Ownership lives in qBittorrent itself, as tags, so it can be rebuilt from qBittorrent alone:
every torrent we add carries `iiitorrent` and one `iiitorrent-owner-<user id>` per owner.
(qBittorrent refuses tags that are empty, contain a comma or have surrounding spaces.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from domain.errors import InvalidInput
from domain.models import DownloadState, TorrentFile, TorrentStatus

OUR_TAG = "iiitorrent"
OWNER_TAG_PREFIX = "iiitorrent-owner-"
INFINITE_ETA = 8640000  # qBittorrent's "∞": 100 days in seconds

# Both generations of state names: 5.x renamed paused* to stopped*.
_STATES: dict[str, DownloadState] = {
    "metaDL": DownloadState.METADATA,
    "forcedMetaDL": DownloadState.METADATA,
    "queuedDL": DownloadState.QUEUED,
    "checkingDL": DownloadState.CHECKING,
    "checkingUP": DownloadState.CHECKING,
    "checkingResumeData": DownloadState.CHECKING,
    "allocating": DownloadState.DOWNLOADING,
    "downloading": DownloadState.DOWNLOADING,
    "forcedDL": DownloadState.DOWNLOADING,
    "stalledDL": DownloadState.STALLED,
    "pausedDL": DownloadState.PAUSED,
    "stoppedDL": DownloadState.PAUSED,
    "uploading": DownloadState.COMPLETED,
    "stalledUP": DownloadState.COMPLETED,
    "forcedUP": DownloadState.COMPLETED,
    "queuedUP": DownloadState.COMPLETED,
    "pausedUP": DownloadState.COMPLETED,
    "stoppedUP": DownloadState.COMPLETED,
    "error": DownloadState.ERROR,
    "missingFiles": DownloadState.ERROR,
}


def owner_tag(owner_id: int) -> str:
    if owner_id < 0:
        raise InvalidInput(f"owner id must not be negative: {owner_id}")
    return f"{OWNER_TAG_PREFIX}{owner_id}"


def parse_tags(tags: str | Iterable[str]) -> tuple[str, ...]:
    """qBittorrent lists a torrent's tags as one string, "a, b"; a list is accepted as is."""
    parts = tags.split(",") if isinstance(tags, str) else tags
    return tuple(stripped for part in parts if (stripped := part.strip()))


def owner_ids(tags: str | Iterable[str]) -> tuple[int, ...]:
    """The owners named by a torrent's tags, ascending, without repeats; other tags ignored."""
    found: set[int] = set()
    for tag in parse_tags(tags):
        if tag.startswith(OWNER_TAG_PREFIX):
            digits = tag[len(OWNER_TAG_PREFIX) :]
            if digits.isascii() and digits.isdigit():
                found.add(int(digits))
    return tuple(sorted(found))


def download_state(state: str, progress: float) -> DownloadState:
    """The domain state of a qBittorrent state string.

    "moving", "unknown" and names a future version may add are judged by progress, so a finished
    torrent never shows as unfinished.
    """
    known = _STATES.get(state)
    if known is not None:
        return known
    return DownloadState.COMPLETED if progress >= 1.0 else DownloadState.DOWNLOADING


def torrent_status(info: Mapping[str, Any], info_hash: str | None = None) -> TorrentStatus:
    """A `torrents/info` entry (or a full `sync/maindata` torrent, keyed by hash, given as
    `info_hash`) as a TorrentStatus. Missing or null fields take neutral values."""
    hash_ = info_hash or info.get("hash") or info.get("infohash_v1")
    if not isinstance(hash_, str) or not hash_:
        raise ValueError("torrent info has no hash")
    progress = min(max(_float(info.get("progress")), 0.0), 1.0)
    size = max(_int(info.get("size")), 0)
    completed = info.get("completed")
    downloaded = _int(completed) if completed is not None else size - _int(info.get("amount_left"))
    return TorrentStatus(
        info_hash=hash_.lower(),
        name=str(info.get("name") or hash_),
        state=download_state(str(info.get("state") or ""), progress),
        progress=progress,
        size=size,
        downloaded=min(max(downloaded, 0), size) if size else max(downloaded, 0),
        download_speed=max(_int(info.get("dlspeed")), 0),
        upload_speed=max(_int(info.get("upspeed")), 0),
        eta=_eta(info.get("eta")),
        owner_ids=owner_ids(str(info.get("tags") or "")),
        seeds=max(_int(info.get("num_seeds")), 0),
        peers=max(_int(info.get("num_leechs")), 0),
        content_path=str(info.get("content_path") or ""),
        added_on=_timestamp(info.get("added_on")),
        completed_on=_timestamp(info.get("completion_on")),
        save_path=str(info.get("save_path") or ""),
    )


def oldest_first(statuses: Iterable[TorrentStatus]) -> list[TorrentStatus]:
    """Torrents in the order they were added (those that do not say, last), then by hash."""
    return sorted(statuses, key=lambda s: (s.added_on is None, s.added_on, s.info_hash))


def torrent_files(entries: Iterable[Mapping[str, Any]]) -> list[TorrentFile]:
    """A `torrents/files` answer as TorrentFiles. Web API before 2.8.2 has no `index`: the
    position in the list is the index then."""
    files = []
    for position, entry in enumerate(entries):
        index = entry.get("index")
        files.append(
            TorrentFile(
                index=index if isinstance(index, int) and not isinstance(index, bool) else position,
                name=str(entry.get("name") or ""),
                size=max(_int(entry.get("size")), 0),
                progress=min(max(_float(entry.get("progress")), 0.0), 1.0),
            )
        )
    return files


class AddOutcome(StrEnum):
    ACCEPTED = "accepted"
    PENDING = "pending"  # 5.x: a URL is being fetched; the torrent appears later or never
    FAILED = "failed"


def add_outcome(answer: object) -> AddOutcome:
    """What `torrents/add` said: 4.x answers "Ok." or "Fails."; 5.x answers JSON with counts."""
    if isinstance(answer, str):
        return AddOutcome.ACCEPTED if answer.strip() == "Ok." else AddOutcome.FAILED
    if isinstance(answer, Mapping):
        if _int(answer.get("failure_count")) > 0:
            return AddOutcome.FAILED
        if _int(answer.get("success_count")) > 0:
            return AddOutcome.ACCEPTED
        if _int(answer.get("pending_count")) > 0:
            return AddOutcome.PENDING
    return AddOutcome.FAILED


def _eta(value: object) -> int | None:
    seconds = _int(value, default=-1)
    return None if seconds < 0 or seconds >= INFINITE_ETA else seconds


def _timestamp(value: object) -> datetime | None:
    """qBittorrent says "never" with 0 (4.x) or -1 (5.x)."""
    seconds = _int(value)
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, bool) or value is None:
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float | str):
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            return default
    return default


def _float(value: object) -> float:
    if isinstance(value, bool) or value is None:
        return 0.0
    if isinstance(value, int | float | str):
        try:
            result = float(value)
        except ValueError:
            return 0.0
        return result if result == result else 0.0  # NaN
    return 0.0
