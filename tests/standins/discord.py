"""A loopback stand-in of Discord's HTTP API and gateway, speaking the shapes discord.py uses.

HTTP requests go to `/api/v10/...` (point discord.py at `base_url` with
`bot.discord.endpoint.use_api_base_url`); the gateway is a websocket at `/gateway` that says HELLO,
answers IDENTIFY with READY and heartbeats with ACKs, and carries the interactions tests push.
As the real gateway does for a bot with the GUILDS intent, READY lists the servers the bot is in
(`add_guild`) as unavailable, and a GUILD_CREATE with each whole server follows, which is how
discord.py fills its guild cache.

Sharding is Discord's: `/gateway/bot` recommends `shards`, each session names its shard in
IDENTIFY (`[id, count]`; an id outside the count is closed with 4010), and a server's events go
only to the session of shard `(server id >> 22) % count`, direct messages to shard 0. So with
the shards split between processes, each process hears only its servers (`identifies` records
every session's shard).

What it checks, as Discord does: an interaction is acknowledged once and within 3 seconds (later:
404 "Unknown interaction", twice: 400 "already acknowledged"); message content up to 2000
characters; embed limits (title 256, description 4096, 25 fields, field name 256 and value 1024,
6000 in all); components (5 rows, 5 buttons a row, custom_id up to 100, 25 select options);
autocomplete answers (25 choices, names 1–100 characters). Messages to a user who blocks direct
messages get 403 with code 50007; an unknown channel 404 with code 10003; `fail_next` answers
429 with a `retry_after`, as Discord's rate limiter does.

Tests read `calls` (every request with its JSON body and when it was answered) and `messages`
(each message as the channel shows it now), and await with `wait_for` instead of sleeping. The
direct-message channel the bot opens to a user is `dm_channel_id(user)`, so what the bot told
someone privately is `in_channel(dm_channel_id(user))`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

ACK_DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction
MAX_CONTENT = 2000
EPHEMERAL = 64
DISCORD_EPOCH = 1_420_070_400_000  # milliseconds; snowflakes count from here


class ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One HTTP request the bot made, as the stand-in answered it."""

    method: str
    path: str  # without the /api/v10 prefix
    body: dict[str, Any]
    at: float  # time.monotonic() when answered
    status: int = 200
    code: int | None = None  # Discord's JSON error code when refused

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def is_callback(self, interaction_id: int | None = None) -> bool:
        if not (self.method == "POST" and self.path.endswith("/callback")):
            return False
        return interaction_id is None or self.path.startswith(f"/interactions/{interaction_id}/")


@dataclass(slots=True)
class StoredMessage:
    """A message as its channel shows it now."""

    id: int
    channel_id: int
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    allowed_mentions: dict[str, Any] | None = None
    interaction_user_id: int | None = None  # who ran the command this message answers
    edits: int = 0

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def custom_ids(self) -> list[str]:
        found = []
        for row in self.components:
            for item in row.get("components", []):
                if "custom_id" in item:
                    found.append(item["custom_id"])
        return found

    def select_values(self) -> list[str]:
        return [
            option["value"]
            for row in self.components
            for item in row.get("components", [])
            for option in item.get("options", [])
        ]


@dataclass(slots=True)
class _Interaction:
    id: int
    token: str
    user_id: int
    channel_id: int
    pushed_at: float
    response_type: int | None = None
    original_id: int | None = None  # the message the answer is in, once acknowledged
    pressed_id: int | None = None  # for a component: the message it is on
    choices: list[dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class _Guild:
    id: int
    name: str
    channel_ids: tuple[int, ...]
    joined_at: str = "2025-01-01T00:00:00+00:00"


@dataclass(slots=True)
class _Failure:
    method: str
    path_prefix: str
    remaining: int
    retry_after: float


def shard_of(guild_id: int | None, count: int) -> int:
    """Discord's sharding formula: the shard that hears a server's events (DMs: shard 0)."""
    return 0 if guild_id is None else (guild_id >> 22) % count


class DiscordStandIn:
    def __init__(
        self, token: str = "stand-in.discord-token.for-tests-only", *, shards: int = 1
    ) -> None:
        self.token = token
        self.shards = shards  # what /gateway/bot recommends
        self.application_id = 900_000_000_000_000_001
        self.bot_user = {
            "id": str(self.application_id),
            "username": "IIITorrent",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
        }
        self.calls: list[ApiCall] = []
        self.messages: dict[int, StoredMessage] = {}
        self.commands: list[dict[str, Any]] = []  # the global commands the bot registered
        self.channels: dict[int, dict[str, Any]] = {}
        self.guilds: dict[int, _Guild] = {}  # the servers the bot is in
        self.blocked_dms: set[int] = set()
        self.identified = asyncio.Event()
        self.identifies: list[tuple[int, int]] = []  # each session's [shard id, shard count]
        self._sessions: dict[web.WebSocketResponse, tuple[int, int]] = {}
        # Each pushed interaction: the shards of the sessions it was delivered to.
        self.delivered: dict[int, list[tuple[int, int]]] = {}
        self._interactions: dict[int, _Interaction] = {}
        self._ids = itertools.count(1)
        self._failures: list[_Failure] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._sequence = itertools.count(1)
        self._tick = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> DiscordStandIn:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/api/v10"

    # -- what tests do ---------------------------------------------------------------------

    def new_id(self) -> int:
        """A snowflake of now, as Discord makes them (interaction tokens expire by its time)."""
        milliseconds = int(time.time() * 1000) - DISCORD_EPOCH
        return (milliseconds << 22) | (next(self._ids) % 4096)

    def add_channel(self, channel_id: int, guild_id: int | None = None) -> None:
        channel: dict[str, Any] = {"id": str(channel_id), "type": 0 if guild_id else 1}
        if guild_id:
            channel["guild_id"] = str(guild_id)
            channel["name"] = f"channel-{channel_id}"
        self.channels[channel_id] = channel

    def add_guild(self, guild_id: int, name: str, channel_ids: tuple[int, ...] = ()) -> None:
        """The bot is in this server, whose text channels are `channel_ids`; the gateway tells a
        bot that identifies from now on."""
        self.guilds[guild_id] = _Guild(guild_id, name, channel_ids)
        for channel_id in channel_ids:
            self.add_channel(channel_id, guild_id)

    def block_dms(self, user_id: int) -> None:
        """This user accepts no direct messages from the bot, as their privacy settings allow."""
        self.blocked_dms.add(user_id)

    def fail_next(
        self, method: str, path_prefix: str, *, times: int = 1, retry_after: float = 0.3
    ) -> None:
        """The next `times` matching requests get a 429 with `retry_after` seconds."""
        self._failures.append(_Failure(method, path_prefix, times, retry_after))

    async def push_interaction(self, payload: dict[str, Any]) -> None:
        """Send an INTERACTION_CREATE to the connected bot, as the gateway would."""
        if not self._sockets:
            raise AssertionError("no bot is connected to the gateway")
        self.register_interaction(payload)
        guild = payload.get("guild_id")
        heard = await self._dispatch("INTERACTION_CREATE", payload, int(guild) if guild else None)
        self.delivered[int(payload["id"])] = heard
        if not heard:
            raise AssertionError(f"no connected session holds the shard of server {guild}")

    def sessions(self) -> list[tuple[int, int]]:
        """The shards of the sessions connected now, as [id, count] pairs."""
        return sorted(self._sessions.values())

    def register_interaction(self, payload: dict[str, Any]) -> None:
        """Remember an interaction so its callbacks and webhooks are accepted."""
        user = payload.get("member", {}).get("user") or payload["user"]
        message = payload.get("message")
        self._interactions[int(payload["id"])] = _Interaction(
            id=int(payload["id"]),
            token=payload["token"],
            user_id=int(user["id"]),
            channel_id=int(payload["channel"]["id"]),
            pushed_at=time.monotonic(),
            pressed_id=int(message["id"]) if message else None,
        )
        self._changed()

    def response_type(self, interaction_id: int) -> int | None:
        return self._interactions[interaction_id].response_type

    def choices(self, interaction_id: int) -> list[dict[str, Any]] | None:
        """What an autocomplete interaction was answered with."""
        return self._interactions[interaction_id].choices

    def original(self, interaction_id: int) -> StoredMessage | None:
        original_id = self._interactions[interaction_id].original_id
        return None if original_id is None else self.messages.get(original_id)

    def in_channel(self, channel_id: int) -> list[StoredMessage]:
        return [m for m in self.messages.values() if m.channel_id == channel_id]

    async def wait_for(
        self,
        predicate: Callable[[ApiCall], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 (a deadline reads better here than a scope)
        *,
        since: int = 0,
    ) -> ApiCall:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for call in self.calls[since:]:
                if predicate(call):
                    return call
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                recent = [(c.method, c.path, c.status) for c in self.calls[since:]][-10:]
                raise AssertionError(f"no matching Discord API call in {timeout}s; saw {recent}")
            await self._changes(remaining)

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"condition not met in {timeout}s")
            await self._changes(min(remaining, 0.05))

    # -- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        try:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": 30_000}})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    break
                await self._on_gateway_message(ws, json.loads(message.data))
        finally:
            self._sockets.remove(ws)
            self._sessions.pop(ws, None)
            self._changed()
        return ws

    async def _on_gateway_message(self, ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
        op, data = message.get("op"), message.get("d")
        if op == 1:  # heartbeat
            await ws.send_json({"op": 11})
        elif op == 2:  # identify
            if data["token"] != self.token:
                await ws.close(code=4004, message=b"Authentication failed.")
                return
            shard = data.get("shard", [0, 1])
            if not 0 <= shard[0] < shard[1]:
                await ws.close(code=4010, message=b"Invalid shard.")
                return
            guilds = [g for g in self.guilds.values() if shard_of(g.id, shard[1]) == shard[0]]
            ready = {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": "stand-in-session",
                "resume_gateway_url": f"ws://127.0.0.1:{self._port}/gateway",
                "application": {"id": str(self.application_id), "flags": 0},
                "shard": shard,
            }
            await ws.send_json({"op": 0, "t": "READY", "s": next(self._sequence), "d": ready})
            for guild in guilds:
                created = self._guild_create(guild)
                await ws.send_json(
                    {"op": 0, "t": "GUILD_CREATE", "s": next(self._sequence), "d": created}
                )
            self._sessions[ws] = (shard[0], shard[1])
            self.identifies.append((shard[0], shard[1]))
            self._changed()
            self.identified.set()

    def _guild_create(self, guild: _Guild) -> dict[str, Any]:
        """A GUILD_CREATE's payload: the guild object with the fields only this event carries
        (joined_at, large, member_count, members, channels, threads, …)."""
        everyone = {
            "id": str(guild.id),  # the @everyone role has the server's id
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": 0,
            "permissions": str(1 << 11 | 1 << 10),  # send messages, view channel
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        channels: list[dict[str, Any]] = [
            {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild.id),
                "name": f"channel-{channel_id}",
                "position": position,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "topic": None,
                "last_message_id": None,
                "rate_limit_per_user": 0,
                "flags": 0,
            }
            for position, channel_id in enumerate(guild.channel_ids)
        ]
        bot_member = {
            "user": self.bot_user,
            "roles": [],
            "joined_at": guild.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": "1",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [everyone],
            "emojis": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "stickers": [],
            "premium_progress_bar_enabled": False,
            "safety_alerts_channel_id": None,
            # Only in GUILD_CREATE:
            "joined_at": guild.joined_at,
            "large": False,
            "unavailable": False,
            "member_count": 2,
            "voice_states": [],
            "members": [bot_member],
            "channels": channels,
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    async def _dispatch(
        self, event: str, data: dict[str, Any], guild_id: int | None
    ) -> list[tuple[int, int]]:
        """Send the event to the sessions whose shard hears of `guild_id` (None: a direct
        message); returns their shards."""
        sent = []
        for ws, (shard, count) in list(self._sessions.items()):
            if shard_of(guild_id, count) == shard:
                await ws.send_json({"op": 0, "t": event, "s": next(self._sequence), "d": data})
                sent.append((shard, count))
        return sent

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body = await _read_body(request)
        try:
            self._authorize(request, path)
            self._maybe_fail(request.method, path)
            result = self._route(request.method, path, body)
        except ApiError as exc:
            self._record(
                ApiCall(request.method, path, body, time.monotonic(), exc.status, exc.code)
            )
            payload = {"message": exc.message, "code": exc.code, **exc.extra}
            headers = {"Via": "1.1 google"} if exc.status == 429 else {}
            return _json(payload, status=exc.status, headers=headers)
        self._record(ApiCall(request.method, path, body, time.monotonic()))
        if result is None:
            return web.Response(status=204)
        return _json(result)

    def _authorize(self, request: web.Request, path: str) -> None:
        if path.startswith(("/interactions/", "/webhooks/")):
            return  # authorised by the interaction token in the path
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise ApiError(401, 0, "401: Unauthorized")

    def _maybe_fail(self, method: str, path: str) -> None:
        for failure in self._failures:
            matches = failure.method == method and path.startswith(failure.path_prefix)
            if matches and failure.remaining > 0:
                failure.remaining -= 1
                raise ApiError(
                    429,
                    0,
                    "You are being rate limited.",
                    retry_after=failure.retry_after,
                    **{"global": False},
                )

    def _route(self, method: str, path: str, body: dict[str, Any]) -> Any:
        parts = path.strip("/").split("/")
        match method, parts:
            case "GET", ["users", "@me"]:
                return self.bot_user
            case "GET", ["oauth2", "applications", "@me"]:
                return self._application()
            case "GET", ["gateway", "bot"]:
                return {
                    "url": f"ws://127.0.0.1:{self._port}/gateway",
                    "shards": self.shards,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            case "PUT", ["applications", _, "commands"]:
                return self._set_commands(body)
            case "POST", ["interactions", interaction_id, token, "callback"]:
                return self._callback(int(interaction_id), token, body)
            case "PATCH", ["webhooks", _, token, "messages", "@original"]:
                return self._edit_original(token, body)
            case "DELETE", ["webhooks", _, token, "messages", "@original"]:
                interaction = self._by_token(token)
                self.messages.pop(interaction.original_id or 0, None)
                return None
            case "POST", ["webhooks", _, token]:
                return self._followup(token, body)
            case "PATCH", ["webhooks", _, token, "messages", message_id]:
                self._by_token(token)
                return self._edit(int(message_id), body)
            case "POST", ["users", "@me", "channels"]:
                return self._open_dm(int(body["recipient_id"]))
            case "POST", ["channels", channel_id, "messages"]:
                return self._post(int(channel_id), body)
            case "PATCH", ["channels", channel_id, "messages", message_id]:
                self._channel(int(channel_id))
                return self._edit(int(message_id), body)
        raise ApiError(404, 0, "404: Not Found")

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": "IIITorrent",
            "icon": None,
            "description": "",
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": {**self.bot_user, "id": "1", "username": "owner", "bot": False},
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
            "team": None,
        }

    def _set_commands(self, body: Any) -> list[dict[str, Any]]:
        commands = body if isinstance(body, list) else body.get("__list__", [])
        registered = []
        for command in commands:
            _check_command(command)
            registered.append(
                {
                    **command,
                    "id": str(self.new_id()),
                    "application_id": str(self.application_id),
                    "version": "1",
                    "default_member_permissions": command.get("default_member_permissions"),
                    "type": command.get("type", 1),
                }
            )
        self.commands = registered
        return registered

    def _callback(self, interaction_id: int, token: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = self._interactions.get(interaction_id)
        if interaction is None or interaction.token != token:
            raise ApiError(404, 10062, "Unknown interaction")
        if time.monotonic() - interaction.pushed_at > ACK_DEADLINE:
            raise ApiError(404, 10062, "Unknown interaction")
        if interaction.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        kind = int(body["type"])
        data = body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        if kind == 8:  # autocomplete result
            choices = data.get("choices", [])
            _check_choices(choices)
            interaction.choices = choices
        elif kind in (4, 5):  # a message, now or after "thinking"
            if kind == 4:
                _check_message(data)
            message = StoredMessage(
                self.new_id(),
                interaction.channel_id,
                flags=int(data.get("flags") or 0),
                interaction_user_id=interaction.user_id,
            )
            self._apply(message, data)
            self.messages[message.id] = message
            interaction.original_id = message.id
            resource["message"] = self._message_object(message)
        elif kind in (6, 7):  # (later) update the message the component is on
            interaction.original_id = interaction.pressed_id
            if kind == 7 and interaction.pressed_id in self.messages:
                _check_message(data)
                self._apply(self.messages[interaction.pressed_id], data)
        interaction.response_type = kind
        original = self.messages.get(interaction.original_id or 0)
        return {
            "interaction": {
                "id": str(interaction.id),
                "type": 2,
                "response_message_id": str(interaction.original_id or ""),
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(original and original.ephemeral),
            },
            "resource": resource,
        }

    def _by_token(self, token: str) -> _Interaction:
        for interaction in self._interactions.values():
            if interaction.token == token:
                if interaction.response_type is None:
                    raise ApiError(404, 10015, "Unknown Webhook")
                return interaction
        raise ApiError(401, 50027, "Invalid Webhook Token")

    def _edit_original(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = self._by_token(token)
        if interaction.original_id is None:
            raise ApiError(404, 10008, "Unknown Message")
        return self._edit(interaction.original_id, body)

    def _followup(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = self._by_token(token)
        _check_message(body)
        message = StoredMessage(
            self.new_id(), interaction.channel_id, flags=int(body.get("flags") or 0)
        )
        self._apply(message, body)
        self.messages[message.id] = message
        return self._message_object(message)

    def _edit(self, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get(message_id)
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        _check_message(body, partial=True)
        self._apply(message, body)
        message.edits += 1
        return self._message_object(message)

    def _open_dm(self, user_id: int) -> dict[str, Any]:
        for channel_id, channel in self.channels.items():
            if channel.get("recipient") == user_id:
                return self._dm_object(channel_id, user_id)
        channel_id = dm_channel_id(user_id)
        self.channels[channel_id] = {"id": str(channel_id), "type": 1, "recipient": user_id}
        return self._dm_object(channel_id, user_id)

    def _dm_object(self, channel_id: int, user_id: int) -> dict[str, Any]:
        return {"id": str(channel_id), "type": 1, "recipients": [user_object(user_id)]}

    def _channel(self, channel_id: int) -> dict[str, Any]:
        channel = self.channels.get(channel_id)
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def _post(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(channel_id)
        if channel.get("recipient") in self.blocked_dms:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        _check_message(body)
        message = StoredMessage(self.new_id(), channel_id)
        self._apply(message, body)
        self.messages[message.id] = message
        return self._message_object(message)

    def _apply(self, message: StoredMessage, body: dict[str, Any]) -> None:
        if "content" in body:
            message.content = body["content"] or ""
        if "embeds" in body:
            message.embeds = list(body["embeds"] or [])
        if "components" in body:
            message.components = list(body["components"] or [])
        if "allowed_mentions" in body:
            message.allowed_mentions = body["allowed_mentions"]

    def _message_object(self, message: StoredMessage) -> dict[str, Any]:
        shown = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": 0,
            "content": message.content,
            "author": self.bot_user,
            "embeds": message.embeds,
            "components": message.components,
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": message.flags,
            "webhook_id": str(self.application_id),
        }
        if message.interaction_user_id is not None:
            shown["interaction_metadata"] = {
                "id": str(message.id),
                "type": 2,
                "user": user_object(message.interaction_user_id),
                "authorizing_integration_owners": {},
            }
        return shown

    def message_payload(self, message_id: int) -> dict[str, Any]:
        """A message as an interaction payload carries it (for component presses)."""
        return self._message_object(self.messages[message_id])

    def _record(self, call: ApiCall) -> None:
        self.calls.append(call)
        self._changed()

    def _changed(self) -> None:
        self._tick.set()
        self._tick = asyncio.Event()

    async def _changes(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tick.wait(), seconds)


def _json(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py reads a body as JSON only when the content type is exactly application/json.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def dm_channel_id(user_id: int) -> int:
    """The direct-message channel between the bot and `user_id`: known before the bot opens it
    (Discord's ids are snowflakes of their own; here it is the user's id plus one), so a test reads
    what the bot told someone privately, and that person's own presses there come from it."""
    return user_id + 1


def user_object(user_id: int, name: str | None = None) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id}",
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
    }


async def _read_body(request: web.Request) -> dict[str, Any]:
    if request.method in ("GET", "DELETE") or not request.can_read_body:
        return {}
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        raw = form.get("payload_json")
        return json.loads(raw) if isinstance(raw, str) else {}
    body = await request.json()
    return body if isinstance(body, dict) else {"__list__": body}


def _invalid(detail: str) -> ApiError:
    return ApiError(400, 50035, f"Invalid Form Body: {detail}")


def _check_message(body: dict[str, Any], *, partial: bool = False) -> None:
    content = body.get("content") or ""
    if len(content) > MAX_CONTENT:
        raise _invalid("content: Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        raise _invalid("embeds: Must be 10 or fewer in length.")
    total = 0
    for embed in embeds:
        total += _check_embed(embed)
    if total > 6000:
        raise _invalid("embeds: Embed size exceeds maximum size of 6000")
    _check_components(body.get("components") or [])
    if not partial and not content and not embeds and "components" not in body:
        raise ApiError(400, 50006, "Cannot send an empty message")


def _check_embed(embed: dict[str, Any]) -> int:
    limits = {"title": 256, "description": 4096}
    size = 0
    for key, limit in limits.items():
        value = embed.get(key) or ""
        if len(value) > limit:
            raise _invalid(f"embeds.{key}: Must be {limit} or fewer in length.")
        size += len(value)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        raise _invalid("embeds.fields: Must be 25 or fewer in length.")
    for item in fields:
        name, value = item.get("name") or "", item.get("value") or ""
        if not name or not value:
            raise _invalid("embeds.fields: name and value are required")
        if len(name) > 256 or len(value) > 1024:
            raise _invalid("embeds.fields: a field name is 256 and a value 1024 at most")
        size += len(name) + len(value)
    footer = (embed.get("footer") or {}).get("text") or ""
    if len(footer) > 2048:
        raise _invalid("embeds.footer.text: Must be 2048 or fewer in length.")
    return size + len(footer)


def _check_components(rows: list[dict[str, Any]]) -> None:
    if len(rows) > 5:
        raise _invalid("components: Must be 5 or fewer in length.")
    for row in rows:
        items = row.get("components") or []
        if not 1 <= len(items) <= 5:
            raise _invalid("components.components: Must be between 1 and 5 in length.")
        for item in items:
            custom_id = item.get("custom_id")
            if custom_id is not None and not 1 <= len(custom_id) <= 100:
                raise _invalid("custom_id: Must be between 1 and 100 in length.")
            if len(item.get("label") or "") > 80:
                raise _invalid("label: Must be 80 or fewer in length.")
            options = item.get("options")
            if options is not None:
                if not 1 <= len(options) <= 25:
                    raise _invalid("options: Must be between 1 and 25 in length.")
                for option in options:
                    if not 1 <= len(option["label"]) <= 100 or not 1 <= len(option["value"]) <= 100:
                        raise _invalid("options: labels and values are 1 to 100 long")


def _check_choices(choices: list[dict[str, Any]]) -> None:
    if len(choices) > 25:
        raise _invalid("data.choices: Must be 25 or fewer in length.")
    for choice in choices:
        if not 1 <= len(str(choice.get("name", ""))) <= 100:
            raise _invalid("data.choices.name: Must be between 1 and 100 in length.")
        value = choice.get("value")
        if isinstance(value, str) and len(value) > 100:
            raise _invalid("data.choices.value: Must be 100 or fewer in length.")


def _check_command(command: dict[str, Any]) -> None:
    name = str(command.get("name", ""))
    if not 1 <= len(name) <= 32 or name != name.lower():
        raise _invalid("name: invalid command name")
    if not 1 <= len(str(command.get("description", ""))) <= 100:
        raise _invalid("description: Must be between 1 and 100 in length.")
    for option in command.get("options") or []:
        if not 1 <= len(str(option.get("description", ""))) <= 100:
            raise _invalid("options.description: Must be between 1 and 100 in length.")
