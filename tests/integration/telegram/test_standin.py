"""The Bot API stand-in answers like Telegram does, so the front-end tests can be trusted."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.standins.telegram import (
    FLOOD_LIMITS,
    LIMITS_CORPUS,
    MAX_CALLBACK_DATA,
    MAX_TEXT_LENGTH,
    PublishedLimits,
    TelegramStandIn,
    published_limits,
)


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
    assert standin.message(42, message_id).text == "50%"
    assert standin.message(42, message_id).edits == 1


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
    sent = (await call(client, standin, "sendMessage", chat_id=42, text="Delete #1?"))["result"]
    query_id = standin.push_callback(42, "/delete 1 yes", message_id=sent["message_id"])

    first = await call(client, standin, "answerCallbackQuery", callback_query_id=query_id)
    second = await call(client, standin, "answerCallbackQuery", callback_query_id=query_id)

    assert first == {"ok": True, "result": True}
    assert second["error_code"] == 400


async def test_wait_for_fails_loudly_when_nothing_comes(standin: TelegramStandIn) -> None:
    with pytest.raises(AssertionError, match="no matching Bot API call"):
        await standin.wait_for(lambda c: c.method == "sendMessage", timeout=0.1)


# -- message ids: each chat counts on its own --------------------------------------------------


async def test_each_chat_numbers_its_messages_from_one(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    first_in_42 = standin.push_message(42, "/start")
    first_in_43 = standin.push_message(43, "/start")
    reply_42 = (await call(client, standin, "sendMessage", chat_id=42, text="hi 42"))["result"]
    reply_43 = (await call(client, standin, "sendMessage", chat_id=43, text="hi 43"))["result"]

    # The person's message and the bot's share their chat's count; the other chat has its own.
    assert (first_in_42, reply_42["message_id"]) == (1, 2)
    assert (first_in_43, reply_43["message_id"]) == (1, 2)
    assert [(m.text, m.from_bot) for m in standin.history(42)] == [
        ("/start", False),
        ("hi 42", True),
    ]
    assert [m.text for m in standin.sent(42)] == ["hi 42"]


async def test_an_edit_addresses_a_chat_and_a_message_in_it(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    standin.push_message(43, "/start")
    standin.push_message(43, "/help")
    only_in_43 = (await call(client, standin, "sendMessage", chat_id=43, text="hi"))["result"]
    assert only_in_43["message_id"] == 3

    # Message 3 exists, in chat 43: chat 42 has no message 3 to edit.
    wrong_chat = await call(
        client, standin, "editMessageText", chat_id=42, message_id=3, text="changed"
    )
    # A person's message is theirs, not the bot's to edit.
    theirs = await call(client, standin, "editMessageText", chat_id=43, message_id=1, text="x")

    assert wrong_chat["description"] == "Bad Request: message to edit not found"
    assert theirs["description"] == "Bad Request: message can't be edited"
    assert standin.message(43, 3).text == "hi"
    with pytest.raises(LookupError):
        standin.message(42, 3)


# -- deleteMessage -------------------------------------------------------------------------------


async def test_delete_message_removes_it_from_the_chat_and_only_once(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    sent = (await call(client, standin, "sendMessage", chat_id=42, text="bye"))["result"]

    deleted = await call(
        client, standin, "deleteMessage", chat_id=42, message_id=sent["message_id"]
    )
    again = await call(client, standin, "deleteMessage", chat_id=42, message_id=sent["message_id"])
    never = await call(client, standin, "deleteMessage", chat_id=42, message_id=99)
    edit = await call(
        client, standin, "editMessageText", chat_id=42, message_id=sent["message_id"], text="x"
    )

    assert deleted == {"ok": True, "result": True}
    gone = {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message to delete not found",
    }
    assert again == never == gone
    assert edit["description"] == "Bad Request: message to edit not found"
    assert standin.sent(42) == []
    assert [m.text for m in standin.history(42)] == ["/start"]


async def test_the_bot_deletes_a_persons_message_in_a_private_chat(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    theirs = standin.push_message(42, "/link token s3cret")
    body = await call(client, standin, "deleteMessage", chat_id=42, message_id=theirs)
    assert body == {"ok": True, "result": True}
    assert standin.history(42) == []


async def test_in_a_group_others_messages_need_the_bot_to_be_an_admin(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    group = -100777
    theirs = standin.push_message(42, "/link token s3cret", chat_id=group, chat_type="supergroup")
    own = (await call(client, standin, "sendMessage", chat_id=group, text="noted"))["result"]

    refused = await call(client, standin, "deleteMessage", chat_id=group, message_id=theirs)
    own_deleted = await call(
        client, standin, "deleteMessage", chat_id=group, message_id=own["message_id"]
    )
    assert refused == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message can't be deleted for everyone",
    }
    assert own_deleted["ok"] is True  # its own messages the bot may always delete
    assert [m.text for m in standin.history(group)] == ["/link token s3cret"]

    standin.make_chat_admin(group, standin.bot_id)
    allowed = await call(client, standin, "deleteMessage", chat_id=group, message_id=theirs)
    assert allowed["ok"] is True
    assert standin.history(group) == []


async def test_delete_message_in_an_unknown_chat_is_refused(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    body = await call(client, standin, "deleteMessage", chat_id=777, message_id=1)
    assert body["description"] == "Bad Request: chat not found"


async def test_a_deleted_document_is_gone_from_the_documents(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/files 1 send")
    response = await client.post(
        f"{standin.base_url}{standin.token}/sendDocument",
        data={"chat_id": "42"},
        files={"document": ("ep.mkv", b"episode")},
    )
    sent = response.json()["result"]
    assert [d.filename for d in standin.documents(42)] == ["ep.mkv"]

    body = await call(client, standin, "deleteMessage", chat_id=42, message_id=sent["message_id"])

    assert body["ok"] is True
    assert standin.documents(42) == []
    assert [m.text for m in standin.history(42)] == ["/files 1 send"]


async def test_next_call_waits_for_the_next_matching_call(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    standin.push_message(42, "/start")
    standin.push_message(43, "/start")
    await call(client, standin, "sendMessage", chat_id=42, text="before")  # not "next": earlier
    waiting = asyncio.ensure_future(standin.next_call("sendMessage", chat_id=42))
    await call(client, standin, "sendMessage", chat_id=43, text="other chat")
    await call(client, standin, "sendMessage", chat_id=42, text="this one")
    assert (await waiting).text == "this one"


# -- the Bot API's published limits, from the shared corpus ------------------------------------


@pytest.fixture(scope="module")
def published(corpora: Path) -> PublishedLimits:
    if not (corpora / LIMITS_CORPUS).is_file():
        pytest.skip(f"{LIMITS_CORPUS} is not in the shared corpora at {corpora}")
    return published_limits(corpora)


def test_the_standins_limits_are_the_ones_the_bot_api_publishes(
    published: PublishedLimits,
) -> None:
    assert published.text_length == published.edit_text_length == (1, MAX_TEXT_LENGTH)
    assert published.callback_data == (1, MAX_CALLBACK_DATA)


def test_the_standins_flood_limits_are_the_ones_telegram_publishes(
    published: PublishedLimits,
) -> None:
    if published.flood is None:
        pytest.skip(
            f"{LIMITS_CORPUS} states no flood limits (the Bot API spec has none; Telegram's Bots "
            f"FAQ does): the stand-in's {FLOOD_LIMITS} are checked against no corpus"
        )
    assert published.flood == FLOOD_LIMITS


@pytest.mark.parametrize("method", ["sendMessage", "editMessageText"])
async def test_a_text_at_the_published_length_passes_and_one_more_is_too_long(
    standin: TelegramStandIn, client: httpx.AsyncClient, published: PublishedLimits, method: str
) -> None:
    _, longest = published.text_length if method == "sendMessage" else published.edit_text_length
    standin.push_message(42, "/start")
    target: dict[str, Any] = {"chat_id": 42}
    if method == "editMessageText":
        sent = (await call(client, standin, "sendMessage", chat_id=42, text="short"))["result"]
        target["message_id"] = sent["message_id"]

    over = await call(client, standin, method, **target, text="é" * (longest + 1))
    # Telegram counts UTF-16 code units: an astral character is two of them.
    over_astral = await call(client, standin, method, **target, text="🎬" * (longest // 2 + 1))
    fits = await call(client, standin, method, **target, text="é" * longest)

    too_long = {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
    assert over == over_astral == too_long
    assert fits["ok"] is True


async def test_callback_data_at_the_published_size_passes_and_one_byte_more_is_invalid(
    standin: TelegramStandIn, client: httpx.AsyncClient, published: PublishedLimits
) -> None:
    shortest, longest = published.callback_data
    standin.push_message(42, "/start")

    def markup(data: str) -> dict[str, Any]:
        return {"inline_keyboard": [[{"text": "b", "callback_data": data}]]}

    fits = await call(
        client, standin, "sendMessage", chat_id=42, text="a", reply_markup=markup("x" * longest)
    )
    # Bytes, not characters: "フ" is three bytes in UTF-8.
    wide = "フ" * (longest // 3) + "x" * (longest % 3 + 1)
    refused = [
        await call(client, standin, "sendMessage", chat_id=42, text="b", reply_markup=markup(data))
        for data in ("x" * (longest + 1), wide, "x" * (shortest - 1))
    ]

    assert fits["ok"] is True
    invalid = {"ok": False, "error_code": 400, "description": "Bad Request: BUTTON_DATA_INVALID"}
    assert refused == [invalid] * 3
    assert [m.text for m in standin.sent(42)] == ["a"]


# -- flood limits --------------------------------------------------------------------------------


async def test_a_second_message_within_a_private_chats_second_gets_429(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    limits = standin.enforce_limits()  # real time: one a second
    assert limits.private_chat.count == 1 and limits.private_chat.seconds == 1.0
    standin.push_message(42, "/start")
    standin.push_message(43, "/start")

    first = await call(client, standin, "sendMessage", chat_id=42, text="one")
    second = await call(client, standin, "sendMessage", chat_id=42, text="two")
    elsewhere = await call(client, standin, "sendMessage", chat_id=43, text="one")

    assert first["ok"] is True and elsewhere["ok"] is True
    assert second == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert standin.refused_by == ["chat"]


async def test_a_group_takes_twenty_messages_a_minute(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    limits = standin.enforce_limits()
    group = -100555
    standin.open_chat(group, "supergroup")
    answers = [
        await call(client, standin, "sendMessage", chat_id=group, text=f"n{n}")
        for n in range(limits.group_chat.count + 1)
    ]
    assert all(a["ok"] for a in answers[:-1])
    refused = answers[-1]
    assert refused["error_code"] == 429
    # Most of the minute is left to wait; Telegram says so in whole seconds.
    assert 50 <= refused["parameters"]["retry_after"] <= math.ceil(limits.group_chat.seconds)


async def test_thirty_messages_a_second_in_all(
    standin: TelegramStandIn, client: httpx.AsyncClient
) -> None:
    limits = standin.enforce_limits()
    chats = range(5000, 5000 + limits.overall.count + 1)  # one message each: no chat limit hit
    for chat in chats:
        standin.open_chat(chat)
    answers = [await call(client, standin, "sendMessage", chat_id=c, text="hi") for c in chats]
    assert all(a["ok"] for a in answers[:-1])
    assert answers[-1]["error_code"] == 429
    assert standin.refused_by == ["overall"]


def test_a_test_may_run_the_limits_faster_but_not_change_their_counts(
    standin: TelegramStandIn,
) -> None:
    limits = standin.enforce_limits(speedup=4, group_speedup=20)
    assert [r.count for r in (limits.overall, limits.private_chat, limits.group_chat)] == [
        FLOOD_LIMITS.overall.count,
        FLOOD_LIMITS.private_chat.count,
        FLOOD_LIMITS.group_chat.count,
    ]
    assert limits.private_chat.seconds == FLOOD_LIMITS.private_chat.seconds / 4
    assert limits.group_chat.seconds == FLOOD_LIMITS.group_chat.seconds / 20
    assert standin.flood_limits == limits
