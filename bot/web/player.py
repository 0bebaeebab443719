"""The player: a page for a video link opened in a browser, its HLS playlists, segments and
subtitles, and the page's own static assets.

Every stream URL carries the link's own token (`/stream/<token>/...`): it names one file of one
download for one user and ends when the link ends, and is checked exactly as a link is (the
signature, the expiry, then the database) on every request, so the stream opens nothing the
link itself would not. The rest of the URL is matched against a fixed shape, and only small
numbers are read from it (which audio track, which segment, which subtitle track), each checked
against the file's own plan: no path and no ffmpeg option ever comes from a request.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from functools import partial
from pathlib import Path

from aiohttp import web

from bot.streaming.streamer import MediaFile, Streamer
from bot.web.browser import wants_player
from bot.web.files import _COMMON, REFUSED_BODY, _client_gone, _closed, _plain, _sendfile
from bot.web.headers import content_type
from bot.web.player_page import (
    CONTENT_SECURITY_POLICY,
    Choice,
    render_player,
    render_unplayable,
)
from bot.web.safe_open import Refused, open_inside
from domain.errors import (
    LinkExpired,
    LinkRefused,
    NotFound,
    StreamBusy,
    StreamError,
    TorrentClientError,
)
from domain.links.tokens import LinkKind
from domain.services.files import FileService, ResolvedLink, ServedFile
from domain.streaming.planning import StreamPlan
from domain.streaming.segments import playlist

logger = logging.getLogger(__name__)

STREAM_PATH = "/stream"
STATIC_PATH = "/static"
STATIC_DIR = Path(__file__).with_name("static")
_STATIC_TYPES = {
    "player.js": "text/javascript; charset=utf-8",
    "player.css": "text/css; charset=utf-8",
    "hls.light.min.js": "text/javascript; charset=utf-8",
}
_STREAM = re.compile(
    r"/stream/(?P<token>[A-Za-z0-9._-]{1,160})/"
    r"(?:a(?P<playlist>[0-9]{1,2})\.m3u8|a(?P<audio>[0-9]{1,2})/(?P<segment>[0-9]{1,5})\.ts"
    r"|s(?P<subtitle>[0-9]{1,2})\.vtt)"
)
BUSY_RETRY_AFTER = "30"

# The page's wording for a file the browser cannot be given.
UNPLAYABLE_TEXT = (
    "This video cannot be played in the browser (the file is damaged or in a shape the box "
    "cannot convert). Use Download to watch it in a player app such as VLC."
)
BUSY_TEXT = (
    "The box is busy converting another video for someone right now, so this one may not "
    "start. Try again in a few minutes, or use Download."
)


class PlayerServer:
    def __init__(self, files: FileService, download_dir: Path, streamer: Streamer) -> None:
        self._files = files
        self._base = download_dir
        self._streamer = streamer
        self._assets: dict[str, bytes] = {}

    def register(self, app: web.Application) -> None:
        # Read once here, at startup, not at import; a missing asset fails the start loudly.
        self._assets = {name: (STATIC_DIR / name).read_bytes() for name in _STATIC_TYPES}
        app.router.add_route("*", STREAM_PATH + r"/{tail:[\s\S]*}", self.handle)
        app.router.add_route("*", STATIC_PATH + "/{name}", self.asset)

    def wants(self, request: web.Request, file: ServedFile) -> bool:
        """Whether this request for a file link gets the page instead of the file."""
        if not content_type(file.name).startswith("video/"):
            return False
        return wants_player(request.method, request.headers, request.query)

    async def page(self, request: web.Request, resolved: ResolvedLink, token: str) -> web.Response:
        file = resolved.files[0]
        # From /dl/<token>/<name> (or /dl/<token>) back to the server's root.
        tail = request.raw_path.split("?", 1)[0].split("/")
        root = "../../" if len(tail) > 3 else "../"
        download_url = "?download=1"
        title = file.parts[-1]
        try:
            media = await self._media(resolved.download.id, file)
            plan = await self._streamer.plan(media)
        except StreamError as exc:
            logger.info(
                "download %d file %d cannot stream: %s", resolved.download.id, file.index, exc
            )
            text = render_unplayable(
                title=title,
                root=root,
                download_url=download_url,
                size=file.size,
                message=BUSY_TEXT if isinstance(exc, StreamBusy) else UNPLAYABLE_TEXT,
            )
            return _page(text, status=503 if isinstance(exc, StreamBusy) else 422)
        base = f"{root}stream/{token}/"
        decision = plan.decision
        audio = [Choice(a.label, f"{base}a{k}.m3u8") for k, a in enumerate(decision.audio)]
        subtitles = [
            Choice(s.label, f"{base}s{j}.vtt", s.stream.language)
            for j, s in enumerate(decision.subtitles)
        ]
        notes = []
        if decision.transcodes:
            notes.append("This video is converted for your phone as it plays.")
            if self._streamer.transcodes_busy:
                notes.append(BUSY_TEXT)
        text = render_player(
            title=title,
            root=root,
            download_url=download_url,
            size=file.size,
            audio=audio or [Choice("", f"{base}a0.m3u8")],
            subtitles=subtitles,
            notes=notes,
        )
        return _page(text)

    async def asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = self._assets.get(name)
        if body is None or request.method not in ("GET", "HEAD"):
            return _plain(404, "Not found.\n")
        headers = {**_COMMON, "Cache-Control": "public, max-age=3600"}
        return web.Response(
            body=body,
            content_type=_STATIC_TYPES[name].split(";")[0],
            charset="utf-8",
            headers=headers,
        )

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except ConnectionError:
            if _client_gone(request):
                logger.debug("the client went away during a stream answer")
                return _closed(request)
            logger.exception("serving a stream failed")
            return _plain(500, "Something went wrong on the server.\n")
        except Exception:
            logger.exception("serving a stream failed")
            return _plain(500, "Something went wrong on the server.\n")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return _plain(405, "Only GET and HEAD.\n", Allow="GET, HEAD")
        match = _STREAM.fullmatch(request.raw_path.split("?", 1)[0])
        if match is None:
            return _plain(400, "Bad stream address.\n")
        try:
            resolved = await self._files.resolve(match["token"])
        except LinkExpired:
            return _plain(410, REFUSED_BODY)
        except LinkRefused as exc:
            logger.info("refused a stream request: %s", exc)
            return _plain(403, REFUSED_BODY)
        except NotFound as exc:
            logger.info("stream of a missing file: %s", exc)
            return _plain(404, "That file is no longer here.\n")
        except TorrentClientError as exc:
            logger.warning("could not resolve a stream request: %s", exc)
            return _plain(503, "The torrent client is not answering; try again soon.\n")
        if resolved.claims.kind is not LinkKind.FILE:
            return _plain(403, REFUSED_BODY)
        file, download_id = resolved.files[0], resolved.download.id
        try:
            media = await self._media(download_id, file)
            plan = await self._streamer.plan(media)
            if match["playlist"] is not None:
                return self._playlist(request, plan, int(match["playlist"]))
            if match["segment"] is not None:
                audio, index = int(match["audio"]), int(match["segment"])
                fd = await self._streamer.segment(media, plan, audio, index)
                return await _send_fd(request, fd, "video/mp2t")
            fd = await self._streamer.subtitle(media, plan, int(match["subtitle"]))
            return await _send_fd(request, fd, "text/vtt; charset=utf-8")
        except Refused as exc:
            logger.warning("refused to stream a file of download %d: %s", download_id, exc)
            return _plain(403, "That file cannot be served.\n")
        except FileNotFoundError:
            logger.info("a file of download %d is gone from disk", download_id)
            return _plain(404, "That file is no longer here.\n")
        except StreamBusy as exc:
            logger.info("stream of download %d waits for a slot: %s", download_id, exc)
            return _plain(
                503, "The box is busy; try again soon.\n", **{"Retry-After": BUSY_RETRY_AFTER}
            )
        except StreamError as exc:
            logger.info("download %d file %d cannot stream: %s", download_id, file.index, exc)
            return _plain(422, "This cannot be played in the browser.\n")

    def _playlist(self, request: web.Request, plan: StreamPlan, audio: int) -> web.Response:
        if audio >= max(1, len(plan.decision.audio)):
            return _plain(404, "No such audio track.\n")
        text = playlist(plan.segments, lambda s: f"a{audio}/{s.index}.ts")
        return web.Response(
            text=text,
            content_type="application/vnd.apple.mpegurl",
            headers={**_COMMON},
        )

    async def _media(self, download_id: int, file: ServedFile) -> MediaFile:
        fd, info = await asyncio.to_thread(open_inside, self._base, file.parts)
        os.close(fd)
        key = ":".join(
            map(
                str,
                (download_id, file.index, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns),
            )
        )
        return MediaFile(key=key, open=partial(_open_descriptor, self._base, file.parts))


def _open_descriptor(base: Path, parts: tuple[str, ...]) -> int:
    return open_inside(base, parts)[0]


def _page(text: str, *, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=text,
        content_type="text/html",
        headers={**_COMMON, "Content-Security-Policy": CONTENT_SECURITY_POLICY},
    )


async def _send_fd(request: web.Request, fd: int, kind: str) -> web.StreamResponse:
    try:
        size = os.fstat(fd).st_size
        response = web.StreamResponse(headers={**_COMMON, "Content-Type": kind})
        response.content_length = size
        await response.prepare(request)
        if request.method == "HEAD" or size == 0:
            await response.write_eof()
            return response
        await _sendfile(request, response, fd, 0, size)
        return response
    finally:
        os.close(fd)
