"""A button's data carrying digits of another script (issue 17): forged callback data runs the
same dispatcher as typed text, and gets the command's usage, never a crash in the log."""

from __future__ import annotations

import logging

import pytest

from tests.integration.telegram.people import REPLY_WITHIN, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World


@pytest.mark.parametrize(
    ("data", "usage"),
    [
        ("/delete ² yes", "Usage: /delete <download number>"),
        ("/pause ③", "Usage: /pause <download number>"),
        ("/files ٣ send", "Usage: /files <download number>"),
        ("/status ５", "Usage: /status <download number>"),
        ("/quota 2 disk " + "9" * 400 + "G", "Usage: /quota <user number>"),
    ],
)
async def test_a_button_with_non_ascii_digits_gets_the_usage(
    admin: Person,
    standin: TelegramStandIn,
    world: World,
    caplog: pytest.LogCaptureFixture,
    data: str,
    usage: str,
) -> None:
    hello = await admin.send("/start")
    caplog.set_level(logging.WARNING)
    mark = len(standin.calls)

    query_id = standin.push_callback(admin.user_id, data, hello.message_id, admin.chat)

    await standin.wait_for(
        lambda c: (
            c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
        ),
        REPLY_WITHIN,
        since=mark,
    )
    # The usage comes as the press's answer or as a message: either way, in words.
    await standin.wait_for(
        lambda c: str(c.params.get("text", "")).startswith(usage), REPLY_WITHIN, since=mark
    )
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert world.torrents.added_sources == [] and world.downloads.rows == {}
