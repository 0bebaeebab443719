"""The free-space floor: below DISK_FREE_FLOOR new downloads are refused with a clear message,
before anything is written or sent to qBittorrent."""

from __future__ import annotations

import pytest

from bot.commands import Caller
from bot.error_text import describe
from domain.errors import DiskFull
from domain.models import Media, Platform, RequestState, Role, User
from domain.services.disk import DiskGuard
from tests.fakes import release
from tests.fakes_retention import FakeSpace
from tests.world import World, build_world

GB = 1024**3
FRIEREN = Media(id=154587, romaji="Sousou no Frieren", english="Frieren", episodes=28)
EPISODE = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", size=2 * GB)
MAGNET = f"magnet:?xt=urn:btih:{'9' * 40}&dn=Some%20Show%20-%2001"


def box(free: int, floor: int = 5 * GB) -> tuple[World, FakeSpace]:
    world = build_world(releases=[EPISODE], media=[FRIEREN], free_space=free, disk_free_floor=floor)
    return world, world.space


async def someone(world: World) -> User:
    return await world.users.create(
        platform=Platform.TELEGRAM, external_id="10", display_name="A", role=Role.ADMIN
    )


@pytest.mark.parametrize("how", ["episode", "magnet"])
async def test_under_the_floor_nothing_is_written_or_added(how: str) -> None:
    world, _ = box(free=4 * GB)
    user = await someone(world)
    with pytest.raises(DiskFull) as refused:
        if how == "episode":
            await world.services.downloads.request_episode(user, "frieren", 5)
        else:
            await world.services.downloads.request_magnet(user, MAGNET)
    assert (refused.value.free, refused.value.floor) == (4 * GB, 5 * GB)
    assert world.requests.rows == {} and world.torrents.torrents_by_hash == {}
    assert world.downloads.rows == {}


async def test_a_release_that_would_cross_the_floor_is_refused_and_the_request_says_why() -> None:
    world, _ = box(free=6 * GB)  # 1 GB above the floor; the episode is 2 GB
    user = await someone(world)
    with pytest.raises(DiskFull) as refused:
        await world.services.downloads.request_episode(user, "frieren", 5)
    assert refused.value.needed == 2 * GB
    (request,) = world.requests.rows.values()
    assert request.state is RequestState.FAILED
    assert world.torrents.torrents_by_hash == {}


async def test_with_room_the_download_is_added() -> None:
    world, space = box(free=8 * GB)
    added = await world.services.downloads.request_episode(await someone(world), "frieren", 5)
    assert added.download.info_hash == EPISODE.info_hash
    assert space.reads >= 1


async def test_a_floor_of_zero_never_reads_the_disk() -> None:
    world, space = box(free=0, floor=0)
    await world.services.downloads.request_magnet(await someone(world), MAGNET)
    assert space.reads == 0


async def test_the_user_is_told_in_words_through_the_command_layer() -> None:
    world, _ = box(free=1 * GB)
    dispatcher = world.dispatcher
    caller = Caller(Platform.TELEGRAM, "10", "A")
    await world.users.create(
        platform=Platform.TELEGRAM, external_id="10", display_name="A", role=Role.USER
    )
    with pytest.raises(DiskFull) as refused:
        await dispatcher.handle(caller, "/get frieren 5")
    text = describe(refused.value)
    assert "nearly out of disk space" in text
    assert "1.0 GiB" in text and "5.0 GiB" in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (DiskFull(GB, 5 * GB), "nearly out of disk space: only 1.0 GiB is free"),
        (DiskFull(6 * GB, 5 * GB, needed=2 * GB), "That release is 2.0 GiB, too big"),
    ],
)
def test_both_kinds_of_refusal_read_well(error: DiskFull, expected: str) -> None:
    assert expected in describe(error)


def test_a_negative_floor_is_a_bug() -> None:
    with pytest.raises(ValueError):
        DiskGuard(FakeSpace(0), -1)
