"""File delivery: signed links to a download's files, and what a link opens when it is used.

A link is checked twice: its signature and expiry (domain.links.tokens), then, on every request,
the database: the download must still exist and belong to the user it was issued to, and that
user must not be banned. Deleting a download therefore revokes its links.

`links_for` is what a completion notification calls to put links in its message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from domain.errors import DownloadNotFound, InvalidInput, LinkRefused, NotFound
from domain.links.paths import map_save_path, relative_parts
from domain.links.tokens import LinkClaims, LinkKind, LinkSigner
from domain.models import DEFAULT_NODE, Download, TorrentFile, User
from domain.ports import DownloadRepository, TorrentClient, TorrentNodes, UserRepository

logger = logging.getLogger(__name__)

LINK_PATH = "/dl"  # the web route every link lives under
DEFAULT_PATH_TTL = 300  # seconds qBittorrent's default save path is trusted before asking again


@dataclass(frozen=True, slots=True)
class FileLink:
    index: int
    name: str  # as the torrent names it, "Show/Show - 01.mkv"
    size: int
    url: str


@dataclass(frozen=True, slots=True)
class DownloadLinks:
    """What `/files` and the completion notification hand out."""

    download: Download
    files: tuple[FileLink, ...]
    expires_at: datetime
    listing_url: str | None = None  # a page of the files, for a batch of several
    zip_url: str | None = None  # the whole folder as one zip, for a batch of several

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True, slots=True)
class FileSite:
    """Where one qBittorrent node's files are read (as the process serving them sees them)
    and where users reach that file server; links to its files are built on `public_url`."""

    download_dir: str
    public_url: str


@dataclass(frozen=True, slots=True)
class ServedFile:
    index: int
    name: str
    size: int
    parts: tuple[str, ...]  # the path below `root`, every component checked
    root: str  # the download folder of the node holding it, as this process sees it


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """What a genuine, current, unrevoked link opens."""

    claims: LinkClaims
    download: Download
    files: tuple[ServedFile, ...]  # the one file for a file link
    folder_name: str
    site: FileSite  # the node's file server that serves them


class FileService:
    def __init__(
        self,
        *,
        users: UserRepository,
        downloads: DownloadRepository,
        torrents: TorrentClient,
        signer: LinkSigner,
        sites: Mapping[str, FileSite],
        nodes: TorrentNodes | None = None,
    ) -> None:
        """`sites`: where each node's files are, by node name; `nodes` says which node holds a
        torrent (None: the one node, DEFAULT_NODE)."""
        self._users = users
        self._downloads = downloads
        self._torrents = torrents
        self._signer = signer
        self._nodes = nodes
        self._sites = {
            name: FileSite(site.download_dir, site.public_url.rstrip("/"))
            for name, site in sites.items()
        }
        self._default_paths: dict[str, tuple[str, int]] = {}

    @property
    def ttl(self) -> int:
        return self._signer.ttl

    async def links(self, user: User, download_id: int) -> DownloadLinks:
        """Links to one of the caller's downloads (any download, for an admin)."""
        download = await self._downloads.get(download_id)
        # Someone else's download looks exactly like a missing one: ids reveal nothing.
        if download is None or (download.owner_id != user.id and not user.is_admin):
            raise DownloadNotFound(f"download {download_id}")
        return await self._issue(download, user.id)

    async def deliverable(
        self, user: User, download_id: int
    ) -> tuple[DownloadLinks, tuple[ServedFile, ...]]:
        """Links to one of the caller's downloads, as `links`, and where each finished file lies
        (below its node's download folder), for a front-end that sends small files itself."""
        links = await self.links(user, download_id)
        files, _, _ = await self._finished(links.download)
        return links, files

    async def notice_link(self, download: Download) -> str | None:
        """The one link a completion notice carries: the file itself, or a batch's page."""
        links = await self.links_for(download)
        if len(links.files) == 1:
            return links.files[0].url
        return links.listing_url

    async def links_for(self, download: Download) -> DownloadLinks:
        """Links issued to the download's owner, for a notification."""
        return await self._issue(download, download.owner_id)

    async def resolve(self, token: str) -> ResolvedLink:
        """The files a link opens. LinkRefused/LinkExpired for a link that no longer holds,
        NotFound when its files are gone, TorrentClientError when qBittorrent cannot say."""
        claims = self._signer.verify(token)
        user = await self._users.get(claims.user_id)
        if user is None or user.banned:
            raise LinkRefused(f"link of user {claims.user_id}, who is gone or banned")
        download = await self._downloads.get(claims.download_id)
        if download is None or (download.owner_id != user.id and not user.is_admin):
            raise LinkRefused(f"link to download {claims.download_id}, deleted or not theirs")
        files, folder, site = await self._finished(download)
        if claims.kind is LinkKind.FILE:
            files = tuple(f for f in files if f.index == claims.file_index)
            if not files:
                raise NotFound(f"download {download.id} has no finished file {claims.file_index}")
        return ResolvedLink(
            claims=claims, download=download, files=files, folder_name=folder, site=site
        )

    def links_within(self, resolved: ResolvedLink) -> DownloadLinks:
        """Links to each file of a resolved listing and to its zip, ending when it ends."""
        claims, download, site = resolved.claims, resolved.download, resolved.site
        files = tuple(
            self._link(site, LinkKind.FILE, download.id, claims.user_id, f, expires=claims.expires)
            for f in resolved.files
        )
        archive = self._signer.issue(
            LinkKind.ZIP, download_id=download.id, user_id=claims.user_id, expires=claims.expires
        )
        return DownloadLinks(
            download,
            files,
            datetime.fromtimestamp(claims.expires, tz=UTC),
            zip_url=_url(site, archive, f"{resolved.folder_name}.zip"),
        )

    async def _issue(self, download: Download, user_id: int) -> DownloadLinks:
        files, folder, site = await self._finished(download)
        if not files:
            raise InvalidInput(f"download {download.id} has no finished files yet")
        links = tuple(self._link(site, LinkKind.FILE, download.id, user_id, f) for f in files)
        expires_at = datetime.fromtimestamp(self._signer.now() + self._signer.ttl, tz=UTC)
        if len(files) == 1:
            return DownloadLinks(download, links, expires_at)
        listing = self._signer.issue(LinkKind.LISTING, download_id=download.id, user_id=user_id)
        archive = self._signer.issue(LinkKind.ZIP, download_id=download.id, user_id=user_id)
        return DownloadLinks(
            download,
            links,
            expires_at,
            listing_url=_url(site, listing, folder),
            zip_url=_url(site, archive, f"{folder}.zip"),
        )

    def _link(
        self,
        site: FileSite,
        kind: LinkKind,
        download_id: int,
        user_id: int,
        file: ServedFile,
        *,
        expires: int | None = None,
    ) -> FileLink:
        token = self._signer.issue(
            kind, download_id=download_id, user_id=user_id, file_index=file.index, expires=expires
        )
        return FileLink(file.index, file.name, file.size, _url(site, token, file.parts[-1]))

    async def _finished(self, download: Download) -> tuple[tuple[ServedFile, ...], str, FileSite]:
        """The download's finished files, located below the download folder of the node that
        holds it, its folder's name, and that node's file server."""
        torrent = await self._torrents.torrent(download.info_hash)
        if torrent is None:
            raise DownloadNotFound(f"download {download.id} is no longer in the torrent client")
        node = DEFAULT_NODE
        if self._nodes is not None:
            try:
                node = await self._nodes.node_of(download.info_hash)
            except NotFound as exc:
                raise DownloadNotFound(f"download {download.id} is on no node") from exc
        site = self._sites.get(node)
        if site is None:
            raise DownloadNotFound(f"download {download.id} is on node {node}, not configured")
        default = await self._default_save_path(node)
        below = map_save_path(torrent.save_path, default, site.download_dir)
        listed = await self._torrents.files(download.info_hash)
        files = tuple(
            ServedFile(f.index, f.name, f.size, below + _parts(f, download.id), site.download_dir)
            for f in listed
            if f.progress >= 1.0
        )
        return files, _folder_name(listed, download.name), site

    async def _default_save_path(self, node: str) -> str:
        now = self._signer.now()
        known = self._default_paths.get(node)
        if known is None or now - known[1] > DEFAULT_PATH_TTL:
            if self._nodes is None:
                path = await self._torrents.default_save_path()
            else:
                path = await self._nodes.default_save_path_of(node)
            known = self._default_paths[node] = (path, now)
        return known[0]


def _url(site: FileSite, token: str, name: str) -> str:
    # The name after the token is for the browser's and player's eyes only; it is not read.
    return f"{site.public_url}{LINK_PATH}/{token}/{quote(name, safe='')}"


def _parts(file: TorrentFile, download_id: int) -> tuple[str, ...]:
    try:
        return relative_parts(file.name)
    except InvalidInput as exc:
        # libtorrent sanitises names, so this is a hostile torrent or a bug: never serve it.
        raise NotFound(f"download {download_id} file {file.index} has an unsafe name") from exc


def _folder_name(files: list[TorrentFile], fallback: str) -> str:
    tops = {f.name.split("/", 1)[0] for f in files if "/" in f.name}
    if len(tops) == 1 and all("/" in f.name for f in files):
        return tops.pop()
    return fallback or "download"
