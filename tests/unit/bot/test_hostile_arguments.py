"""Every command through the real dispatcher with hostile arguments (issue 17): each answers or
raises an error `describe` words; none crashes, logs an ERROR, or changes anything."""

from __future__ import annotations

import logging

import pytest

from bot.commands import COMMANDS, Reply
from bot.error_text import describe
from bot.errors import BotError
from domain.anilist.accounts import AniListAccount
from domain.errors import DomainError
from domain.models import Role
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.hostile import HOSTILE
from tests.integration.telegram.people import FRIEREN, RELEASES
from tests.world import World, build_world

ADMIN, MEMBER = "1", "2"
ANILIST_ID = 5001
CRASH = describe(RuntimeError())

# Where each command reads a number, beyond `/<name> {x}` for every command. {token} is a live
# /search list of the admin's.
PLACES = [
    "/get frieren {x}",
    "/get frieren ep {x}",
    "/get frieren #{x} again",
    "/status #{x}",
    "/delete {x} yes",
    "/delete {x} files",
    "/files {x} send",
    "/pick {token} {x}",
    "/pick {token} p{x}",
    "/invite {x} {x}",
    "/invite 1 {x} admin",
    "/ban #{x}",
    "/quota 2 disk {x}",
    "/quota 2 disk {x}G",
    "/quota 2 active {x}",
    "/quota 2 daily {x}",
    "/quota {x} disk 20G",
    "/watchlist +1 {x}",
    "/watchlist get {x} 1",
    "/watchlist get 154587 {x}",
    "/watchlist watched {x} 6",
    "/watchlist watched 154587 {x}",
    "/watchlist complete {x}",
    "/unsubscribe #{x}",
    "/feeds remove {x}",
    "/feeds test #{x}",
    "/feeds add https://feeds.example/rss every={x}",
    "/feeds add https://feeds.example/rss min={x}",
    "/feeds add https://feeds.example/rss every={x}m",
    "/settings resolution {x}",
    "/settings min {x}p",
    "/settings maxsize {x}",
    "/settings maxsize {x}G",
    "/connect {x}",
    "/start {x}",
]
# A title may be searched for (and found wanting): a request may be written, nothing added. A
# broadcast's text is any text: it is sent (and audited), which is no number misread.
SEARCHES = ("/get ", "/search ", "/rejected ", "/subscribe ", "/broadcast ")


def _texts(token: str, x: str) -> list[str]:
    every = [f"/{command.name} {x}" for command in COMMANDS]
    return [*every, *(place.format(x=x, token=token) for place in PLACES)]


async def _world() -> tuple[World, str]:
    lists = FakeAniListLists(
        lists={ANILIST_ID: [list_entry(154587, "Sousou no Frieren", 5, 12, 8)]},
        tokens={"tok": ANILIST_ID},
    )
    world = build_world(admins=[ADMIN], releases=RELEASES, media=[FRIEREN], lists=lists)
    world.anilist.tokens["tok"] = AniListAccount(ANILIST_ID, "alice")
    await world.say(ADMIN, "/start")
    await world.person(MEMBER, role=Role.USER)
    await world.say(ADMIN, "/link token tok")
    await world.say(MEMBER, "/link token tok")
    listed = await world.say(ADMIN, "/search frieren 5")
    token = next(b.command.split()[1] for b in listed.buttons if b.command.startswith("/pick "))
    return world, token


def _state(world: World, *, strict: bool) -> tuple[object, ...]:
    return (
        sorted(world.torrents.torrents_by_hash),
        list(world.torrents.added_sources),
        sorted(world.downloads.rows),
        sorted(world.requests.rows) if strict else None,
        sorted(world.users.users),
        sorted(world.feeds.rows),
        sorted(world.subscriptions.rows),
        sorted(world.invites.rows) if strict else None,
        dict(world.quotas.rows),
        len(world.audit.entries) if strict else None,
    )


@pytest.mark.parametrize("who", [ADMIN, MEMBER], ids=["admin", "member"])
@pytest.mark.parametrize("x", list(HOSTILE.values()), ids=list(HOSTILE))
async def test_hostile_arguments_get_a_worded_answer_and_change_nothing(
    who: str, x: str, caplog: pytest.LogCaptureFixture
) -> None:
    world, token = await _world()
    caplog.set_level(logging.DEBUG)
    for text in _texts(token, x):
        searches = text.startswith(SEARCHES) and not text.startswith("/get frieren ")
        # With nothing in its place, `/invite` makes the default invite, as it should.
        searches = searches or (x == "" and text.startswith("/invite"))
        before = _state(world, strict=not searches)
        try:
            answer = await world.say(who, text)
        except (DomainError, BotError) as exc:
            assert describe(exc) != CRASH, (text, exc)
        except Exception as exc:
            pytest.fail(f"{text[:80]!r} raised {exc!r}")
        else:
            assert isinstance(answer, Reply), text
        assert _state(world, strict=not searches) == before, text[:80]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


@pytest.mark.parametrize("x", ["²", "①", "٣", "５", "9" * 400])
async def test_non_ascii_digits_get_the_commands_usage(x: str) -> None:
    world, token = await _world()
    for text, usage in [
        (f"/status {x}", "Usage: /status <download number>"),
        (f"/files {x}", "Usage: /files <download number>"),
        (f"/delete {x} yes", "Usage: /delete <download number>"),
        (f"/pause {x}", "Usage: /pause <download number>"),
        (f"/audit {x}", "Usage: /audit [how many]"),
        (f"/invite {x} {x}", "Usage: /invite [uses] [days]"),
        (f"/pick {token} {x}", "Usage: /pick"),
        (f"/quota 2 disk {x}G", "Usage: /quota <user number>"),
        (f"/ban {x}", "Usage: /ban <user number>"),
        (f"/feeds remove {x}", "Usage: /feeds remove <number>"),
        (f"/settings resolution {x}", "Usage: /settings"),
        (f"/watchlist +1 {x}", "Usage: /watchlist"),
        (f"/watchlist watched 154587 {x}", "Usage: /watchlist"),
        (f"/watchlist complete {x}", "Usage: /watchlist"),
    ]:
        with pytest.raises(BotError) as refused:
            await world.say(ADMIN, text)
        assert describe(refused.value).startswith(usage), text
