"""The one status message a download gets, kept up to date in place."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.telegram.application import run_telegram
from bot.telegram.context import TelegramApplication
from tests.integration.telegram.people import ADMIN_ID, BEST_HASH, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World


def edits_of(standin: TelegramStandIn, message_id: int) -> list[str]:
    return [c.text for c in standin.calls_of("editMessageText") if c.message_id == message_id]


# python-telegram-bot itself warns, inside RetryAfter, that the type of retry_after will change.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_flood_wait_on_an_edit_is_waited_out_not_fatal(
    admin: Person, standin: TelegramStandIn, world: World
) -> None:
    answer = await admin.send("/get frieren 5")
    standin.fail_next("editMessageText", retry_after=1)

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(torrent, progress=0.3)
    await world.box.completions.poll()  # the watcher's cycle sees it and tells the follower
    refused = await standin.wait_for(lambda c: c.method == "editMessageText" and not c.ok)
    accepted = await standin.wait_for(
        lambda c: c.method == "editMessageText" and c.ok and "30%" in c.text
    )

    assert refused.error_code == 429
    # The follower may edit every 0.05 s; the next edit waited the whole second Telegram asked.
    assert accepted.at - refused.at >= 0.95
    assert standin.message(answer.chat_id, answer.message_id).text.endswith(
        "███░░░░░░░ 30% · 0 B/s · ETA ∞"
    )


async def test_a_torrent_gone_from_the_client_is_reported_once_and_followed_no_more(
    admin: Person, standin: TelegramStandIn, world: World, running: TelegramApplication
) -> None:
    answer = await admin.send("/get frieren 5")
    progress = running.bot_data.front_end.progress
    await standin.wait_until(lambda: len(edits_of(standin, answer.message_id)) == 1)
    assert progress.active == 1

    del world.torrents.torrents_by_hash[BEST_HASH]  # removed behind the bot's back
    await world.box.completions.poll()

    await standin.wait_until(lambda: progress.active == 0)
    first, last = edits_of(standin, answer.message_id)
    assert first.endswith("░░░░░░░░░░ 0% · 0 B/s · ETA ∞")
    assert last.endswith("⚠️ no longer in the torrent client")
    assert standin.message(answer.chat_id, answer.message_id).text == last


async def test_deleting_a_download_stops_following_it_without_touching_its_message(
    admin: Person, standin: TelegramStandIn, world: World, running: TelegramApplication
) -> None:
    answer = await admin.send("/get frieren 5")
    await standin.wait_until(lambda: len(edits_of(standin, answer.message_id)) == 1)
    before = standin.message(answer.chat_id, answer.message_id).text
    progress = running.bot_data.front_end.progress

    await admin.send("/delete 1 yes")
    await world.box.completions.poll()

    await standin.wait_until(lambda: progress.active == 0)
    assert len(edits_of(standin, answer.message_id)) == 1
    assert standin.message(answer.chat_id, answer.message_id).text == before


async def test_shutting_down_stops_every_follower(
    application: TelegramApplication, standin: TelegramStandIn, world: World
) -> None:
    progress = application.bot_data.front_end.progress
    async with run_telegram(application, poll_timeout=5.0):
        await Person(standin, ADMIN_ID, "Alice").send("/get frieren 5")
        await standin.wait_until(lambda: progress.active == 1)

    # The follower of a download that never finished was cancelled and awaited, not leaked.
    assert progress.active == 0
    assert not application.running
