"""Downloads: /get, /status, /pause, /resume, /delete, with ownership checked here.

A `/get` is written down as a DownloadRequest before any outside call, records its chosen release
before handing it to the torrent client, and adds by info hash, so a crash at any point can be
picked up by `resume_unfinished` without losing the request or adding the torrent twice.

Each request records its kind (`RequestKind`), and a restart finishes it by that kind: an EPISODE
is searched for (unless its release was chosen), a MAGNET's query is its magnet, and a PICK or a
SOURCE is written together with its release, so it is only ever added.

A release qBittorrent will not take (`TorrentRefused`: its URL gives no torrent) fails its
request like any error. Automatic callers keep its info hash and ask again with it in `exclude`,
so the next-best release is tried, up to `MAX_REFUSED_RELEASES`; a person gets told and picks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.errors import AlreadyHave, DomainError, DownloadNotFound, NoRelease
from domain.magnets import parse_magnet
from domain.models import (
    DEFAULT_NODE,
    ChatTarget,
    Download,
    DownloadRequest,
    DownloadState,
    DownloadStatus,
    RequestKind,
    User,
)
from domain.ports import (
    Clock,
    DownloadRepository,
    DownloadRequestRepository,
    TorrentClient,
    TorrentNodes,
    UserRepository,
)
from domain.releases import Candidate, is_same_episode, is_upgrade, parse
from domain.services.disk import DiskGuard
from domain.services.quotas import QuotaService
from domain.services.search import SearchService, check_episode, clean_query

logger = logging.getLogger(__name__)

# Releases qBittorrent refuses before an automatic download of an episode gives up on it.
MAX_REFUSED_RELEASES = 3


@dataclass(frozen=True, slots=True)
class Added:
    """What `/get` did: the download, and the release that won with its reasons."""

    download: Download
    request: DownloadRequest
    candidate: Candidate | None = None  # None for a magnet, which needs no choosing


class DownloadService:
    def __init__(
        self,
        *,
        users: UserRepository,
        requests: DownloadRequestRepository,
        downloads: DownloadRepository,
        torrents: TorrentClient,
        search: SearchService,
        clock: Clock,
        quotas: QuotaService | None = None,
        disk: DiskGuard | None = None,
        nodes: TorrentNodes | None = None,
    ) -> None:
        self._users = users
        self._requests = requests
        self._downloads = downloads
        self._torrents = torrents
        self._search = search
        self._clock = clock
        self._quotas = quotas  # None: nobody has a share to stay within
        self._disk = disk  # None: no free-space floor
        self._nodes = nodes  # None: one qBittorrent, the node DEFAULT_NODE

    async def request_episode(
        self,
        user: User,
        query: str,
        episode: int,
        *,
        again: bool = False,
        reply_to: ChatTarget | None = None,
        media_id: int | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> Added:
        """The best release of that episode, added for the user. An episode they already have
        (the same, another group's copy, or a v2) is not fetched twice unless `again`.
        `media_id`, the AniList show when the caller knows it, is recorded for the completion
        notice's "✓ Watched"; the search itself still goes by `query`. Releases whose info hash
        is in `exclude` (ones qBittorrent refused) are left out of the ranking; the exclusion is
        not written down, so a restart that picks the request up ranks without it."""
        query = clean_query(query)
        check_episode(episode)
        await self._check_quota(user)
        # `reply_to` is the chat to tell when the download completes.
        request = await self._requests.create(
            user_id=user.id,
            query=query,
            kind=RequestKind.EPISODE,
            episode=episode,
            again=again,  # recorded: a restart before the choice searches as this one would
            reply_to=reply_to,
            media_id=media_id,
        )
        return await self._fulfil(user, request, exclude=exclude)

    async def request_release(
        self,
        user: User,
        query: str,
        candidate: Candidate,
        *,
        reply_to: ChatTarget | None = None,
    ) -> Added:
        """A release the user picked from a search (or the stall fallback's next-best), written
        down together with the release, then added by info hash. Picking is deliberate, so an
        episode they already have is fetched again. The episode is kept when the release is one
        episode: the stall fallback searches for that episode's next-best."""
        query = clean_query(query)
        release = candidate.release
        await self._check_quota(user, incoming_bytes=release.size)
        episodes = candidate.parsed.episodes
        request = await self._requests.create(
            user_id=user.id,
            query=query,
            kind=RequestKind.PICK,
            episode=episodes[0] if len(episodes) == 1 else None,
            reply_to=reply_to,
            info_hash=release.info_hash,
            source=release.torrent_url,
            release_title=release.title,
        )
        added = await self._fulfil(user, request)
        return Added(added.download, added.request, candidate)

    async def request_magnet(
        self, user: User, text: str, *, reply_to: ChatTarget | None = None
    ) -> Added:
        magnet = parse_magnet(text)  # a bad magnet is refused before anything is written
        await self._check_quota(user)
        request = await self._requests.create(
            user_id=user.id,
            query=magnet.uri,
            kind=RequestKind.MAGNET,
            episode=None,
            reply_to=reply_to,
        )
        return await self._fulfil(user, request)

    async def request_source(
        self,
        user: User,
        source: str,
        *,
        info_hash: str,
        title: str,
        size: int = 0,
        reply_to: ChatTarget | None = None,
    ) -> Added:
        """A release found elsewhere (a user's feed): a magnet or .torrent URL whose info hash is
        known. Quotas apply as for /get; the request is written together with its release."""
        await self._check_quota(user, incoming_bytes=size)
        request = await self._requests.create(
            user_id=user.id,
            query=title,
            kind=RequestKind.SOURCE,
            episode=None,
            reply_to=reply_to,
            info_hash=info_hash,
            source=source,
            release_title=title,
        )
        return await self._fulfil(user, request)

    async def resume_unfinished(self) -> int:
        """Finish requests a crash or restart left SEARCHING; returns how many were picked up.

        A request with its release chosen is added by that release's info hash, which the torrent
        client and the download rows treat as the same torrent, so one added before the crash is
        not added twice; one without is chosen by its kind first (`_choose`)."""
        picked_up = 0
        for request in await self._requests.unfinished():
            user = await self._users.get(request.user_id)
            if user is None or user.banned:
                await self._requests.mark_failed(request.id, "owner no longer allowed")
                continue
            try:
                await self._fulfil(user, request)
                picked_up += 1
            except DomainError as exc:
                logger.warning("could not finish request %d after restart: %s", request.id, exc)
        return picked_up

    async def statuses(self, user: User, *, everyone: bool = False) -> list[DownloadStatus]:
        """The caller's downloads with live progress; every download for an admin who asks."""
        owner_id = None if everyone and user.is_admin else user.id
        rows = await self._downloads.for_owner(owner_id)
        live = {t.info_hash: t for t in await self._torrents.torrents(owner_id)}
        result = []
        for row in rows:
            torrent = live.get(row.info_hash)
            if torrent and torrent.state is DownloadState.COMPLETED and row.completed_at is None:
                row = await self._downloads.set_state(
                    row.id,
                    DownloadState.COMPLETED,
                    completed_at=torrent.completed_on or self._clock(),
                )
            result.append(DownloadStatus(download=row, torrent=torrent))
        return result

    async def owned(self, user: User, download_id: int) -> Download:
        """One of the user's downloads (any, for an admin), without asking qBittorrent."""
        return await self._owned(user, download_id)

    async def status(self, user: User, download_id: int) -> DownloadStatus:
        download = await self._owned(user, download_id)
        return DownloadStatus(download, await self._torrents.torrent(download.info_hash))

    async def pause(self, user: User, download_id: int) -> Download:
        download = await self._owned(user, download_id)
        await self._torrents.pause([download.info_hash])
        return download

    async def resume(self, user: User, download_id: int) -> Download:
        download = await self._owned(user, download_id)
        await self._torrents.resume([download.info_hash])
        return download

    async def delete(self, user: User, download_id: int, *, delete_files: bool) -> Download:
        """Remove a download; the torrent and its files stay while another owner still uses them."""
        download = await self._owned(user, download_id)
        await self.remove(download, delete_files=delete_files)
        logger.info("user %d deleted download %d (files: %s)", user.id, download.id, delete_files)
        return download

    async def remove(self, download: Download, *, delete_files: bool = True) -> None:
        """Remove one owner's copy, checking no ownership (retention calls this): the torrent and
        its files go only with the last owner's copy."""
        shared = [
            d for d in await self._downloads.by_hash(download.info_hash) if d.id != download.id
        ]
        if shared:
            await self._torrents.remove_owner(download.info_hash, download.owner_id)
        else:
            await self._torrents.delete([download.info_hash], delete_files=delete_files)
        await self._downloads.delete(download.id)

    async def _check_quota(self, user: User, *, incoming_bytes: int = 0) -> None:
        if self._disk is not None:  # the box's room first: no share helps when the disk is full
            await self._disk.check(incoming_bytes)
        if self._quotas is not None:
            await self._quotas.check(user, incoming_bytes=incoming_bytes)

    async def _refuse_what_they_have(self, user: User, candidate: Candidate) -> None:
        for download in await self._downloads.for_owner(user.id):
            have = parse(download.name)
            if download.info_hash == candidate.release.info_hash or is_same_episode(
                have, candidate.parsed
            ):
                upgrade = is_upgrade(have, candidate.parsed)
                raise AlreadyHave(download.id, download.name, upgrade=upgrade)

    async def _owned(self, user: User, download_id: int) -> Download:
        download = await self._downloads.get(download_id)
        # Someone else's download looks exactly like a missing one: ids reveal nothing.
        if download is None or (download.owner_id != user.id and not user.is_admin):
            raise DownloadNotFound(f"download {download_id}")
        return download

    async def _fulfil(
        self, user: User, request: DownloadRequest, *, exclude: frozenset[str] = frozenset()
    ) -> Added:
        candidate = None
        try:
            if request.info_hash is None:
                request, candidate = await self._choose(user, request, exclude)
            added = await self._add_chosen(user, request)
        except DomainError as exc:
            await self._requests.mark_failed(request.id, str(exc))
            raise
        return Added(added.download, added.request, candidate)

    async def _choose(
        self, user: User, request: DownloadRequest, exclude: frozenset[str] = frozenset()
    ) -> tuple[DownloadRequest, Candidate | None]:
        """Record which release the request gets, before anything is added, as its kind says."""
        if request.kind.release_known:
            # Written with its release since kinds exist; only a request written before then (a
            # feed's item or a picked batch, cut short before its choice) can lack it.
            raise NoRelease(request.query, request.episode, ("its release was never recorded",))
        if request.kind is RequestKind.MAGNET:
            magnet = parse_magnet(request.query)
            chosen = await self._requests.choose(
                request.id,
                info_hash=magnet.info_hash,
                source=magnet.uri,
                release_title=magnet.name or magnet.info_hash,
            )
            return chosen, None
        if request.episode is None:  # an EPISODE is written with its episode
            raise NoRelease(request.query, None, ("the request names no episode",))
        result = await self._search.search(
            request.query, user.preferences, episode=request.episode, exclude=exclude
        )
        candidate = result.ranking.best
        if candidate is None:
            reasons = tuple(r.reason for r in result.ranking.rejected)
            raise NoRelease(request.query, request.episode, reasons)
        if not request.again:
            await self._refuse_what_they_have(user, candidate)
        release = candidate.release
        await self._check_quota(user, incoming_bytes=release.size)
        chosen = await self._requests.choose(
            request.id,
            info_hash=release.info_hash,
            source=release.torrent_url,
            release_title=release.title,
        )
        return chosen, candidate

    async def _add_chosen(self, user: User, request: DownloadRequest) -> Added:
        assert request.info_hash is not None and request.source is not None
        # The client adds by info hash, so a retry after a crash never adds a second copy.
        await self._torrents.add(request.source, info_hash=request.info_hash, owner_id=user.id)
        node = DEFAULT_NODE if self._nodes is None else await self._nodes.node_of(request.info_hash)
        download = await self._downloads.add(
            info_hash=request.info_hash,
            owner_id=user.id,
            name=request.release_title or request.info_hash,
            request_id=request.id,
            node=node,
        )
        request = await self._requests.mark_added(request.id)
        logger.info("user %d added %s (request %d)", user.id, request.info_hash, request.id)
        return Added(download, request)
