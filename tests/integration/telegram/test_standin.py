"""The Bot API stand-in answers like Telegram does, so the front-end tests can be trusted."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.standins.telegram import TelegramStandIn


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as server:
        yield server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as http:
        yield http


async def call(
    client: httpx.AsyncClient, standin: TelegramStandIn, method: str, **params: Any
) -> dict[str, Any]:
    """A request shaped as python-telegram-bot shapes it: a form whose non-strings are JSON."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = await client.post(f"{standin.base_url}{standin.token}/{method}", data=form)
    body: dict[str, Any] = response.json()
    assert (response.status_code == 200) == body["ok"]
    return body


async def test_a_wrong_token_is_unauthorized(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    response = await client.post(f"{standin.base_url}123:wrong/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_an_unknown_method_is_not_found(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    body = await call(client, standin, "sendHologram", chat_id=1)
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_get_me_answers_with_the_bot(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    body = await call(client, standin, "getMe")
    assert body["result"]["is_bot"] is True
    assert body["result"]["username"] == "iiitorrent_test_bot"


async def test_get_updates_holds_a_long_poll_until_an_update_arrives(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    poll = asyncio.create_task(call(client, standin, "getUpdates", timeout=5))
    await standin.wait_until(lambda: standin.polls_waiting == 1)
    assert not poll.done()

    standin.push_message(42, "/start")
    body = await asyncio.wait_for(poll, 2.0)

    [update] = body["result"]
    assert update["message"]["text"] == "/start"
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert update["message"]["chat"] == {"id": 42, "type": "private", "first_name": "Tester"}


async def test_get_updates_returns_empty_after_its_timeout(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    body = await call(client, standin, "getUpdates", timeout=1)
    assert body["result"] == []
    assert loop.time() - started >= 0.9


async def test_an_offset_confirms_updates_and_they_are_not_sent_again(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/one")
    standin.push_message(42, "/two")
    first = (await call(client, standin, "getUpdates"))["result"]
    assert [u["message"]["text"] for u in first] == ["/one", "/two"]

    # Without an offset nothing is confirmed.
    again = (await call(client, standin, "getUpdates"))["result"]
    assert [u["update_id"] for u in again] == [u["update_id"] for u in first]

    after = (await call(client, standin, "getUpdates", offset=first[0]["update_id"] + 1))["result"]
    assert [u["message"]["text"] for u in after] == ["/two"]
    assert standin.pending_updates() == 1


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": 42, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": 42, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 777, "text": "hi"}, "Bad Request: chat not found"),
        (
            {
                "chat_id": 42,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_refuses_what_telegram_refuses(
    standin: TelegramStandIn, client: httpx.AsyncClient, params: dict[str, Any], description: str
) -> None:
    standin.push_message(42, "/start")  # the chat exists once its user wrote
    body = await call(client, standin, "sendMessage", **params)
    assert body == {"ok": False, "error_code": 400, "description": description}
    assert standin.sent() == []


async def test_an_edit_that_changes_nothing_is_refused(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    sent = (await call(client, standin, "sendMessage", chat_id=42, text="40%"))["result"]
    message_id = sent["message_id"]

    edited = await call(
        client, standin, "editMessageText", chat_id=42, message_id=message_id, text="50%"
    )
    same = await call(
        client, standin, "editMessageText", chat_id=42, message_id=message_id, text="50%"
    )

    assert edited["result"]["text"] == "50%"
    assert same["error_code"] == 400
    assert same["description"].startswith("Bad Request: message is not modified")
    assert standin.messages[message_id].text == "50%"
    assert standin.messages[message_id].edits == 1


async def test_a_flood_wait_carries_retry_after(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    standin.fail_next("sendMessage", retry_after=3)

    refused = await call(client, standin, "sendMessage", chat_id=42, text="hi")
    accepted = await call(client, standin, "sendMessage", chat_id=42, text="hi")

    assert refused["error_code"] == 429
    assert refused["parameters"] == {"retry_after": 3}
    assert accepted["ok"] is True


async def test_a_callback_query_is_answered_once(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    query_id = standin.push_callback(42, "/delete 1 yes", message_id=1)

    first = await call(client, standin, "answerCallbackQuery", callback_query_id=query_id)
    second = await call(client, standin, "answerCallbackQuery", callback_query_id=query_id)

    assert first == {"ok": True, "result": True}
    assert second["error_code"] == 400


async def test_wait_for_fails_loudly_when_nothing_comes(standin: TelegramStandIn) -> None:
    with pytest.raises(AssertionError, match="no matching Bot API call"):
        await standin.wait_for(lambda c: c.method == "sendMessage", timeout=0.1)
