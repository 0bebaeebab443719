"""/search and a title-only /get answer with buttons; a press adds that release, pages turn with
Prev/Next, and a press by anyone but the asker changes nothing and tells only them why."""

from __future__ import annotations

import pytest

from bot.error_text import describe
from bot.errors import ChoiceExpired, NotYours
from bot.telegram.context import TelegramApplication
from domain.models import Platform
from tests.fakes import release
from tests.integration.telegram.people import ADMIN_ID, MEMBER_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World


def pick_buttons(data: list[str]) -> list[str]:
    return [d for d in data if d.startswith("/pick ") and not d.split()[-1].startswith("p")]


async def test_pressing_a_search_result_adds_that_release(admin: Person, world: World) -> None:
    answer = await admin.send("/search frieren")
    choices = pick_buttons(answer.button_data)
    assert len(choices) == 3
    assert all(len(c.encode()) <= 64 for c in answer.button_data)

    # The last choice, not the best: the 720p release, ranked below both 1080p ones.
    done = await admin.press(answer, choices[2])

    assert done.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 05 (720p)")
    [download] = world.downloads.rows.values()
    assert download.info_hash == "b" * 40
    owner = await world.users.by_identity(Platform.TELEGRAM, str(ADMIN_ID))
    assert owner is not None and download.owner_id == owner.id


async def test_a_title_without_an_episode_asks_which_one(admin: Person, world: World) -> None:
    answer = await admin.send("/get frieren")
    assert answer.text.startswith("Which one? Best releases for “frieren”")
    assert len(pick_buttons(answer.button_data)) == 3
    assert world.downloads.rows == {}


async def test_long_lists_page_with_prev_and_next(
    admin: Person, world: World, standin: TelegramStandIn
) -> None:
    for episode in range(7, 19):
        world.index.releases.append(
            release(
                f"[SubsPlease] Sousou no Frieren - {episode:02d} (1080p).mkv", f"{episode:040x}"
            )
        )
    first = await admin.send("/search frieren")
    assert "Page 1 of 3" in first.text
    rows = first.reply_markup["inline_keyboard"] if first.reply_markup else []
    assert [b["text"] for b in rows[-1]] == ["Next ›"]

    await admin.press(first, rows[-1][0]["callback_data"])
    second = standin.message(first.chat_id, first.message_id)
    assert "Page 2 of 3" in second.text and second.text.count("\n6. ") == 1
    nav = second.reply_markup["inline_keyboard"][-1] if second.reply_markup else []
    assert [b["text"] for b in nav] == ["‹ Prev", "Next ›"]  # side by side

    await admin.press(second, nav[0]["callback_data"])
    assert "Page 1 of 3" in standin.message(first.chat_id, first.message_id).text


async def test_someone_elses_search_buttons_do_nothing_but_say_so(
    admin: Person, world: World, standin: TelegramStandIn
) -> None:
    in_group = admin.in_group()
    answer = await in_group.send("/search frieren")
    member = Person(standin, MEMBER_ID, "Mia").in_group()

    said = await member.press_refused(answer, pick_buttons(answer.button_data)[0])
    # One chat's updates are handled in order: once this is answered, the press is done with.
    await member.send("/help")

    assert said == describe(NotYours("a list"))
    assert world.downloads.rows == {}
    assert standin.message(answer.chat_id, answer.message_id).edits == 0


@pytest.mark.parametrize("data", ["/pick deadbeef 1", "/pick deadbeef p2"])
async def test_an_expired_list_says_search_again(
    running: TelegramApplication, standin: TelegramStandIn, world: World, data: str
) -> None:
    admin = Person(standin, ADMIN_ID, "Alice")
    answer = await admin.send("/search frieren")
    # A keyboard from before a restart: its list is gone.
    standin.message(answer.chat_id, answer.message_id).reply_markup = {
        "inline_keyboard": [[{"text": "1", "callback_data": data}]]
    }
    said = await admin.press_refused(standin.message(answer.chat_id, answer.message_id), data)
    assert said == describe(ChoiceExpired("deadbeef"))
