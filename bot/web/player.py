"""The player: a page for a video link opened in a browser, its HLS playlists, segments and
subtitles, and the page's own static assets.

Every stream URL carries the link's own token (`/stream/<token>/...`): it names one file of one
download for one user and ends when the link ends, and is checked exactly as a link is (the
signature, the expiry, then the database) on every request, so the stream opens nothing the
link itself would not. The rest of the URL is matched against a fixed shape, and only small
numbers are read from it (which audio track, which segment, which subtitle track, which
attached font), each checked against the file's own plan: no path and no ffmpeg option ever
comes from a request.

Two small POSTs under the same token carry what the page tells the box: `position` (where the
viewer is, a JSON object of at most MAX_REPORT_BYTES, checked by `domain.streaming.positions`)
and `watched` (mark the file's episode watched on the viewer's AniList, through the same
`WatchlistService.set_progress` as the notice's "✓ Watched"; asking twice changes nothing).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from functools import partial
from pathlib import Path

from aiohttp import web

from bot.streaming.streamer import MediaFile, Streamer
from bot.web.answers import (
    COMMON_HEADERS,
    REFUSED_BODY,
    client_gone,
    closed,
    plain,
    resolved_or_refusal,
    sendfile,
)
from bot.web.browser import wants_player
from bot.web.headers import content_type
from bot.web.player_page import (
    CONTENT_SECURITY_POLICY,
    Choice,
    render_player,
    render_unplayable,
)
from bot.web.safe_open import Refused, open_inside
from domain.errors import (
    ExternalServiceError,
    InvalidInput,
    NoSuchPart,
    NotAllowed,
    NotFound,
    RelinkNeeded,
    StreamBusy,
    StreamError,
)
from domain.links.tokens import LinkKind
from domain.services.files import FileService, ResolvedLink, ServedFile
from domain.services.playback import PlaybackService, PlayerState
from domain.streaming.decisions import Renderer
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
    # JASSUB: libass in WebAssembly, for ASS/SSA subtitles with the file's fonts.
    "jassub.umd.js": "text/javascript; charset=utf-8",
    "jassub-worker.js": "text/javascript; charset=utf-8",
    "jassub-worker.wasm": "application/wasm",
    "default.woff2": "font/woff2",
}
_STREAM = re.compile(
    r"/stream/(?P<token>[A-Za-z0-9._-]{1,160})/"
    r"(?:a(?P<playlist>[0-9]{1,2})\.m3u8|a(?P<audio>[0-9]{1,2})/(?P<segment>[0-9]{1,5})\.ts"
    r"|s(?P<subtitle>[0-9]{1,2})\.vtt|s(?P<ass>[0-9]{1,2})\.ass|f(?P<font>[0-9]{1,2})"
    r"|(?P<action>position|watched))"
)
REPORT_TIMEOUT = 10.0  # seconds a report's body may take to arrive
MAX_REPORT_BYTES = 256  # {"position": 1234.5, "duration": 1440.0} with room to spare
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
    def __init__(
        self,
        files: FileService,
        streamer: Streamer,
        *,
        playback: PlaybackService | None = None,
    ) -> None:
        self._files = files
        self._streamer = streamer
        self._playback = playback  # positions and "Mark watched"; None: the page has neither
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
            Choice(
                s.label,
                f"{base}s{j}.vtt",
                s.stream.language,
                ass=f"{base}s{j}.ass" if s.renderer is Renderer.LIBASS else "",
            )
            for j, s in enumerate(decision.subtitles)
        ]
        fonts = [f"{base}f{k}" for k in range(len(decision.fonts))]
        state = PlayerState(None, None)
        if self._playback is not None:
            try:
                state = await self._playback.state(resolved)
            except Exception:
                # The video plays without "Resume" rather than not at all.
                logger.exception(
                    "download %d: reading the playback state failed", resolved.download.id
                )
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
            fonts=fonts,
            notes=notes,
            position_url=f"{base}position" if self._playback is not None else None,
            resume_at=state.resume_at,
            watched=(state.watch.episode, f"{base}watched") if state.watch else None,
        )
        return _page(text)

    async def asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = self._assets.get(name)
        if body is None or request.method not in ("GET", "HEAD"):
            return plain(404, "Not found.\n")
        headers = {
            **COMMON_HEADERS,
            "Cache-Control": "public, max-age=3600",
            "Content-Type": _STATIC_TYPES[name],
        }
        return web.Response(body=body, headers=headers)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except ConnectionError:
            if client_gone(request):
                logger.debug("the client went away during a stream answer")
                return closed(request)
            logger.exception("serving a stream failed")
            return plain(500, "Something went wrong on the server.\n")
        except Exception:
            logger.exception("serving a stream failed")
            return plain(500, "Something went wrong on the server.\n")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        match = _STREAM.fullmatch(request.raw_path.split("?", 1)[0])
        if match is None:
            return plain(400, "Bad stream address.\n")
        if match["action"] is not None:
            if request.method != "POST":
                return plain(405, "Only POST.\n", Allow="POST")
        elif request.method not in ("GET", "HEAD"):
            return plain(405, "Only GET and HEAD.\n", Allow="GET, HEAD")
        resolved = await resolved_or_refusal(self._files, match["token"], "a stream request")
        if isinstance(resolved, web.Response):
            return resolved
        if resolved.claims.kind is not LinkKind.FILE:
            return plain(403, REFUSED_BODY)
        if match["action"] is not None:
            return await self._act(request, resolved, match["action"])
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
            if match["ass"] is not None:
                fd = await self._streamer.ass(media, plan, int(match["ass"]))
                return await _send_fd(request, fd, "text/plain; charset=utf-8")
            if match["font"] is not None:
                fd = await self._streamer.font(media, plan, int(match["font"]))
                return await _send_fd(request, fd, "application/octet-stream")
            fd = await self._streamer.subtitle(media, plan, int(match["subtitle"]))
            return await _send_fd(request, fd, "text/vtt; charset=utf-8")
        except Refused as exc:
            logger.warning("refused to stream a file of download %d: %s", download_id, exc)
            return plain(403, "That file cannot be served.\n")
        except FileNotFoundError:
            logger.info("a file of download %d is gone from disk", download_id)
            return plain(404, "That file is no longer here.\n")
        except NoSuchPart as exc:
            # Only a hand-made address asks for these: the page lists what the file has.
            logger.info("download %d file %d: %s", download_id, file.index, exc)
            return plain(404, "This video has no such part.\n")
        except StreamBusy as exc:
            logger.info("stream of download %d waits for a slot: %s", download_id, exc)
            return plain(
                503, "The box is busy; try again soon.\n", **{"Retry-After": BUSY_RETRY_AFTER}
            )
        except StreamError as exc:
            logger.info("download %d file %d cannot stream: %s", download_id, file.index, exc)
            return plain(422, "This cannot be played in the browser.\n")

    async def _act(self, request: web.Request, resolved: ResolvedLink, action: str) -> web.Response:
        playback = self._playback
        if playback is None:
            return plain(404, "This box keeps no playback positions.\n")
        if action == "position":
            return await self._position(request, resolved, playback)
        return await self._watched(resolved, playback)

    async def _position(
        self, request: web.Request, resolved: ResolvedLink, playback: PlaybackService
    ) -> web.Response:
        """The page's report of where it is: a small JSON object, checked before it is kept."""
        if request.content_type != "application/json":
            return plain(415, "Send the position as application/json.\n")
        length = request.content_length
        if length is not None and length > MAX_REPORT_BYTES:
            return plain(413, f"A position report is at most {MAX_REPORT_BYTES} bytes.\n")
        try:
            body = await _read_bounded(request, MAX_REPORT_BYTES + 1)
        except TimeoutError:
            return plain(408, "The position report took too long to arrive.\n")
        if len(body) > MAX_REPORT_BYTES:
            return plain(413, f"A position report is at most {MAX_REPORT_BYTES} bytes.\n")
        try:
            report = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            return plain(400, "The position report is not JSON.\n")
        if not isinstance(report, dict):
            return plain(400, 'Send {"position": seconds, "duration": seconds}.\n')
        try:
            await playback.record(resolved, report.get("position"), report.get("duration"))
        except InvalidInput as exc:
            return plain(422, f"{exc}.\n")
        return web.Response(status=204, headers=COMMON_HEADERS)

    async def _watched(self, resolved: ResolvedLink, playback: PlaybackService) -> web.Response:
        """The file's episode as the user's AniList progress; asking again changes nothing."""
        download_id = resolved.download.id
        try:
            offer, progress = await playback.mark_watched(resolved)
        except RelinkNeeded as exc:
            logger.info("download %d: marking watched needs a new link: %s", download_id, exc)
            return plain(409, "Your AniList sign-in has expired; send /link to the bot.\n")
        except NotAllowed as exc:
            logger.info("download %d: refused to mark watched: %s", download_id, exc)
            return plain(403, "This episode cannot be marked watched from here.\n")
        except NotFound as exc:
            logger.info("download %d: nothing to mark watched: %s", download_id, exc)
            return plain(404, "That show is not on your AniList watching list.\n")
        except InvalidInput as exc:
            return plain(422, f"{exc}.\n")
        except ExternalServiceError as exc:
            logger.warning("download %d: AniList did not take the progress: %s", download_id, exc)
            return plain(503, "AniList is not answering; try again soon.\n")
        answer = {
            "episode": offer.episode,
            "progress": progress.entry.progress,
            "changed": progress.changed,
        }
        return web.json_response(answer, headers=COMMON_HEADERS)

    def _playlist(self, request: web.Request, plan: StreamPlan, audio: int) -> web.Response:
        if audio >= max(1, len(plan.decision.audio)):
            return plain(404, "No such audio track.\n")
        text = playlist(plan.segments, lambda s: f"a{audio}/{s.index}.ts")
        return web.Response(
            text=text,
            content_type="application/vnd.apple.mpegurl",
            headers={**COMMON_HEADERS},
        )

    async def _media(self, download_id: int, file: ServedFile) -> MediaFile:
        fd, info = await asyncio.to_thread(open_inside, Path(file.root), file.parts)
        os.close(fd)
        key = ":".join(
            map(
                str,
                (download_id, file.index, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns),
            )
        )
        return MediaFile(key=key, open=partial(_open_descriptor, Path(file.root), file.parts))


async def _read_bounded(request: web.Request, limit: int) -> bytes:
    """At most `limit` bytes of the body, within REPORT_TIMEOUT seconds."""
    body = b""
    async with asyncio.timeout(REPORT_TIMEOUT):
        while len(body) < limit:
            chunk = await request.content.read(limit - len(body))
            if not chunk:
                break
            body += chunk
    return body


def _open_descriptor(base: Path, parts: tuple[str, ...]) -> int:
    return open_inside(base, parts)[0]


def _page(text: str, *, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=text,
        content_type="text/html",
        headers={**COMMON_HEADERS, "Content-Security-Policy": CONTENT_SECURITY_POLICY},
    )


async def _send_fd(request: web.Request, fd: int, kind: str) -> web.StreamResponse:
    try:
        size = os.fstat(fd).st_size
        response = web.StreamResponse(headers={**COMMON_HEADERS, "Content-Type": kind})
        response.content_length = size
        await response.prepare(request)
        if request.method == "HEAD" or size == 0:
            await response.write_eof()
            return response
        await sendfile(request, response, fd, 0, size)
        return response
    finally:
        os.close(fd)
