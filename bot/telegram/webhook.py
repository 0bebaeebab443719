"""Webhook mode: Telegram POSTs each update to the project's HTTP server instead of the bot
polling for it.

Telegram sends the `secret_token` given to setWebhook in the X-Telegram-Bot-Api-Secret-Token
header of every POST; anything without the right one is refused before its body is read. With no
TELEGRAM_WEBHOOK_SECRET configured the secret is derived from the bot's token (an HMAC of it):
every process with that token, and every start, hands Telegram the same one, so several
processes behind one proxy all accept its POSTs, and no one without the token can forge it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.telegram.context import TelegramApplication

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 64 * 1024  # a message is at most 4096 characters; updates stay far below
# Real updates nest under ten deep; json.loads recurses once per level, so a 30,000-deep array
# (well under the byte cap) would end in RecursionError.
MAX_UPDATE_DEPTH = 64
# A JSON string (possibly unterminated) or one bracket: brackets inside strings are not nesting.
_STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
# What Telegram accepts as a secret_token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True, slots=True)
class WebhookMode:
    url: str  # where Telegram POSTs updates: PUBLIC side of the HTTP server
    secret: str

    @property
    def path(self) -> str:
        return webhook_path(self.url)


def webhook_path(url: str) -> str:
    """The route the HTTP server answers for a webhook URL: its path, `/` when it has none."""
    return urlsplit(url).path or "/"


def webhook_mode(url: str, secret: str | None, *, token: str) -> WebhookMode:
    """The webhook for `url`; without a configured secret, one derived from the bot's `token`.
    ValueError for a secret Telegram would refuse."""
    if secret is None:
        derived = hmac.new(token.encode(), b"iiitorrent telegram webhook", hashlib.sha256)
        return WebhookMode(url, derived.hexdigest())
    if not _SECRET.match(secret):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET takes 1-256 of A-Z, a-z, 0-9, _ and -")
    return WebhookMode(url, secret)


def nesting_depth(body: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest, read without recursing; brackets
    inside strings do not count. Malformed text gets a number too: json.loads refuses it next."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(body):
        token = match[0]
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def parse_update_json(body: bytes) -> dict[str, object]:
    """The JSON object of an update's body. ValueError for anything else: not UTF-8, not JSON,
    nested deeper than MAX_UPDATE_DEPTH, or not an object."""
    if nesting_depth(body) > MAX_UPDATE_DEPTH:
        raise ValueError(f"nested deeper than {MAX_UPDATE_DEPTH}")
    try:
        data = json.loads(body)
    except RecursionError as exc:  # not reached past the depth check; kept as a backstop
        raise ValueError("nested too deep") from exc
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


class WebhookReceiver:
    """The HTTP route Telegram POSTs to. It is registered before the server starts; updates go
    to the Application once one is attached (503 before, which Telegram retries)."""

    def __init__(self, mode: WebhookMode) -> None:
        self._mode = mode
        self._expected = mode.secret.encode()
        self._application: TelegramApplication | None = None

    def register(self, app: web.Application) -> None:
        app.router.add_post(self._mode.path, self.receive)

    def attach(self, application: TelegramApplication) -> None:
        self._application = application

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._expected):
            logger.warning("refused a webhook POST without the right secret")
            raise web.HTTPForbidden()
        if request.content_length is not None and request.content_length > MAX_UPDATE_BYTES:
            raise web.HTTPRequestEntityTooLarge(MAX_UPDATE_BYTES, request.content_length)
        body = await request.content.read(MAX_UPDATE_BYTES + 1)
        if len(body) > MAX_UPDATE_BYTES:
            raise web.HTTPRequestEntityTooLarge(MAX_UPDATE_BYTES, len(body))
        application = self._application
        if application is None:
            raise web.HTTPServiceUnavailable()
        try:
            update = Update.de_json(parse_update_json(body), application.bot)
        # Whatever a malformed update makes json or telegram's de_json raise (UnicodeDecodeError
        # and JSONDecodeError are ValueErrors; a date past time_t is an OverflowError).
        except (
            ValueError,
            TypeError,
            LookupError,
            AttributeError,
            ArithmeticError,
            RecursionError,
        ) as exc:
            logger.warning("refused a webhook POST that is not an update: %s", exc)
            raise web.HTTPBadRequest() from exc
        await application.update_queue.put(update)
        return web.Response()
