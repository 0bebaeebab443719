"""Every door that adds a torrent keeps /get's per-user pace: a /pick (a /search button) and a
watchlist Get button take from the same budget, so no command adds torrents faster; paging
through a list adds nothing and takes nothing."""

from __future__ import annotations

import pytest

from domain.errors import TooManyRequests
from tests.integration.telegram.people import FRIEREN, RELEASES
from tests.world import World, build_world

MEMBER = "2000"


async def paced_world() -> World:
    world = build_world(
        admins=(), releases=RELEASES, media=[FRIEREN], rate_limit_get=1, rate_limit_search=10
    )
    await world.person(MEMBER)
    return world


async def test_a_pick_takes_from_the_get_budget() -> None:
    world = await paced_world()
    listed = await world.say(MEMBER, "/search frieren 5")
    token = listed.buttons[0].command.split()[1]

    await world.say(MEMBER, f"/pick {token} p1")  # a page: no download, no budget spent
    added = await world.say(MEMBER, f"/pick {token} 1")
    assert added.text.startswith("Added #1:")

    with pytest.raises(TooManyRequests):
        await world.say(MEMBER, f"/pick {token} 2")
    with pytest.raises(TooManyRequests):
        await world.say(MEMBER, "/get frieren 6")
    assert len(world.torrents.torrents_by_hash) == 1
