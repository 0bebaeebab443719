"""`GET /anilist/callback`: where AniList sends the browser back after the user approves us.

The page says only whether it worked; the code, the state and the token never reach a log line
(the server keeps no access log, and errors are logged by class, not by request).
"""

from __future__ import annotations

import logging
from html import escape

from aiohttp import web

from domain.errors import DomainError, ExternalServiceError
from domain.services.anilist_link import AniListLinkService

logger = logging.getLogger(__name__)

PATH = "/anilist/callback"
_PAGE = (
    "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
    "<title>IIITorrent · AniList</title><p style='font:1.2em sans-serif;margin:2em'>{}</p>"
)


def _page(text: str, status: int) -> web.Response:
    return web.Response(
        text=_PAGE.format(escape(text)),
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def register(app: web.Application, service: AniListLinkService) -> None:
    async def callback(request: web.Request) -> web.Response:
        state = request.query.get("state", "")
        code = request.query.get("code", "")
        if not state or not code:
            return _page("This link is incomplete. Send /link to the bot to start again.", 400)
        try:
            link = await service.finish_authorization(state, code)
        except ExternalServiceError as exc:
            logger.warning("AniList sign-in failed: %s", type(exc).__name__)
            return _page("AniList isn't answering right now. Please try /link again later.", 502)
        except DomainError as exc:
            logger.info("AniList sign-in refused: %s", type(exc).__name__)
            return _page(
                "This sign-in link has expired or was already used. Send /link to the bot for a "
                "fresh one.",
                403,
            )
        return _page(f"Linked AniList account {link.username}. You can close this page.", 200)

    app.router.add_get(PATH, callback)
