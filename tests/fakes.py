"""Hand-written fakes of the domain ports: in-memory, honest, and inspectable by tests."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.errors import (
    CatalogError,
    DownloadNotFound,
    IndexerError,
    TorrentClientError,
    TorrentRefused,
    UserNotFound,
)
from domain.models import (
    DEFAULT_NODE,
    ChatTarget,
    Download,
    DownloadRequest,
    DownloadState,
    Media,
    MediaRelations,
    Platform,
    Preferences,
    Release,
    RequestKind,
    RequestState,
    Role,
    SyncDelta,
    TorrentFile,
    TorrentStatus,
    User,
)
from domain.qbittorrent.mapping import INFINITE_ETA, OUR_TAG, owner_tag


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeUsers:
    def __init__(self) -> None:
        self.users: dict[int, User] = {}
        self.identities: dict[tuple[Platform, str], int] = {}
        self._ids = itertools.count(1)

    async def get(self, user_id: int) -> User | None:
        return self.users.get(user_id)

    async def by_identity(self, platform: Platform, external_id: str) -> User | None:
        user_id = self.identities.get((platform, external_id))
        return None if user_id is None else self.users[user_id]

    async def create(
        self, *, platform: Platform, external_id: str, display_name: str, role: Role
    ) -> User:
        user = User(id=next(self._ids), role=role, display_name=display_name)
        self.users[user.id] = user
        self.identities[(platform, external_id)] = user.id
        return user

    async def set_role(self, user_id: int, role: Role) -> User:
        self.users[user_id] = replace(self.users[user_id], role=role)
        return self.users[user_id]

    async def save_preferences(self, user_id: int, preferences: Preferences) -> User:
        self.users[user_id] = replace(self.users[user_id], preferences=preferences)
        return self.users[user_id]

    async def set_banned(self, user_id: int, banned: bool) -> User:
        self.users[user_id] = replace(self.users[user_id], banned=banned)
        return self.users[user_id]

    async def everyone(self) -> list[User]:
        return sorted(self.users.values(), key=lambda u: u.id)

    async def add_identity(self, user_id: int, platform: Platform, external_id: str) -> None:
        if user_id not in self.users:
            raise UserNotFound(user_id)
        self.identities[(platform, external_id)] = user_id

    async def external_id(self, user_id: int, platform: Platform) -> str | None:
        return self.oldest_identity(user_id, platform)

    def oldest_identity(self, user_id: int, platform: Platform) -> str | None:
        # Identities are kept in the order they were added: the first is the oldest.
        return next(
            (e for (p, e), owner in self.identities.items() if owner == user_id and p is platform),
            None,
        )

    async def every_identity(self) -> list[tuple[int, Platform, str]]:
        return sorted((user_id, p, e) for (p, e), user_id in self.identities.items())


class FakeRequests:
    def __init__(self, clock: FakeClock) -> None:
        self.rows: dict[int, DownloadRequest] = {}
        self._clock = clock
        self._ids = itertools.count(1)

    async def create(
        self,
        *,
        user_id: int,
        query: str,
        kind: RequestKind,
        episode: int | None,
        again: bool = False,
        reply_to: ChatTarget | None = None,
        info_hash: str | None = None,
        source: str | None = None,
        release_title: str | None = None,
        media_id: int | None = None,
    ) -> DownloadRequest:
        kind.check_new(episode, info_hash, source, release_title)
        now = self._clock()
        row = DownloadRequest(
            id=next(self._ids),
            user_id=user_id,
            query=query,
            episode=episode,
            kind=kind,
            again=again,
            state=RequestState.SEARCHING,
            created_at=now,
            updated_at=now,
            info_hash=info_hash,
            source=source,
            release_title=release_title,
            reply_to=reply_to,
            media_id=media_id,
        )
        self.rows[row.id] = row
        return row

    async def get(self, request_id: int) -> DownloadRequest | None:
        return self.rows.get(request_id)

    def _update(self, request_id: int, **changes: object) -> DownloadRequest:
        if request_id not in self.rows:
            raise DownloadNotFound(f"request {request_id}")
        row = replace(self.rows[request_id], updated_at=self._clock(), **changes)  # type: ignore[arg-type]
        self.rows[request_id] = row
        return row

    async def choose(
        self, request_id: int, *, info_hash: str, source: str, release_title: str
    ) -> DownloadRequest:
        return self._update(
            request_id, info_hash=info_hash, source=source, release_title=release_title
        )

    async def mark_added(self, request_id: int) -> DownloadRequest:
        return self._update(request_id, state=RequestState.ADDED)

    async def mark_completed(self, request_id: int) -> DownloadRequest:
        return self._update(request_id, state=RequestState.COMPLETED)

    async def mark_failed(self, request_id: int, error: str) -> DownloadRequest:
        return self._update(request_id, state=RequestState.FAILED, error=error)

    async def unfinished(self) -> list[DownloadRequest]:
        return [r for r in self.rows.values() if r.state is RequestState.SEARCHING]


class FakeDownloads:
    def __init__(self, clock: FakeClock) -> None:
        self.rows: dict[int, Download] = {}
        self._clock = clock
        self._ids = itertools.count(1)

    async def add(
        self,
        *,
        info_hash: str,
        owner_id: int,
        name: str,
        request_id: int | None,
        node: str = DEFAULT_NODE,
    ) -> Download:
        for row in self.rows.values():
            if row.owner_id == owner_id and row.info_hash == info_hash:
                return row
        row = Download(
            id=next(self._ids),
            info_hash=info_hash,
            owner_id=owner_id,
            name=name,
            state=DownloadState.QUEUED,
            added_at=self._clock(),
            request_id=request_id,
            node=node,
        )
        self.rows[row.id] = row
        return row

    async def get(self, download_id: int) -> Download | None:
        return self.rows.get(download_id)

    async def for_owner(self, owner_id: int | None) -> list[Download]:
        rows = [r for r in self.rows.values() if owner_id is None or r.owner_id == owner_id]
        return sorted(rows, key=lambda r: r.id, reverse=True)

    async def by_hash(self, info_hash: str) -> list[Download]:
        return [r for r in self.rows.values() if r.info_hash == info_hash]

    async def set_state(
        self, download_id: int, state: DownloadState, *, completed_at: datetime | None = None
    ) -> Download:
        row = replace(self.rows[download_id], state=state, completed_at=completed_at)
        self.rows[download_id] = row
        return row

    async def delete(self, download_id: int) -> None:
        self.rows.pop(download_id, None)


class FakeTorrents:
    """A torrent client that knows torrents by hash and owners by tag, like qBittorrent."""

    def __init__(self) -> None:
        self.torrents_by_hash: dict[str, TorrentStatus] = {}
        self.added_sources: list[str] = []
        self.deleted: list[tuple[str, bool]] = []
        self.down = False
        # Info hashes whose source gives no torrent: qBittorrent answers, and never lists them.
        # `refusals`: each refused add's hash, in order.
        self.unaddable: set[str] = set()
        self.refusals: list[str] = []
        self.files_by_hash: dict[str, list[TorrentFile]] = {}
        self.save_path_default = "/downloads"
        self.free_space: int | None = None  # `server_state.free_space_on_disk` its feed reports
        # sync/maindata: scripted answers first, if a test gives any; otherwise what changed in
        # `torrents_by_hash` since the last answer, as qBittorrent reports it. `asked`: each rid.
        self.answers: list[SyncDelta] = []
        self.asked: list[int] = []
        self._reported: dict[str, dict[str, object]] = {}
        self._rid = 0
        # Every call made to this client, by method name.
        self.calls: Counter[str] = Counter()

    def _check(self, method: str) -> None:
        self.calls[method] += 1
        if self.down:
            raise TorrentClientError("connection refused")

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        self._check("add")
        current = self.torrents_by_hash.get(info_hash)
        if current is None and info_hash in self.unaddable:
            self.refusals.append(info_hash)
            raise TorrentRefused(f"{info_hash} was not listed after adding it", info_hash)
        if current is None:
            self.added_sources.append(source)
            current = TorrentStatus(
                info_hash=info_hash,
                name=source,
                state=DownloadState.DOWNLOADING,
                progress=0.0,
                size=0,
                downloaded=0,
                download_speed=0,
                upload_speed=0,
                eta=None,
            )
        if owner_id not in current.owner_ids:
            current = replace(current, owner_ids=(*current.owner_ids, owner_id))
        self.torrents_by_hash[info_hash] = current

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        self._check("torrents")
        return [
            t for t in self.torrents_by_hash.values() if owner_id is None or owner_id in t.owner_ids
        ]

    async def torrent(self, info_hash: str) -> TorrentStatus | None:
        self._check("torrent")
        return self.torrents_by_hash.get(info_hash)

    def _set_state(self, info_hashes: Sequence[str], state: DownloadState) -> None:
        for info_hash in info_hashes:
            self.torrents_by_hash[info_hash] = replace(
                self.torrents_by_hash[info_hash], state=state
            )

    async def pause(self, info_hashes: Sequence[str]) -> None:
        self._check("pause")
        self._set_state(info_hashes, DownloadState.PAUSED)

    async def resume(self, info_hashes: Sequence[str]) -> None:
        self._check("resume")
        self._set_state(info_hashes, DownloadState.DOWNLOADING)

    async def remove_owner(self, info_hash: str, owner_id: int) -> None:
        self._check("remove_owner")
        current = self.torrents_by_hash[info_hash]
        owners = tuple(o for o in current.owner_ids if o != owner_id)
        self.torrents_by_hash[info_hash] = replace(current, owner_ids=owners)

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None:
        self._check("delete")
        for info_hash in info_hashes:
            self.torrents_by_hash.pop(info_hash, None)
            self.deleted.append((info_hash, delete_files))

    async def version(self) -> str:
        self._check("version")
        return "v5.0.0-fake"

    async def files(self, info_hash: str) -> list[TorrentFile]:
        self._check("files")
        return list(self.files_by_hash.get(info_hash, ()))

    async def default_save_path(self) -> str:
        self._check("default_save_path")
        return self.save_path_default

    async def sync(self, rid: int) -> SyncDelta:
        self._check("sync")
        self.asked.append(rid)
        if self.answers:
            return self.answers.pop(0)
        now = {h: maindata_fields(t) for h, t in self.torrents_by_hash.items()}
        full = rid == 0 or rid != self._rid
        changed = {h: f for h, f in now.items() if full or self._reported.get(h) != f}
        removed = () if full else tuple(h for h in self._reported if h not in now)
        self._reported, self._rid = now, self._rid + 1
        return SyncDelta(
            rid=self._rid,
            full_update=full,
            torrents=changed,
            removed=removed,
            free_space=self.free_space,
        )

    def finish(self, info_hash: str) -> None:
        current = self.torrents_by_hash[info_hash]
        self.torrents_by_hash[info_hash] = replace(
            current, state=DownloadState.COMPLETED, progress=1.0, downloaded=current.size
        )

    def finish_on_disk(
        self, info_hash: str, name: str, root: Path, save_path: str, data: bytes = b"episode"
    ) -> None:
        """The torrent whole: one file `name` written under `root` (DOWNLOAD_DIR), which this
        qBittorrent reports under `save_path`, so a link to it can be signed and served."""
        (root / name).write_bytes(data)
        current = self.torrents_by_hash[info_hash]
        self.torrents_by_hash[info_hash] = replace(
            current, name=name, size=len(data), save_path=save_path
        )
        self.files_by_hash[info_hash] = [TorrentFile(0, name, len(data), 1.0)]
        self.finish(info_hash)


_QB_STATES = {
    DownloadState.METADATA: "metaDL",
    DownloadState.QUEUED: "queuedDL",
    DownloadState.CHECKING: "checkingDL",
    DownloadState.DOWNLOADING: "downloading",
    DownloadState.STALLED: "stalledDL",
    DownloadState.PAUSED: "stoppedDL",
    DownloadState.COMPLETED: "uploading",
    DownloadState.ERROR: "error",
}


def maindata_fields(torrent: TorrentStatus) -> dict[str, object]:
    """A torrent as a full `sync/maindata` entry (the inverse of `torrent_status`)."""
    return {
        "name": torrent.name,
        "state": _QB_STATES.get(torrent.state, "unknown"),
        "progress": torrent.progress,
        "size": torrent.size,
        "completed": torrent.downloaded,
        "dlspeed": torrent.download_speed,
        "upspeed": torrent.upload_speed,
        "eta": INFINITE_ETA if torrent.eta is None else torrent.eta,
        "tags": ", ".join([OUR_TAG, *(owner_tag(o) for o in torrent.owner_ids)]),
        "num_seeds": torrent.seeds,
        "num_leechs": torrent.peers,
        "content_path": torrent.content_path,
        "save_path": torrent.save_path,
        "added_on": int(torrent.added_on.timestamp()) if torrent.added_on else -1,
        "completion_on": int(torrent.completed_on.timestamp()) if torrent.completed_on else -1,
    }


class FakeIndex:
    def __init__(self, releases: Sequence[Release] = ()) -> None:
        self.releases = list(releases)
        self.queries: list[str] = []
        self.down = False

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]:
        self.queries.append(query)
        if self.down:
            raise IndexerError("Nyaa answered 503")
        words = query.casefold().split()
        return [r for r in self.releases if all(w in r.title.casefold() for w in words)]


class FakeCatalog:
    def __init__(
        self, media: Sequence[Media] = (), relations: Sequence[MediaRelations] = ()
    ) -> None:
        self.media = list(media)
        self.relations_by_id = {r.id: r for r in relations}
        self.relation_lookups: list[int] = []
        self.down = False

    async def relations(self, media_id: int) -> MediaRelations:
        self.relation_lookups.append(media_id)
        if self.down:
            raise CatalogError("AniList answered 500")
        # A show with no recorded neighbours is a lone season of unknown length.
        return self.relations_by_id.get(media_id, MediaRelations(media_id, None, "TV"))

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        if self.down:
            raise CatalogError("AniList answered 500")
        wanted = title.casefold()
        return [m for m in self.media if any(wanted in t.casefold() for t in m.titles)][:limit]


def release(
    title: str,
    info_hash: str | None = None,
    *,
    seeders: int = 50,
    size: int = 1_400_000_000,
    trusted: bool = False,
    remake: bool = False,
) -> Release:
    """A Nyaa-shaped release for tests; the hash is derived from the title unless given."""
    info_hash = info_hash or hashlib.sha1(title.encode()).hexdigest()
    return Release(
        title=title,
        info_hash=info_hash,
        torrent_url=f"https://nyaa.example/download/{info_hash[:8]}.torrent",
        view_url=f"https://nyaa.example/view/{info_hash[:8]}",
        size=size,
        seeders=seeders,
        leechers=1,
        downloads=100,
        category="1_2",
        trusted=trusted,
        remake=remake,
    )
