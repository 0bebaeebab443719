"""/settings shows what a user wants picked for them and changes it, refusing bad values with a
clear reason and storing nothing half-done."""

from __future__ import annotations

import pytest

from bot.commands import Caller, Dispatcher
from bot.error_text import describe
from bot.errors import UsageError
from domain.errors import InvalidInput
from domain.models import Platform, Preferences, Role
from tests.world import World, build_world

MIA = "42"


async def world_with_mia() -> tuple[World, Dispatcher, int]:
    world = build_world()
    mia = await world.users.create(
        platform=Platform.TELEGRAM, external_id=MIA, display_name="Mia", role=Role.USER
    )
    return world, world.dispatcher, mia.id


async def say(dispatcher: Dispatcher, text: str) -> str:
    reply = await dispatcher.handle(Caller(Platform.TELEGRAM, MIA, "Mia"), text)
    assert all(len(b.command.encode()) <= 64 for b in reply.buttons)
    return reply.text


async def stored(world: World, user_id: int) -> Preferences:
    user = await world.users.get(user_id)
    assert user is not None
    return user.preferences


async def test_settings_alone_shows_the_defaults_with_buttons() -> None:
    _, dispatcher, _ = await world_with_mia()
    reply = await dispatcher.handle(Caller(Platform.TELEGRAM, MIA, "Mia"), "/settings")
    assert "Preferred resolution: 1080p" in reply.text
    assert "Preferred groups: any" in reply.text
    assert "Size cap per episode: none" in reply.text
    assert all(b.url is None for b in reply.buttons)  # every button changes something
    commands = [b.command for b in reply.buttons]
    assert "/settings resolution 720" in commands
    assert "/settings trusted on" in commands
    assert "/settings maxsize 2G" in commands
    assert "/settings language dub" in commands
    assert "Audio: no preference" in reply.text
    assert [b.label for b in reply.buttons if b.label.startswith("✓")] == [
        "✓ 1080p",
        "✓ No minimum",
        "✓ Any audio",
        "✓ No size cap",
    ]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/settings resolution 720", Preferences(resolution=720)),
        ("/settings resolution 4k", Preferences(resolution=2160)),
        ("/settings res 480p", Preferences(resolution=480)),
        ("/settings min 720", Preferences(min_resolution=720)),
        ("/settings groups SubsPlease, Erai-raws", Preferences(groups=("SubsPlease", "Erai-raws"))),
        ("/settings groups subsplease,SubsPlease,,", Preferences(groups=("subsplease",))),
        ("/settings trusted on", Preferences(trusted_only=True)),
        ("/settings maxsize 2G", Preferences(max_size=2 * 1024**3)),
        ("/settings maxsize 700MB", Preferences(max_size=700 * 1024**2)),
        ("/settings language dub", Preferences(language="dub")),
        ("/settings audio DUAL", Preferences(language="dual")),
    ],
)
async def test_each_change_is_stored(command: str, expected: Preferences) -> None:
    world, dispatcher, user_id = await world_with_mia()
    text = await say(dispatcher, command)
    assert text.startswith("Saved.")
    assert await stored(world, user_id) == expected


async def test_off_undoes_a_change() -> None:
    world, dispatcher, user_id = await world_with_mia()
    for command in (
        "/settings min 720",
        "/settings groups SubsPlease",
        "/settings trusted on",
        "/settings maxsize 2G",
    ):
        await say(dispatcher, command)
    for command in (
        "/settings min off",
        "/settings groups off",
        "/settings trusted off",
        "/settings maxsize off",
    ):
        await say(dispatcher, command)
    assert await stored(world, user_id) == Preferences()


async def test_lowering_the_resolution_lowers_a_floor_above_it() -> None:
    world, dispatcher, user_id = await world_with_mia()
    await say(dispatcher, "/settings min 1080")
    await say(dispatcher, "/settings resolution 720")
    assert await stored(world, user_id) == Preferences(resolution=720, min_resolution=720)


@pytest.mark.parametrize(
    ("command", "error", "says"),
    [
        ("/settings resolution 900", InvalidInput, "use one of 480, 720, 1080, 2160"),
        ("/settings min 2160", InvalidInput, "above your preferred 1080p"),
        ("/settings groups " + ",".join(f"G{i}" for i in range(11)), InvalidInput, "at most 10"),
        ("/settings groups " + "x" * 33, InvalidInput, "longer than 32"),
        ("/settings groups Subs<b>Please", InvalidInput, "characters"),
        ("/settings maxsize 10KB", InvalidInput, "between 1 MB and 1 TB"),
        ("/settings maxsize 2Q", UsageError, "Usage: /settings"),
        ("/settings resolution high", UsageError, "Usage: /settings"),
        ("/settings trusted maybe", UsageError, "Usage: /settings"),
        ("/settings language klingon", InvalidInput, "any, sub, dub, dual"),
        ("/settings colour blue", UsageError, "Usage: /settings"),
        ("/settings resolution", UsageError, "Usage: /settings"),
    ],
)
async def test_bad_values_are_refused_and_nothing_changes(
    command: str, error: type[Exception], says: str
) -> None:
    world, dispatcher, user_id = await world_with_mia()
    with pytest.raises(error) as raised:
        await say(dispatcher, command)
    assert says in describe(raised.value)
    assert await stored(world, user_id) == Preferences()
