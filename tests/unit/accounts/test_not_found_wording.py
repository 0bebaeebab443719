"""What a person is told names the thing that is not there: a box user, an AniList user, a feed
or a download, each with the command that lists them; refusals of rank say why."""

from __future__ import annotations

import pytest

from bot.error_text import describe
from domain.errors import (
    AniListUserNotFound,
    DomainError,
    DownloadNotFound,
    FeedNotFound,
    NotAllowed,
    NotFound,
    OutOfRank,
    UserNotFound,
)
from domain.models import Role
from tests.world import World, build_world

OWNER, OWNER2, ADMIN, USER = "1000", "1001", "20", "30"


async def box() -> World:
    w = build_world(admins=(OWNER, OWNER2))
    await w.say(OWNER, "/start")
    await w.say(OWNER2, "/start")
    await w.person(ADMIN, role=Role.ADMIN)
    await w.person(USER)
    return w


async def told(w: World, who: str, text: str) -> tuple[DomainError, str]:
    with pytest.raises(DomainError) as caught:
        await w.say(who, text)
    return caught.value, describe(caught.value)


@pytest.mark.parametrize("command", ["/ban 999", "/unban 999", "/promote 999", "/demote 999"])
async def test_an_admin_acting_on_a_missing_user_is_told_so(command: str) -> None:
    w = await box()
    error, text = await told(w, ADMIN, command)
    assert isinstance(error, UserNotFound) and error.user_id == 999
    assert text == "I can't find user #999. /users lists everyone."


async def test_promoting_user_zero_names_the_user_not_a_download() -> None:
    w = await box()
    _, text = await told(w, OWNER, "/promote 0")
    assert text == "I can't find user #0. /users lists everyone."


async def test_the_owner_acting_on_themselves_is_told_so() -> None:
    w = await box()
    owner = (await w.users.everyone())[0]
    error, text = await told(w, OWNER, f"/ban {owner.id}")
    assert isinstance(error, OutOfRank) and isinstance(error, NotAllowed)
    assert text == "You can't do that to yourself."
    assert not (await w.users.everyone())[0].banned


async def test_acting_on_an_equal_is_out_of_reach_not_a_private_box() -> None:
    w = await box()
    owner2 = next(u for u in await w.users.everyone() if u.display_name == f"person {OWNER2}")
    _, text = await told(w, OWNER, f"/ban {owner2.id}")
    assert text == "That one is out of your reach: owners manage admins, admins manage users."


async def test_linking_an_anilist_name_nobody_has_names_it() -> None:
    w = await box()
    error, text = await told(w, USER, "/link nosuchuser")
    assert isinstance(error, AniListUserNotFound) and error.name == "nosuchuser"
    assert text == "AniList has no user called “nosuchuser”. Check the spelling."


@pytest.mark.parametrize("command", ["/status 999", "/pause 999", "/delete 999"])
async def test_a_missing_download_keeps_the_download_wording(command: str) -> None:
    w = await box()
    error, text = await told(w, USER, command)
    assert isinstance(error, DownloadNotFound)
    assert text == "I can't find that download among yours. /status lists them."


@pytest.mark.parametrize("command", ["/feeds remove 99", "/feeds test 99"])
async def test_a_missing_feed_points_at_the_feed_list(command: str) -> None:
    w = await box()
    reply = await w.say(USER, command)
    assert reply.text == "No feed #99 among yours. /feeds lists them."
    assert describe(FeedNotFound(99)) == reply.text  # the same words wherever it surfaces


def test_a_bare_not_found_claims_nothing_in_particular() -> None:
    assert describe(NotFound("save path outside DOWNLOAD_DIR")) == "I can't find that."
