"""The one error handler: friendly words in the chat, the details in the log at the right level."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.error_text import describe
from bot.telegram.application import build_application, run_telegram
from domain.errors import InvalidConnectCode
from domain.models import TorrentStatus
from tests.fakes import FakeTorrents
from tests.integration.telegram.people import ADMIN_ID, FRIEREN, RELEASES, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World, build_world


class BuggyTorrents(FakeTorrents):
    """A torrent client with a bug of ours in it: listing blows up with no domain error."""

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        raise RuntimeError("a bug, not an outage")


@pytest.fixture
async def buggy(standin: TelegramStandIn) -> AsyncIterator[Person]:
    world = build_world(
        releases=RELEASES,
        media=[FRIEREN],
        admins=[str(ADMIN_ID)],
        torrents=BuggyTorrents(),
    )
    application = build_application(
        standin.token, standin.base_url, world.dispatcher, world.services, world.box.completions
    )
    async with run_telegram(application, poll_timeout=5.0):
        yield Person(standin, ADMIN_ID, "Alice")


async def test_a_bug_gets_a_polite_reply_and_a_traceback_in_the_log(
    buggy: Person, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")

    answer = await buggy.send("/status")

    assert answer.text == describe(RuntimeError())
    assert "Traceback" not in answer.text and "bug" not in answer.text
    [record] = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    # The bot is still there.
    assert (await buggy.send("/start")).text.startswith("Hi Alice!")


@pytest.mark.parametrize("text", ["/get", "/frobnicate", "/resume 42"])
async def test_expected_refusals_are_logged_briefly(
    admin: Person, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")

    await admin.send(text)

    [record] = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert record.levelno == logging.INFO
    assert record.exc_info is None


async def test_an_outage_is_logged_as_a_warning_without_a_traceback(
    admin: Person, caplog: pytest.LogCaptureFixture, world: World
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")
    world.index.down = True

    await admin.send("/get frieren 5")

    [record] = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage().startswith("Nyaa failed for telegram user 1001")


async def test_a_members_wrong_connect_code_is_answered_every_time(admin: Person) -> None:
    # Only those the box keeps out are told once a minute; a member's refusal is an answer each
    # time (issue 17: from the second wrong code on, the bot fell silent for a minute).
    for code in ["1", "2", "3"]:
        answer = await admin.send(f"/connect {code}")
        assert answer.text == describe(InvalidConnectCode("unknown")), code
