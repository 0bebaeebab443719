"""Webhook mode: Telegram POSTs updates to the project's HTTP server, which takes only those
carrying the secret given to setWebhook and answers them as it would polled ones."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.telegram.application import build_application, run_telegram
from bot.telegram.webhook import (
    MAX_UPDATE_BYTES,
    SECRET_HEADER,
    WebhookMode,
    WebhookReceiver,
    webhook_mode,
)
from bot.web.server import build_web_app, serve
from tests.integration.telegram.people import ADMIN_ID, MEMBER_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World

PATH = "/telegram/hook"


@pytest.fixture
async def hooked(standin: TelegramStandIn, world: World) -> AsyncIterator[WebhookMode]:
    """The bot in webhook mode behind our own HTTP server on a free loopback port."""
    application = build_application(
        standin.token, standin.base_url, world.dispatcher, world.services, world.box.completions
    )
    # The port is known once bound.
    configured = webhook_mode(f"http://127.0.0.1{PATH}", None, token=standin.token)
    receiver = WebhookReceiver(configured)
    web_app = build_web_app()
    receiver.register(web_app)
    async with serve(web_app, "127.0.0.1", 0) as port:
        mode = WebhookMode(f"http://127.0.0.1:{port}{PATH}", configured.secret)
        receiver.attach(application)
        async with run_telegram(application, webhook=mode):
            yield mode


def message_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Mallory"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": sender,
            "chat": {"id": user_id, "type": "private", "first_name": "Mallory"},
            "date": int(time.time()),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def post(mode: WebhookMode, body: bytes, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    async with (
        aiohttp.ClientSession() as http,
        http.post(mode.url, data=body, headers=headers) as answer,
    ):
        return answer.status


def as_list(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_start_sets_the_webhook_with_its_secret_and_does_not_poll(
    hooked: WebhookMode, standin: TelegramStandIn
) -> None:
    [call] = standin.calls_of("setWebhook")
    assert call.params["url"] == hooked.url
    assert call.params["secret_token"] == hooked.secret and len(hooked.secret) >= 32
    assert as_list(call.params["allowed_updates"]) == ["message", "callback_query"]
    assert standin.calls_of("getUpdates") == []


async def test_an_update_posted_with_the_secret_is_answered(
    hooked: WebhookMode, standin: TelegramStandIn
) -> None:
    mia = Person(standin, MEMBER_ID, "Mia")
    answer = await mia.send("/start")
    assert answer.text.startswith("Hi Mia!")
    shown = await mia.send("/settings")
    await mia.press(shown, "/settings resolution 720")  # buttons come by webhook too
    assert "Preferred resolution: 720p" in standin.message(shown.chat_id, shown.message_id).text
    assert [status for _, status in standin.webhook_deliveries] == [200, 200, 200]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", "x" * 300])
async def test_a_post_without_the_right_secret_gets_403_and_nothing_happens(
    hooked: WebhookMode, standin: TelegramStandIn, secret: str | None
) -> None:
    # An admin's /start: answered if the server let it through.
    forged = json.dumps(message_update(9001, ADMIN_ID, "/start")).encode()
    assert await post(hooked, forged, secret) == 403
    assert await post(hooked, forged, hooked.secret[:-1]) == 403

    # A genuine update after it is answered, and it is the only thing the bot said.
    mia = Person(standin, MEMBER_ID, "Mia")
    await mia.send("/start")
    assert [m.chat_id for m in standin.sent()] == [MEMBER_ID]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (b'{"update_id": 1, "message": {"chat": 5}}', 400),
        (b" " * (MAX_UPDATE_BYTES + 1), 413),
    ],
)
async def test_bad_bodies_with_the_secret_are_refused_and_the_bot_stays_up(
    hooked: WebhookMode, standin: TelegramStandIn, body: bytes, status: int
) -> None:
    assert await post(hooked, body, hooked.secret) == status
    mia = Person(standin, MEMBER_ID, "Mia")
    assert (await mia.send("/start")).text.startswith("Hi Mia!")


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize(
    "body",
    [
        _deep(30_000),  # json.loads would recurse past Python's limit: RecursionError
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b'{"update_id": 1, "x": ' + _deep(65) + b"}",  # just past the cap, inside an object
        b"[" * 30_000,  # unterminated
        b"\xff\xfe\x00{",  # not UTF-8
        b'{"update_id": 1, "message": []}',  # de_json: TypeError
        b'{"update_id": 1, "callback_query": 5}',  # de_json: AttributeError
        json.dumps(
            {"update_id": 1, "message": {"message_id": 1, "date": 10**30, "chat": {"id": 1}}}
        ).encode(),  # de_json: OverflowError
    ],
    ids=["deep", "deep-object", "just-too-deep", "unterminated", "not-utf8", "te", "ae", "oe"],
)
async def test_hostile_bodies_with_the_secret_get_400_and_the_bot_stays_up(
    hooked: WebhookMode, standin: TelegramStandIn, body: bytes
) -> None:
    assert len(body) <= MAX_UPDATE_BYTES
    assert await post(hooked, body, hooked.secret) == 400
    mia = Person(standin, MEMBER_ID, "Mia")
    assert (await mia.send("/start")).text.startswith("Hi Mia!")


async def test_brackets_inside_strings_are_not_nesting(
    hooked: WebhookMode, standin: TelegramStandIn
) -> None:
    update = message_update(9100, MEMBER_ID, "/start " + "[{" * 500)
    assert await post(hooked, json.dumps(update).encode(), hooked.secret) == 200
