"""A download asked for in a group: its signed link reaches its owner privately, never the group
(issue 13). The group hears that it is ready, with a "Files" button that answers whoever presses
it privately; one who never started the bot is taken to the private chat instead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import Box
from bot.telegram.application import build_application, run_telegram
from bot.telegram.notifier import TelegramNotifier
from domain.models import Platform, Role
from tests.integration.telegram.people import (
    BEST_HASH,
    GROUP_ID,
    MEMBER_ID,
    REPLY_WITHIN,
    Person,
)
from tests.standins.telegram import ChatMessage, TelegramStandIn
from tests.world import World, rebuilt

PUBLIC_URL = "https://box.example"
OTHER_ID = 4004  # another member of the group
DEEP_LINK = "https://t.me/iiitorrent_test_bot?start="
QB_DEFAULT = "/downloads"  # where qBittorrent (faked) says it saves
EPISODE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
async def box(standin: TelegramStandIn, world: World, root: Path) -> AsyncIterator[Box]:
    """The box with finished files on disk, its bot running, and its outbox delivering through
    that bot, as bot/app.py wires them."""
    world.torrents.save_path_default = QB_DEFAULT
    box = rebuilt(world, settings={"download_dir": root, "public_url": PUBLIC_URL})
    application = build_application(
        standin.token, standin.base_url, box.dispatcher, box.services, box.completions
    )
    async with run_telegram(application, poll_timeout=5.0):
        box.notifiers[Platform.TELEGRAM] = TelegramNotifier(application.bot)
        yield box


@pytest.fixture
def mia(standin: TelegramStandIn) -> Person:
    standin.open_chat(GROUP_ID, "supergroup")
    return Person(standin, MEMBER_ID, "Mia")


async def _finish_in_group(
    mia: Person, world: World, box: Box, root: Path, info_hash: str = BEST_HASH, episode: int = 5
) -> None:
    """Mia asks in the group; the torrent finishes with its file on disk; the watcher and the
    outbox run once."""
    answer = await mia.in_group().send(f"/get frieren {episode}")
    assert answer.chat_id == GROUP_ID and "#" in answer.text
    name = EPISODE.replace("- 05", f"- {episode:02d}")
    world.torrents.finish_on_disk(info_hash, name, root, QB_DEFAULT)
    await box.completions.poll()
    await box.outbox.dispatch()


def _notice(standin: TelegramStandIn, chat_id: int, title: str) -> ChatMessage:
    found = [m for m in standin.sent(chat_id) if m.text.startswith(title)]
    assert len(found) == 1, [m.text for m in standin.sent(chat_id)]
    return found[0]


async def test_the_link_goes_to_the_owner_privately_and_the_group_hears_it_is_ready(
    standin: TelegramStandIn, world: World, box: Box, root: Path, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)  # Mia started the bot once
    await _finish_in_group(mia, world, box, root)

    private = _notice(standin, MEMBER_ID, "Download complete")
    assert PUBLIC_URL in private.text
    assert private.button_data == ["/files 1", "/status 1"]
    ready = _notice(standin, GROUP_ID, "Ready")
    assert "is ready" in ready.text and "privately" in ready.text
    assert ready.button_data == ["/files 1"]
    assert not any(PUBLIC_URL in m.text for m in standin.sent(GROUP_ID))


async def test_files_pressed_in_the_group_answers_the_owner_privately(
    standin: TelegramStandIn, world: World, box: Box, root: Path, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    await _finish_in_group(mia, world, box, root)
    ready = _notice(standin, GROUP_ID, "Ready")
    before = len(standin.sent(MEMBER_ID))
    mark = len(standin.calls)

    standin.push_callback(MEMBER_ID, "/files 1", ready.message_id, GROUP_ID)

    answer = await standin.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and c.chat_id == MEMBER_ID,
        REPLY_WITHIN,
        since=mark,
    )
    assert PUBLIC_URL in answer.text
    assert len(standin.sent(MEMBER_ID)) == before + 1
    await standin.wait_for(lambda c: c.method == "answerCallbackQuery", REPLY_WITHIN, since=mark)
    toast = standin.calls_of("answerCallbackQuery")[-1]
    assert toast.params.get("text") == "I've sent it to you privately."
    assert not toast.params.get("show_alert")
    # The group's message is as it was, and the group got nothing new.
    assert standin.message(GROUP_ID, ready.message_id).text == ready.text
    assert not any(PUBLIC_URL in m.text for m in standin.sent(GROUP_ID))


async def test_someone_elses_files_button_is_refused_to_the_presser_alone(
    standin: TelegramStandIn, world: World, box: Box, root: Path, mia: Person
) -> None:
    await world.users.create(
        platform=Platform.TELEGRAM, external_id=str(OTHER_ID), display_name="Ola", role=Role.USER
    )
    standin.open_chat(MEMBER_ID)
    standin.open_chat(OTHER_ID)
    await _finish_in_group(mia, world, box, root)
    ready = _notice(standin, GROUP_ID, "Ready")
    ola = Person(standin, OTHER_ID, "Ola", GROUP_ID)
    group_before = [m.text for m in standin.sent(GROUP_ID)]

    alert = await ola.press_refused(ready, "/files 1")

    assert alert == "I can't find that download among yours. /status lists them."
    assert standin.sent(OTHER_ID) == []
    assert [m.text for m in standin.sent(GROUP_ID)] == group_before


async def test_an_owner_who_never_started_the_bot_is_taken_to_the_private_chat(
    standin: TelegramStandIn, world: World, box: Box, root: Path, mia: Person
) -> None:
    await _finish_in_group(
        mia, world, box, root
    )  # Mia never pressed Start: Telegram refuses the notice
    assert standin.sent(MEMBER_ID) == []
    ready = _notice(standin, GROUP_ID, "Ready")
    mark = len(standin.calls)

    query_id = standin.push_callback(MEMBER_ID, "/files 1", ready.message_id, GROUP_ID)

    answered = await standin.wait_for(
        lambda c: (
            c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
        ),
        REPLY_WITHIN,
        since=mark,
    )
    assert answered.params.get("url") == DEEP_LINK + "cmd-files-1"
    assert not any(PUBLIC_URL in m.text for m in standin.sent(GROUP_ID))

    # Following it: Telegram opens the chat and sends /start with the payload; the links come.
    files = await mia.send("/start cmd-files-1")
    assert PUBLIC_URL in files.text


async def test_starting_the_bot_lets_later_notices_through(
    standin: TelegramStandIn, world: World, box: Box, root: Path, mia: Person
) -> None:
    await _finish_in_group(mia, world, box, root)
    assert standin.sent(MEMBER_ID) == []  # refused once: the chat is marked gone

    await mia.send("/start")
    await _finish_in_group(mia, world, box, root, "e" * 40, episode=6)

    later = _notice(standin, MEMBER_ID, "Download complete")
    assert "#2" in later.text and PUBLIC_URL in later.text
