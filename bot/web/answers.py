"""What the link routes and the player's routes answer with alike: the headers every answer
carries, plain-text answers, resolving a link's token, sending a file's bytes by the kernel, and
ending an answer whose client has gone."""

from __future__ import annotations

import asyncio
import logging
import os

from aiohttp import web

from domain.errors import LinkExpired, LinkRefused, NotFound, TorrentClientError
from domain.services.files import FileService, ResolvedLink

logger = logging.getLogger(__name__)

REFUSED_BODY = "This link is not valid (expired, revoked or mistyped). Ask the bot for a new one.\n"
CHUNK = 1024 * 1024

# Sent with every answer: the URL is a credential, so no referrer, no caching by proxies, no
# sniffing a video into HTML.
COMMON_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-transform",
}


def plain(status: int, text: str, **headers: str) -> web.Response:
    return web.Response(status=status, text=text, headers={**COMMON_HEADERS, **headers})


class CutShort(ConnectionResetError):
    """An answer ended early on purpose: its length is sent already and cannot be met."""


def client_gone(request: web.Request) -> bool:
    """Whether a ConnectionError is the client's: its connection is closing, or the answer had
    begun (a socket error mid-body is the peer's; so is a write after it left)."""
    transport = request.transport
    return transport is None or transport.is_closing() or request.writer.output_size > 0


def closed(request: web.Request) -> web.Response:
    """What the handler returns once its connection cannot carry another byte: the connection
    is closed, so aiohttp's attempt to send this fails quietly (it logs that at DEBUG) and no
    second answer ever follows a body already begun."""
    transport = request.transport
    if transport is not None:
        transport.close()
    return web.Response(status=500)


async def sendfile(
    request: web.Request, response: web.StreamResponse, fd: int, offset: int, count: int
) -> None:
    """The kernel copies the file to the socket (as aiohttp's FileResponse does)."""
    transport = request.transport
    if transport is None or transport.is_closing():
        # loop.sendfile would raise RuntimeError for a closing transport.
        raise ConnectionResetError("connection lost")
    loop = asyncio.get_running_loop()
    # Wrapping an open descriptor does no I/O.
    with open(fd, "rb", buffering=0, closefd=False) as file:  # noqa: ASYNC230
        try:
            await loop.sendfile(transport, file, offset, count)
        except NotImplementedError:  # TLS transports and platforms without sendfile
            while count > 0:
                chunk = await asyncio.to_thread(os.pread, fd, min(CHUNK, count), offset)
                if not chunk:
                    raise CutShort("a file shrank while being sent") from None
                await response.write(chunk)
                offset, count = offset + len(chunk), count - len(chunk)
    await response.write_eof()


async def resolved_or_refusal(
    files: FileService, token: str, what: str
) -> ResolvedLink | web.Response:
    """What `token` opens, or the answer a link that opens nothing gets; `what` names the
    request in the log ("a link", "a stream request")."""
    try:
        return await files.resolve(token)
    except LinkExpired:
        return plain(410, REFUSED_BODY)
    except LinkRefused as exc:
        logger.info("refused %s: %s", what, exc)
        return plain(403, REFUSED_BODY)
    except NotFound as exc:
        logger.info("%s to a missing file: %s", what, exc)
        return plain(404, "That file is no longer here.\n")
    except TorrentClientError as exc:
        logger.warning("could not resolve %s: %s", what, exc)
        return plain(503, "The torrent client is not answering; try again soon.\n")
