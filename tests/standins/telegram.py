"""A loopback stand-in of the Telegram Bot API, speaking the HTTP shape python-telegram-bot uses.

Requests go to `/bot<token>/<method>` with form, multipart or JSON bodies; answers are
`{"ok": true, "result": ...}` with real-shaped objects, or `{"ok": false, "error_code": ...,
"description": ...}` with the descriptions Telegram itself gives for the same mistakes (an empty or
over-long text, an edit that changes nothing, callback data over 64 bytes, an unknown chat, a
message to delete that is not there, another's message in a group where the bot has no rights).

Each chat holds its messages, the people's and the bot's, numbered from 1 in that chat alone, as
Telegram numbers them: a message is `(chat_id, message_id)`, never a message id by itself.

Tests queue updates with `push_message` / `push_callback`, read what the bot did from `calls`
(every method call with its parameters), `message(chat, id)` (one message as the chat shows it now,
edits applied), `sent(chat)` (the bot's text messages still there) and `history(chat)` (everything
the chat holds, deleted messages gone), and await a call with `wait_for` or `next_call` instead of
sleeping. Files the bot uploads with multipart sendDocument are kept, name and bytes, in
`documents()`. Writing to a person the stand-in has seen but who never opened a private chat is
refused with 403, as Telegram refuses it. Long polls are one per token: a getUpdates arriving
while another is held open ends that one with 409 Conflict (`poll_conflicts`), as Telegram does
when two bot instances poll.

`enforce_limits` makes it hold the bot to Telegram's flood limits as Telegram does: a message
(sent or edited) beyond the overall, per-private-chat or per-group rate is refused with 429 and a
`retry_after`. The counts and periods are the stand-in's own, `FLOOD_LIMITS`, never the bot's, so
a wrong number in the bot is refused here rather than mirrored; a test may only run the periods
faster (`speedup`), and `slack` forgives the jitter between the moment a client lets a request go
and the moment it arrives. `published_limits` reads the Bot API's own numbers from the shared
corpus, for tests that hold the stand-in's constants to them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

# The stand-in's own numbers, as Telegram publishes them; nothing here comes from bot/.
MAX_TEXT_LENGTH = 4096  # UTF-16 code units, as Telegram counts them (sendMessage.text: 1-4096)
MAX_CALLBACK_DATA = 64  # bytes (InlineKeyboardButton.callback_data: 1-64 bytes)
LIMITS_CORPUS = Path("limits") / "telegram_bot_api_limits.json"  # under ../shared/corpora
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")

# Parameters that arrive JSON-encoded in a form body; every other value is a plain string.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "link_preview_options",
        "reply_parameters",
    }
)
_INT_PARAMS = frozenset({"offset", "limit", "timeout", "message_id", "cache_time"})
_BOOL_PARAMS = frozenset(
    {"show_alert", "drop_pending_updates", "disable_notification", "protect_content"}
)
# Methods Telegram counts against its flood limits.
_PACED = frozenset(
    m.lower()
    for m in (
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
    )
)


@dataclass(frozen=True, slots=True)
class FloodRate:
    """At most `count` messages in any `seconds`."""

    count: int
    seconds: float


@dataclass(frozen=True, slots=True)
class FloodLimits:
    overall: FloodRate
    private_chat: FloodRate
    group_chat: FloodRate


# Telegram's Bots FAQ, "My bot is hitting limits, how do I avoid this?": no more than one message a
# second in a chat, 20 a minute in a group, about 30 a second in all. The Bot API spec (and so the
# shared limits corpus scraped from it) does not state these; the FAQ is their only source.
FLOOD_LIMITS = FloodLimits(
    overall=FloodRate(30, 1.0), private_chat=FloodRate(1, 1.0), group_chat=FloodRate(20, 60.0)
)


@dataclass(frozen=True, slots=True)
class PublishedLimits:
    """The numbers the Bot API spec states, as the shared corpus extracted them."""

    text_length: tuple[int, int]  # sendMessage.text, characters
    edit_text_length: tuple[int, int]  # editMessageText.text, characters
    callback_data: tuple[int, int]  # InlineKeyboardButton.callback_data, bytes
    flood: FloodLimits | None  # None: the corpus does not state them


def published_limits(corpora: Path) -> PublishedLimits:
    """Read `limits/telegram_bot_api_limits.json` under `corpora`. The ranges are parsed from the
    spec's own sentences ("1-4096 characters", "1-64 bytes"), so a changed spec changes them."""
    extracts = json.loads((corpora / LIMITS_CORPUS).read_text(encoding="utf-8"))["extracts"]

    def span(key: str, unit: str) -> tuple[int, int]:
        found = re.search(rf"(\d+)-(\d+) {unit}", str(extracts[key]))
        if found is None:
            raise ValueError(f"no '<min>-<max> {unit}' in {key}: {extracts[key]!r}")
        return int(found[1]), int(found[2])

    return PublishedLimits(
        text_length=span("sendMessage.text", "characters"),
        edit_text_length=span("editMessageText.text", "characters"),
        callback_data=span("InlineKeyboardButton.callback_data", "bytes"),
        # The file holds the spec's extracts only; Telegram states flood limits in the FAQ.
        flood=None,
    )


@dataclass(slots=True)
class _Limit:
    limit: int
    period: float
    times: dict[str, list[float]] = field(default_factory=dict)

    def refuse(self, key: str, now: float, slack: float) -> float | None:
        """Seconds until `key` may send again, or None when this one is within the limit (and
        then counted)."""
        window = self.period - slack
        times = [t for t in self.times.get(key, []) if now - t < window]
        if len(times) >= self.limit:
            self.times[key] = times
            return window - (now - times[0])
        times.append(now)
        self.times[key] = times
        return None


@dataclass(slots=True)
class _Limits:
    overall: _Limit
    private_chat: _Limit
    group_chat: _Limit
    slack: float


class ApiError(Exception):
    def __init__(
        self, code: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = dict(parameters or {})


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One Bot API request as the bot made it, and whether the stand-in said ok."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when it was answered
    ok: bool = True
    error_code: int | None = None
    result: Any = None  # what the stand-in answered when ok

    @property
    def message_id(self) -> int | None:
        """The message a call sent or edited."""
        if isinstance(self.result, dict) and "message_id" in self.result:
            return int(self.result["message_id"])
        value = self.params.get("message_id")
        return int(value) if value is not None else None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass(slots=True)
class ChatMessage:
    """A message in a chat, as the chat shows it now: the bot's, or a person's."""

    message_id: int  # counted in its chat alone
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None = None
    edits: int = 0
    sender_id: int | None = None  # the person who wrote it; None: the bot
    document: str | None = None  # the file name, for a document the bot sent

    @property
    def from_bot(self) -> bool:
        return self.sender_id is None

    @property
    def button_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [
            button["callback_data"] for row in rows for button in row if "callback_data" in button
        ]

    @property
    def button_urls(self) -> list[str]:
        """The link buttons' addresses."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button["url"] for row in rows for button in row if "url" in button]


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A file the bot uploaded with sendDocument, as the stand-in received it."""

    message_id: int
    chat_id: int
    filename: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True)
class _Failure:
    method: str
    remaining: int
    retry_after: int


@dataclass(slots=True)
class _State:
    updates: list[dict[str, Any]] = field(default_factory=list)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    # chat id -> message id -> message, in the order they came; deleted ones are gone.
    held: dict[int, dict[int, ChatMessage]] = field(default_factory=dict)
    last_id: dict[int, int] = field(default_factory=dict)  # chat id -> its last message id
    callbacks: dict[str, bool] = field(default_factory=dict)  # id -> answered
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # scope key -> list
    chat_admins: dict[int, set[int]] = field(default_factory=dict)  # chat id -> admin user ids
    webhook: dict[str, Any] | None = None  # what setWebhook set: url, secret_token, ...
    people: set[int] = field(default_factory=set)  # users who wrote anywhere the bot reads
    documents: list[SentDocument] = field(default_factory=list)


class TelegramStandIn:
    def __init__(
        self,
        token: str = "123456789:AAHstand-in-token_for-tests-only",
        *,
        bot_id: int = 123456789,
        username: str = "iiitorrent_test_bot",
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "IIITorrent",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[ApiCall] = []
        self._state = _State()
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._tick = asyncio.Event()  # replaced on every change; waiters hold the old one
        self._failures: list[_Failure] = []
        self._limits: _Limits | None = None
        self._flood_limits: FloodLimits | None = None
        self.refused_by: list[str] = []  # which limit each 429 came from: "chat" or "overall"
        self._runner: web.AppRunner | None = None
        self.polls_waiting = 0  # getUpdates requests held open right now
        self._polls = 0  # getUpdates requests received; the latest one is the one held open
        self._closing = False
        self._port = 0
        self._delivery: asyncio.Task[None] | None = None
        # With a webhook set: (update_id, HTTP status) of each POST to it, in order.
        self.webhook_deliveries: list[tuple[int, int]] = []

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> TelegramStandIn:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._closing = True
        self._changed()  # held long polls answer now instead of at their timeout
        self._stop_delivery()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """What `TELEGRAM_API_BASE_URL` would hold: the token follows it."""
        return f"http://127.0.0.1:{self._port}/bot"

    # -- what tests do ---------------------------------------------------------------------

    def push_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Tester",
        username: str | None = None,
    ) -> int:
        """Queue a message a person sent; returns its message_id."""
        sender = self._user(user_id, first_name, username)
        self._state.people.add(user_id)
        chat = self._chat(user_id if chat_id is None else chat_id, chat_type, sender)
        held = self._hold(
            ChatMessage(self._next_id(chat["id"]), chat["id"], text, sender_id=user_id)
        )
        message: dict[str, Any] = {
            "message_id": held.message_id,
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            head = text.split(maxsplit=1)[0] if text.strip() else text
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_length(head)}
            ]
        self._queue({"message": message})
        return int(message["message_id"])

    def push_callback(
        self,
        user_id: int,
        data: str,
        message_id: int,
        chat_id: int | None = None,
        first_name: str = "Tester",
    ) -> str:
        """Queue a press of an inline button under one of the bot's messages; returns its id."""
        sender = self._user(user_id, first_name, None)
        chat_id = user_id if chat_id is None else chat_id
        shown = self._state.held.get(chat_id, {}).get(message_id)
        chat = self._state.chats.get(chat_id) or self._chat(chat_id, "private", sender)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "text": shown.text if shown else "",
        }
        if shown and shown.reply_markup:
            message["reply_markup"] = shown.reply_markup
        query_id = str(next(self._callback_ids) * 1_000_003)
        self._state.callbacks[query_id] = False
        self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": sender,
                    "message": message,
                    "chat_instance": str(-chat_id),
                    "data": data,
                }
            }
        )
        return query_id

    def open_chat(
        self, chat_id: int, chat_type: str = "private", first_name: str = "Tester"
    ) -> None:
        """A chat the bot may write to (a person who once started it, a group it is in), with
        no update queued."""
        self._chat(chat_id, chat_type, self._user(abs(chat_id), first_name, None))

    def forget_chat(self, chat_id: int) -> None:
        """The person blocked the bot (or the bot left the group): writing there fails from now
        on, until they write again."""
        self._state.chats.pop(chat_id, None)

    def enforce_limits(
        self, *, speedup: float = 1.0, group_speedup: float | None = None, slack: float = 0.0
    ) -> FloodLimits:
        """Refuse messages beyond Telegram's flood limits (`FLOOD_LIMITS`) with 429, as Telegram
        does. The counts stay Telegram's; the periods run `speedup` times faster (groups':
        `group_speedup`, default the same) so a test takes seconds, not minutes. Returns the
        limits now in force."""
        group_speedup = speedup if group_speedup is None else group_speedup
        if speedup <= 0 or group_speedup <= 0:
            raise ValueError("a speedup must be positive")
        limits = FloodLimits(
            overall=_faster(FLOOD_LIMITS.overall, speedup),
            private_chat=_faster(FLOOD_LIMITS.private_chat, speedup),
            group_chat=_faster(FLOOD_LIMITS.group_chat, group_speedup),
        )
        self._limits = _Limits(
            _Limit(limits.overall.count, limits.overall.seconds),
            _Limit(limits.private_chat.count, limits.private_chat.seconds),
            _Limit(limits.group_chat.count, limits.group_chat.seconds),
            slack,
        )
        self._flood_limits = limits
        return limits

    @property
    def flood_limits(self) -> FloodLimits | None:
        """The flood limits in force, at the test's speed; None until `enforce_limits`."""
        return self._flood_limits

    @property
    def polls_received(self) -> int:
        """getUpdates requests so far, answered or still held open."""
        return self._polls

    @property
    def poll_conflicts(self) -> list[ApiCall]:
        """Every long poll ended by another one (two pollers on one token)."""
        return [c for c in self.calls if c.method.lower() == "getupdates" and c.error_code == 409]

    @property
    def flood_refusals(self) -> list[ApiCall]:
        """Every call refused with 429."""
        return [c for c in self.calls if c.error_code == 429]

    def make_chat_admin(self, chat_id: int, user_id: int) -> None:
        """`getChatMember` answers "administrator" for this user in this group from now on."""
        self._state.chat_admins.setdefault(chat_id, set()).add(user_id)

    def fail_next(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get a 429 flood-wait, as Telegram gives."""
        self._failures.append(_Failure(method, times, retry_after))

    def message(self, chat_id: int, message_id: int) -> ChatMessage:
        """Message `message_id` of chat `chat_id` as the chat shows it now (the object itself: a
        test may change it, as if it had come so). A deleted message is not there."""
        held = self._state.held.get(chat_id, {}).get(message_id)
        if held is None:
            raise LookupError(f"chat {chat_id} holds no message {message_id}")
        return held

    def history(self, chat_id: int) -> list[ChatMessage]:
        """Everything chat `chat_id` holds now, oldest first: the people's messages and the
        bot's, texts and documents; deleted messages are gone."""
        return list(self._state.held.get(chat_id, {}).values())

    def delete_in_chat(self, chat_id: int, message_id: int) -> None:
        """Someone in the chat deleted a message, for everyone; the bot is not told."""
        self._drop(chat_id, message_id)

    def documents(self, chat_id: int | None = None) -> list[SentDocument]:
        """The files the bot uploaded and the chat still holds, oldest first, in one chat or
        all."""
        return [d for d in self._state.documents if chat_id in (None, d.chat_id)]

    def sent(self, chat_id: int | None = None) -> list[ChatMessage]:
        """The bot's text messages the chat still holds, oldest first, in one chat or all
        (all: chat by chat, in the order the chats were first written to)."""
        chats = (
            self._state.held.values() if chat_id is None else [self._state.held.get(chat_id, {})]
        )
        return [m for held in chats for m in held.values() if m.from_bot and m.document is None]

    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    def commands(self, scope: str = "default") -> list[dict[str, Any]]:
        return self._state.commands.get(scope, [])

    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by an offset."""
        return len(self._state.updates)

    async def wait_for(
        self,
        predicate: Callable[[ApiCall], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 (a deadline reads better here than a scope)
        *,
        since: int = 0,
    ) -> ApiCall:
        """The first call from index `since` on that satisfies `predicate`, waiting if needed."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for call in self.calls[since:]:
                if predicate(call):
                    return call
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                recent = [(c.method, c.params) for c in self.calls[since:]][-10:]
                raise AssertionError(f"no matching Bot API call in {timeout}s; saw {recent}")
            await self._changes(remaining)

    async def next_call(
        self,
        method: str,
        timeout: float = 5.0,  # noqa: ASYNC109
        **params: Any,
    ) -> ApiCall:
        """The next call of `method` from now on whose parameters include `params` (compared as
        strings, so `chat_id=42` matches either shape), waiting for it. Arm it before causing the
        call: `waiting = asyncio.ensure_future(standin.next_call(...))`, then act, then await."""
        since = len(self.calls)

        def matches(call: ApiCall) -> bool:
            return call.method.lower() == method.lower() and all(
                str(call.params.get(k)) == str(v) for k, v in params.items()
            )

        return await self.wait_for(matches, timeout, since=since)

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until `condition()` holds, re-checking after every call the bot makes."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"condition not met in {timeout}s")
            # Woken by each call; the short cap also catches changes made outside the API.
            await self._changes(min(remaining, 0.05))

    # -- the HTTP side ---------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.Response:
        return _error_response(ApiError(404, "Not Found"))

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        method = request.match_info["method"]
        arrived = time.monotonic()  # before the body is read: what Telegram's limits count
        params = await _read_params(request)
        handler = self._methods().get(method.lower())
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            self._maybe_fail(method)
            self._check_limits(method, params, arrived)
            if method.lower() == "getupdates" and self._state.webhook is not None:
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
            if method.lower() == "getupdates":
                # Not recorded on arrival: a long poll would otherwise be noise in every log.
                try:
                    result = await self._get_updates(params)
                except ApiError as exc:
                    transport = request.transport
                    if exc.code == 409 and (transport is None or transport.is_closing()):
                        # The client gave this poll up (a bot stopping): nobody hears the 409,
                        # as Telegram forgets a poll whose connection closed.
                        return web.Response(status=409)
                    raise
            else:
                result = handler(params)
        except ApiError as exc:
            self._record(ApiCall(method, params, time.monotonic(), False, exc.code))
            return _error_response(exc)
        self._record(ApiCall(method, params, time.monotonic(), result=result))
        return web.json_response({"ok": True, "result": result})

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getme": lambda _: self.bot_user,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": lambda _: {"url": (self._state.webhook or {}).get("url", "")},
            "getupdates": lambda _: [],  # served by _get_updates
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": lambda p: self.commands(_scope_key(p.get("scope"))),
            "sendchataction": self._send_chat_action,
            "getchatmember": self._get_chat_member,
        }

    def _maybe_fail(self, method: str) -> None:
        for failure in self._failures:
            if failure.method.lower() == method.lower() and failure.remaining > 0:
                failure.remaining -= 1
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {failure.retry_after}",
                    {"retry_after": failure.retry_after},
                )

    def _check_limits(self, method: str, params: dict[str, Any], now: float) -> None:
        limits = self._limits
        if limits is None or method.lower() not in _PACED:
            return
        chat = str(params.get("chat_id", ""))
        per_chat = limits.group_chat if chat.startswith(("-", "@")) else limits.private_chat
        wait = per_chat.refuse(chat, now, limits.slack)
        which = "chat"
        if wait is None:
            which = "overall"
            wait = limits.overall.refuse("", now, limits.slack)
            if wait is not None:
                per_chat.times[chat].pop()  # refused: it does not count against its chat
        if wait is not None:
            self.refused_by.append(which)
            retry_after = max(1, math.ceil(wait))
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )

    def _record(self, call: ApiCall) -> None:
        self.calls.append(call)
        self._changed()

    def _changed(self) -> None:
        self._tick.set()
        self._tick = asyncio.Event()

    async def _changes(self, seconds: float) -> None:
        """Return at the next change (a call or a queued update), or after `seconds`."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tick.wait(), seconds)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        # One poller per token, as Telegram has it: a new getUpdates ends the one held open.
        self._polls += 1
        mine = self._polls
        self._changed()
        if offset:
            # An offset confirms every update before it; Telegram forgets them.
            self._state.updates = [u for u in self._state.updates if u["update_id"] >= offset]
        deadline = asyncio.get_running_loop().time() + timeout
        self.polls_waiting += 1
        try:
            while not self._state.updates and not self._closing:
                if self._polls != mine:
                    raise ApiError(409, POLL_CONFLICT)
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    break
                await self._changes(remaining)
        finally:
            self.polls_waiting -= 1
        return self._state.updates[:limit]

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        text = _checked_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        message = self._hold(ChatMessage(self._next_id(chat["id"]), chat["id"], text, markup))
        return self._message_object(message)

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        upload = params.get("document")
        if not isinstance(upload, web.FileField):
            # A file_id or URL string would name a file Telegram already has; none here.
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        data = upload.file.read()
        if not data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        sent = SentDocument(self._next_id(chat["id"]), chat["id"], upload.filename, data)
        self._hold(ChatMessage(sent.message_id, chat["id"], "", document=sent.filename))
        self._state.documents.append(sent)
        return {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "document": {
                "file_id": f"doc{sent.message_id}",
                "file_unique_id": f"u{sent.message_id}",
                "file_name": sent.filename,
                "file_size": sent.size,
            },
        }

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: message to edit not found")
        self._known_chat(params)
        text = _checked_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        held = self._state.held.get(int(params["chat_id"]), {})
        message = held.get(int(params.get("message_id") or 0))
        if message is None or message.document is not None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        if message.text == text and message.reply_markup == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.text, message.reply_markup = text, markup
        message.edits += 1
        shown = self._message_object(message)
        shown["edit_date"] = int(time.time())
        return shown

    def _delete_message(self, params: dict[str, Any]) -> bool:
        """As Telegram: the bot deletes its own messages anywhere, anyone's in a private chat,
        and others' in a group only as one of its admins."""
        chat = self._known_chat(params)
        if params.get("message_id") in (None, ""):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        message = self._state.held.get(chat["id"], {}).get(int(params["message_id"]))
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        bot_is_admin = self.bot_id in self._state.chat_admins.get(chat["id"], set())
        if not message.from_bot and chat["type"] != "private" and not bot_is_admin:
            raise ApiError(400, "Bad Request: message can't be deleted for everyone")
        self._drop(chat["id"], message.message_id)
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._state.callbacks.get(query_id, True):
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._state.callbacks[query_id] = True
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
        self._state.commands[_scope_key(params.get("scope"))] = commands
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._known_chat(params)
        return True

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        try:
            user_id = int(params["user_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: invalid user_id specified") from None
        user = self._user(user_id, "Tester", None)
        if chat["type"] == "private":
            status = "member" if user_id != chat["id"] else "creator"
        elif user_id in self._state.chat_admins.get(chat["id"], set()):
            status = "administrator"
        else:
            status = "member"
        if status == "creator":
            return {"status": status, "user": user, "is_anonymous": False}
        if status == "member":
            return {"status": status, "user": user}
        rights = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                  "can_restrict_members", "can_promote_members", "can_change_info",
                  "can_invite_users", "can_post_stories", "can_edit_stories",
                  "can_delete_stories")  # fmt: skip
        return {"status": status, "user": user, "can_be_edited": False,
                "is_anonymous": False, **dict.fromkeys(rights, True)}  # fmt: skip

    # -- webhook ---------------------------------------------------------------------------

    @property
    def webhook(self) -> dict[str, Any] | None:
        return self._state.webhook

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: an HTTPS URL must be provided")
        self._state.webhook = dict(params)
        self._stop_delivery()
        self._delivery = asyncio.get_running_loop().create_task(self._deliver())
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._state.webhook = None
        self._stop_delivery()
        return True

    def _stop_delivery(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None

    async def _deliver(self) -> None:
        """POST queued updates to the webhook one at a time, as Telegram does, each once."""
        async with ClientSession() as http:
            while True:
                hook = self._state.webhook
                if hook is None or not self._state.updates:
                    await self._changes(1.0)
                    continue
                update = self._state.updates.pop(0)
                headers = {}
                if hook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
                async with http.post(str(hook["url"]), json=update, headers=headers) as answer:
                    self.webhook_deliveries.append((int(update["update_id"]), answer.status))
                self._changed()

    # -- shapes ----------------------------------------------------------------------------

    def _queue(self, update: dict[str, Any]) -> None:
        self._state.updates.append({"update_id": next(self._update_ids), **update})
        self._changed()

    def _user(self, user_id: int, first_name: str, username: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        if username:
            user["username"] = username
        return user

    def _chat(self, chat_id: int, chat_type: str, sender: dict[str, Any]) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = sender["first_name"]
        else:
            chat["title"] = f"Test group {chat_id}"
        self._state.chats[chat_id] = chat
        return chat

    def _next_id(self, chat_id: int) -> int:
        """The next message id in this chat: each chat counts from 1 on its own."""
        self._state.last_id[chat_id] = self._state.last_id.get(chat_id, 0) + 1
        return self._state.last_id[chat_id]

    def _hold(self, message: ChatMessage) -> ChatMessage:
        self._state.held.setdefault(message.chat_id, {})[message.message_id] = message
        return message

    def _drop(self, chat_id: int, message_id: int) -> None:
        self._state.held.get(chat_id, {}).pop(message_id, None)
        self._state.documents = [
            d for d in self._state.documents if (d.chat_id, d.message_id) != (chat_id, message_id)
        ]

    def _known_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat_id is empty") from None
        chat = self._state.chats.get(chat_id)
        if chat is None and chat_id in self._state.people:
            # Someone the bot has seen in a group but who never started it privately.
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _message_object(self, message: ChatMessage) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": self._state.chats[message.chat_id],
            "date": int(time.time()),
            "text": message.text,
        }
        if message.reply_markup:
            shown["reply_markup"] = message.reply_markup
        return shown


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    if request.method == "GET":
        raw: Mapping[str, Any] = request.query
    else:
        raw = await request.post()
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            params[key] = value  # an uploaded file
        elif key in _JSON_PARAMS:
            params[key] = json.loads(value)
        elif key in _INT_PARAMS:
            params[key] = int(value)
        elif key in _BOOL_PARAMS:
            params[key] = value.lower() == "true"
        elif key == "chat_id" and value.lstrip("-").isdigit():
            params[key] = int(value)
        else:
            params[key] = value
    return params


def _checked_text(params: dict[str, Any]) -> str:
    text = str(params.get("text", ""))
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if _utf16_length(text) > MAX_TEXT_LENGTH:
        raise ApiError(400, "Bad Request: message is too long")
    if params.get("parse_mode"):
        raise ApiError(400, "Bad Request: this stand-in only accepts plain text")
    return text


def _checked_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return dict(markup)


def _faster(rate: FloodRate, speedup: float) -> FloodRate:
    return FloodRate(rate.count, rate.seconds / speedup)


def _scope_key(scope: Any) -> str:
    if not scope:
        return "default"
    key = str(scope.get("type", "default"))
    return f"{key}:{scope['chat_id']}" if "chat_id" in scope else key


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error_response(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.code)
