"""The bot token is in every Bot API URL; it must never reach a log line, even at DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import RedactingFilter
from bot.telegram.context import TelegramApplication
from tests.integration.telegram.people import ADMIN_ID, BEST_HASH, STRANGER_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World

# Held quiet by configure_logging in production; opened wide here to prove the filter holds.
_CHATTY = ("httpx", "httpcore", "telegram", "bot", "domain")


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def collected(standin: TelegramStandIn) -> Iterator[Collected]:
    handler = Collected()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # As the app does: the filter sits on the handler and knows the token as a secret.
    handler.addFilter(RedactingFilter([standin.token]))
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *_CHATTY)}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_the_token_never_appears_in_any_log_record(
    collected: Collected,
    standin: TelegramStandIn,
    world: World,
    running: TelegramApplication,
) -> None:
    admin = Person(standin, ADMIN_ID, "Alice")
    answer = await admin.send("/get frieren 5")
    world.torrents.finish(BEST_HASH)
    await standin.wait_for(
        lambda c: (
            c.method == "editMessageText"
            and c.message_id == answer.message_id
            and "complete" in c.text
        )
    )
    await Person(standin, STRANGER_ID, "Eve").send("/start")
    world.torrents.down = True
    await admin.send("/status")
    await admin.send("/frobnicate")

    secret_part = standin.token.split(":", 1)[1]
    assert collected.lines, "nothing was logged; the test would prove nothing"
    for line in collected.lines:
        assert secret_part not in line
    # httpx did log the Bot API URLs, with the token taken out.
    assert any(
        r.name == "httpx" and "/bot[redacted]/sendMessage" in r.getMessage()
        for r in collected.records
    )
    # The refusals and the outage were logged, without the token.
    assert any("refused unknown telegram user" in line for line in collected.lines)
    assert any("qBittorrent failed for telegram user" in line for line in collected.lines)
