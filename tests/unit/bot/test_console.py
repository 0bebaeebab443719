"""The console front-end end to end over fakes: what the operator types and reads."""

from __future__ import annotations

import asyncio

import pytest

from bot.commands import Caller
from bot.console import OPERATOR, Console
from domain.models import Media, Platform
from tests.fakes import release
from tests.world import World, build_world

FRIEREN = Media(id=154587, romaji="Sousou no Frieren", english="Frieren: Beyond Journey's End")
BEST = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", "a" * 40, seeders=900)
LOWER = release("[SubsPlease] Sousou no Frieren - 05 (720p) [5E4E2F0B].mkv", "b" * 40, seeders=400)


def world() -> World:
    return build_world(releases=[LOWER, BEST], media=[FRIEREN])


async def converse(fakes: World, *lines: str, caller: Caller = OPERATOR) -> list[str]:
    """Feed lines through a real stream reader; return what the console wrote, per line."""
    reader = asyncio.StreamReader()
    reader.feed_data("".join(f"{line}\n" for line in lines).encode())
    reader.feed_eof()
    written: list[str] = []
    await Console(fakes.dispatcher, reader, written.append, caller=caller).run()
    return written


async def test_get_then_status_then_complete() -> None:
    fakes = world()
    added, status = await converse(fakes, "/get frieren 5", "/status")
    assert "Added #1: [SubsPlease] Sousou no Frieren - 05 (1080p)" in added
    assert "Chosen for:" in added
    assert "#1 [SubsPlease] Sousou no Frieren - 05 (1080p)" in status
    assert "0%" in status

    fakes.torrents.finish(BEST.info_hash)
    (done,) = await converse(fakes, "status")  # the slash is optional at a terminal
    assert "✅ complete" in done


async def test_search_lists_best_first_with_the_facts_that_matter() -> None:
    (answer,) = await converse(world(), "/search frieren")
    first, second = answer.index("(1080p)"), answer.index("(720p)")
    assert first < second
    assert "1080p · SubsPlease" in answer and "900 seeders" in answer


async def test_delete_asks_first_and_keeps_the_torrent_until_confirmed() -> None:
    fakes = world()
    _, question = await converse(fakes, "/get frieren 5", "/delete 1")
    assert "/delete 1 yes" in question and "/delete 1 files" in question
    assert BEST.info_hash in fakes.torrents.torrents_by_hash

    (done,) = await converse(fakes, "/delete 1 files")
    assert "Deleted #1" in done
    assert fakes.torrents.deleted == [(BEST.info_hash, True)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/get", "Usage: /get"),
        ("/get nothing-like-this", "found no good release"),
        ("/get frieren 999999", "between 0 and 5000"),
        ("/get magnet:?xt=urn:btih:zzz", "magnet link doesn't look right"),
        ("/pause", "Usage: /pause"),
        ("/pause 42", "can't find that download"),
        ("/frobnicate", "I don't know /frobnicate"),
        ("/search " + "x" * 10_000, "too long"),
        ("/get nothing-like-this 3", "found no good release"),
    ],
)
async def test_bad_input_gets_a_clear_answer_and_the_console_keeps_going(
    line: str, expected: str
) -> None:
    fakes = world()
    bad, after = await converse(fakes, line, "/status")
    assert expected in bad
    assert "No downloads yet" in after
    assert fakes.torrents.torrents_by_hash == {}


async def test_a_release_qbittorrent_refuses_is_told_as_such_not_as_an_outage() -> None:
    fakes = world()
    fakes.torrents.unaddable = {BEST.info_hash}
    (refused,) = await converse(fakes, "/get frieren 5")
    assert "qBittorrent couldn't take that release" in refused and "/search" in refused
    assert "isn't answering" not in refused
    assert fakes.downloads.rows == {}
    assert {r.state.value for r in fakes.requests.rows.values()} == {"failed"}


async def test_services_down_are_named_and_nothing_is_left_half_done() -> None:
    fakes = world()
    fakes.index.down = True
    (nyaa,) = await converse(fakes, "/get frieren 5")
    assert "Nyaa isn't answering" in nyaa

    fakes.index.down, fakes.torrents.down = False, True
    (qbit,) = await converse(fakes, "/get frieren 5")
    assert "qBittorrent isn't answering" in qbit
    assert fakes.downloads.rows == {}
    assert {r.state.value for r in fakes.requests.rows.values()} == {"failed"}


async def test_a_stranger_is_refused_and_nothing_happens_for_them() -> None:
    fakes = world()
    stranger = Caller(Platform.TELEGRAM, "666", "mallory")
    (answer,) = await converse(fakes, "/get frieren 5", caller=stranger)
    assert "not on its list" in answer
    assert fakes.users.users == {} and fakes.requests.rows == {}


async def test_rejected_says_what_was_left_out_and_why() -> None:
    fakes = world()
    fakes.index.releases.append(
        release("[Foo] Sousou no Frieren - 05 (1080p).mkv", "c" * 40, seeders=0)
    )
    search_answer, rejected = await converse(fakes, "/search frieren", "/rejected frieren")
    assert "1 left out: /rejected frieren says why." in search_answer
    assert "[Foo] Sousou no Frieren - 05 (1080p).mkv" in rejected and "seeders" in rejected


async def test_the_same_episode_twice_is_refused_until_asked_again() -> None:
    fakes = world()
    _, second, third = await converse(
        fakes, "/get frieren 5", "/get frieren 5", "/get frieren 5 again"
    )
    assert "You have this episode already as #1" in second
    assert "again" in second
    assert "Added #1" in third  # the same torrent again: nothing new to fetch
