"""Serving download links: one file (ranges, If-Range), a batch's listing page, or its zip.

Every request is checked by `FileService.resolve` (signature, expiry, then the database) before
anything on disk is touched, and files are opened by `open_inside`, never by a path taken from
the request. Link URLs carry their signature, so nothing here ever logs a URL or a token: log
lines name the download id only.
"""

from __future__ import annotations

import asyncio
import logging
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from bot.web.answers import (
    CHUNK,
    COMMON_HEADERS,
    CutShort,
    client_gone,
    closed,
    plain,
    resolved_or_refusal,
    sendfile,
)
from bot.web.headers import (
    content_disposition,
    content_type,
    entity_tag,
    http_date,
    modified_at,
)
from bot.web.listing import CONTENT_SECURITY_POLICY, render_listing
from bot.web.ranges import Unsatisfiable, if_range_holds, parse_range
from bot.web.safe_open import Refused, open_inside
from bot.web.zipstream import (
    ZipEntry,
    archive_size,
    central_directory,
    data_descriptor,
    local_header,
)
from domain.links.tokens import LinkKind
from domain.services.files import LINK_PATH, FileService, ResolvedLink, ServedFile

if TYPE_CHECKING:
    from bot.web.player import PlayerServer

logger = logging.getLogger(__name__)

_BAD_IN_PATH = ("%00", "%2f", "%5c", "\\", "\x00", "%2e")


def split_link_path(raw_path: str) -> str | None:
    """The token of `/dl/<token>[/<name>]`, or None for any other shape: encoded slashes,
    backslashes, NUL, dot segments and extra segments included. The name is never read."""
    path = raw_path.split("?", 1)[0]
    prefix = f"{LINK_PATH}/"
    if not path.startswith(prefix) or any(bad in path.lower() for bad in _BAD_IN_PATH):
        return None
    segments = path[len(prefix) :].split("/")
    if len(segments) > 2 or any(s in (".", "..") for s in segments):
        return None
    return segments[0] or None


@dataclass(frozen=True, slots=True)
class _Opened:
    fd: int
    size: int
    mtime_ns: int


class LinkServer:
    """The `/dl/...` routes, over the file service (which says in which folder each file is)."""

    def __init__(self, files: FileService, *, player: PlayerServer | None = None) -> None:
        self._files = files
        self._player = player  # when set, a browser opening a video link gets the player page

    def register(self, app: web.Application) -> None:
        # Any character, newlines too: the shape is checked on the raw path by the handler.
        app.router.add_route("*", LINK_PATH + r"/{tail:[\s\S]*}", self.handle)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except CutShort as exc:
            # A file changed or shrank under a body already begun: the server's doing, so said.
            logger.warning("cut a link's answer short: %s", exc)
            return closed(request)
        except ConnectionError as exc:
            if client_gone(request):
                # A closed tab, a player seeking, a phone losing signal: ordinary traffic.
                # Raised on, aiohttp would log it as an error.
                name = type(exc).__name__
                logger.debug("the client went away during a link's answer (%s)", name)
                return closed(request)
            # Before any byte went out, on an open connection: not the client's doing.
            logger.exception("serving a link failed")
            return plain(500, "Something went wrong on the server.\n")
        except Exception:
            # Logged here, without the request: aiohttp's own log of it is kept quiet.
            logger.exception("serving a link failed")
            return plain(500, "Something went wrong on the server.\n")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return plain(405, "Only GET and HEAD.\n", Allow="GET, HEAD")
        token = split_link_path(request.raw_path)
        if token is None:
            return plain(400, "Bad link.\n")
        resolved = await resolved_or_refusal(self._files, token, "a link")
        if isinstance(resolved, web.Response):
            return resolved
        download_id = resolved.download.id
        try:
            if resolved.claims.kind is LinkKind.FILE:
                file = resolved.files[0]
                if self._player is not None and self._player.wants(request, file):
                    return await self._player.page(request, resolved, token)
                return await self._file(request, file)
            if resolved.claims.kind is LinkKind.LISTING:
                return self._listing(resolved)
            return await self._zip(request, resolved)
        except Refused as exc:
            logger.warning("refused to serve a file of download %d: %s", download_id, exc)
            return plain(403, "That file cannot be served.\n")
        except FileNotFoundError:
            logger.info("a file of download %d is gone from disk", download_id)
            return plain(404, "That file is no longer here.\n")

    async def _open(self, file: ServedFile) -> _Opened:
        fd, info = await asyncio.to_thread(open_inside, Path(file.root), file.parts)
        return _Opened(fd, info.st_size, info.st_mtime_ns)

    async def _file(self, request: web.Request, file: ServedFile) -> web.StreamResponse:
        opened = await self._open(file)
        try:
            return await self._send(request, file, opened)
        finally:
            os.close(opened.fd)

    async def _send(
        self, request: web.Request, file: ServedFile, opened: _Opened
    ) -> web.StreamResponse:
        size, etag = opened.size, entity_tag(opened.size, opened.mtime_ns)
        modified = modified_at(opened.mtime_ns)
        headers = {
            **COMMON_HEADERS,
            "Accept-Ranges": "bytes",
            "ETag": etag,
            "Last-Modified": http_date(modified),
            "Content-Type": content_type(file.name),
            "Content-Disposition": content_disposition(file.parts[-1]),
        }
        wanted = None
        # aiohttp's FileResponse reads If-Range only as a date, so a stale ETag would still get
        # a 206 of the new file: the check is ours.
        if if_range_holds(request.headers.get("If-Range"), etag, modified):
            try:
                wanted = parse_range(request.headers.get("Range"), size)
            except Unsatisfiable:
                unsatisfiable = {"Content-Range": f"bytes */{size}"}
                return plain(416, "Range not satisfiable.\n", **unsatisfiable)
        offset, count = (wanted.start, wanted.length) if wanted else (0, size)
        response = web.StreamResponse(status=206 if wanted else 200, headers=headers)
        if wanted:
            response.headers["Content-Range"] = wanted.content_range(size)
        response.content_length = count
        await response.prepare(request)
        if request.method == "HEAD" or count == 0:
            await response.write_eof()
            return response
        await sendfile(request, response, opened.fd, offset, count)
        return response

    def _listing(self, resolved: ResolvedLink) -> web.Response:
        links = self._files.links_within(resolved)
        assert links.zip_url is not None
        page = render_listing(
            resolved.folder_name, links.files, links.zip_url, player=self._player is not None
        )
        return web.Response(
            text=page,
            content_type="text/html",
            headers={**COMMON_HEADERS, "Content-Security-Policy": CONTENT_SECURITY_POLICY},
        )

    async def _zip(self, request: web.Request, resolved: ResolvedLink) -> web.StreamResponse:
        entries = await asyncio.to_thread(self._plan, resolved.files)
        folder = resolved.folder_name
        response = web.StreamResponse(
            headers={
                **COMMON_HEADERS,
                "Content-Type": "application/zip",
                "Content-Disposition": content_disposition(f"{folder}.zip", inline=False),
            }
        )
        response.content_length = archive_size(entries)
        await response.prepare(request)
        if request.method == "HEAD":
            await response.write_eof()
            return response
        crcs = []
        for entry, file in zip(entries, resolved.files, strict=True):
            await response.write(local_header(entry))
            opened = await self._open(file)
            try:
                if opened.size != entry.size:
                    # Too late for an error page: a short body tells the client it failed.
                    raise CutShort(f"a file of download {resolved.download.id} changed")
                crc = await _stream_crc(response, opened.fd, entry.size)
            finally:
                os.close(opened.fd)
            crcs.append(crc)
            await response.write(data_descriptor(entry, crc))
        await response.write(central_directory(entries, crcs))
        await response.write_eof()
        return response

    def _plan(self, files: Sequence[ServedFile]) -> list[ZipEntry]:
        """Every file checked and measured before the first byte goes out. Blocking."""
        entries = []
        for file in files:
            fd, info = open_inside(Path(file.root), file.parts)
            os.close(fd)
            entries.append(ZipEntry(file.name, info.st_size, modified_at(info.st_mtime_ns)))
        return entries


async def _stream_crc(response: web.StreamResponse, fd: int, size: int) -> int:
    def read(offset: int, crc: int) -> tuple[bytes, int]:
        chunk = os.pread(fd, min(CHUNK, size - offset), offset)
        return chunk, zlib.crc32(chunk, crc)

    offset, crc = 0, 0
    while offset < size:
        chunk, crc = await asyncio.to_thread(read, offset, crc)
        if not chunk:
            raise CutShort("a file shrank while being zipped")
        await response.write(chunk)
        offset += len(chunk)
    return crc
