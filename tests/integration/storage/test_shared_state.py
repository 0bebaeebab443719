"""Pick lists and rate buckets on PostgreSQL, as several bot processes behind one webhook share
them: what one process kept, another finds; takes made at once by two processes never give a user
more than one burst; lists expire, and a wrong token gets the message it always got.

"Another process" is a real one (shared_state_worker.py) with its own connections."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.error_text import describe
from bot.errors import ChoiceExpired, NotYours
from domain.errors import TooManyRequests
from domain.releases import Candidate, parse
from domain.security.ratelimit import Rate
from storage import models
from storage.database import Database
from storage.repositories.pick_lists import PostgresPickLists
from storage.repositories.rate_buckets import PostgresRateBuckets
from tests.fakes import release
from tests.harness.databases import clear_tables, migrated_database
from tests.harness.process import ROOT, process_env
from tests.world import World, build_world

WORKER = "tests.integration.storage.shared_state_worker"
TITLES = (
    "[SubsPlease] Sousou no Frieren - 05 (1080p) [AAAA].mkv",
    "[Erai-raws] Sousou no Frieren - 05 [720p].mkv",
)
ADMIN = "1000"
TIMEOUT = 60


@pytest.fixture
async def postgres(postgres_module_url: str) -> AsyncIterator[Database]:
    async with migrated_database(postgres_module_url) as database:
        await clear_tables(database)
        yield database


async def start(url: str, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", WORKER, url, *args,
        cwd=ROOT,
        env={**process_env({}), "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def last_line(process: asyncio.subprocess.Process) -> Any:
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 0, err.decode()
    return json.loads(out.decode().splitlines()[-1])


async def in_another_process(url: str, *args: str) -> Any:
    return await last_line(await start(url, *args))


def shown(*titles: str, why: tuple[str, ...] = ("1080p",)) -> tuple[Candidate, ...]:
    return tuple(Candidate(release(t), parse(t), why=why) for t in titles)


async def test_a_list_kept_by_one_process_is_found_by_another(
    postgres: Database, postgres_module_url: str
) -> None:
    kept = await PostgresPickLists().put(7, "frieren 5", shown(*TITLES), "Frieren")
    found = await in_another_process(postgres_module_url, "get", kept.token)
    assert found == {"owner": 7, "query": "frieren 5", "show": "Frieren", "titles": list(TITLES)}

    theirs = await in_another_process(postgres_module_url, "put", "8", "frieren", *TITLES)
    here = await PostgresPickLists().get(theirs["token"])
    assert here is not None and here.owner_id == 8 and here.show == "Frieren"
    assert here.candidates == shown(*TITLES, why=("test",))  # every field, as it was kept


async def test_a_list_expires_and_the_next_write_clears_it(postgres: Database) -> None:
    lists = PostgresPickLists(ttl=1800)
    old = await lists.put(7, "frieren", shown(*TITLES))
    assert await lists.get(old.token) is not None
    await models.PickListRow.filter(token=old.token).update(created=old.created - 1800)
    assert await lists.get(old.token) is None
    new = await lists.put(7, "frieren", shown(*TITLES))
    assert [row.token for row in await models.PickListRow.all()] == [new.token]


async def test_only_the_newest_lists_are_kept(postgres: Database) -> None:
    lists = PostgresPickLists(limit=2)
    first, second, third = [await lists.put(1, q, ()) for q in ("a", "b", "c")]
    assert await lists.get(first.token) is None
    assert await lists.get(second.token) is not None and await lists.get(third.token) is not None


async def test_takes_from_two_processes_at_once_never_exceed_the_burst(
    postgres: Database, postgres_module_url: str
) -> None:
    burst, asked = 6, 15
    workers = [
        await start(postgres_module_url, "take", "42", str(burst), "0.001", str(asked))
        for _ in range(2)
    ]
    for worker in workers:  # both have the database open...
        assert worker.stdout is not None
        line = await asyncio.wait_for(worker.stdout.readline(), TIMEOUT)
        assert line.strip() == b"ready"
    for worker in workers:  # ...and are let go together
        assert worker.stdin is not None
        worker.stdin.write(b"go\n")
        await worker.stdin.drain()
    granted = [(await last_line(worker))["granted"] for worker in workers]
    assert sum(granted) == burst, granted
    # This process shares the same bucket: spent too.
    assert await PostgresRateBuckets().spend(42, "search", Rate(burst, 0.001)) > 0


async def test_a_bucket_refills_on_the_databases_time(postgres: Database) -> None:
    buckets, rate = PostgresRateBuckets(), Rate(2, 2)  # two at once, then one every 30 s
    assert [await buckets.spend(5, "get", rate) for _ in range(2)] == [0.0, 0.0]
    wait = await buckets.spend(5, "get", rate)
    assert 29 < wait <= 30
    assert await buckets.spend(6, "get", rate) == 0.0  # someone else's bucket is untouched
    bucket = await models.RateBucket.get(user_id=5, command="get")
    await models.RateBucket.filter(id=bucket.id).update(updated=bucket.updated - 30)
    assert await buckets.spend(5, "get", rate) == 0.0


async def test_buckets_left_alone_long_enough_to_fill_are_forgotten(postgres: Database) -> None:
    buckets, rate = PostgresRateBuckets(prune_every=1), Rate(2, 2)  # full again after a minute
    await buckets.spend(5, "get", rate)
    await buckets.spend(6, "get", rate)
    await models.RateBucket.filter(user_id=5).update(updated=0.0)  # untouched for ages
    await buckets.spend(7, "get", rate)
    assert sorted(b.user_id for b in await models.RateBucket.all()) == [6, 7]
    # A forgotten bucket is a full one: user 5 has the whole burst again.
    assert [await buckets.spend(5, "get", rate) for _ in range(2)] == [0.0, 0.0]


def shared_world(**settings: Any) -> World:
    """One bot process's dispatcher, its lists and buckets in the database."""
    return build_world(
        admins=(ADMIN,),
        releases=[release(t) for t in TITLES],
        picks=PostgresPickLists(),
        rate_buckets=PostgresRateBuckets(),
        **settings,
    )


async def test_a_search_answered_by_one_process_is_picked_in_another(postgres: Database) -> None:
    first, second = shared_world(), shared_world()
    answer = await first.say(ADMIN, "/search frieren 5")
    pick = next(b.command for b in answer.buttons if b.command.endswith(" 2"))
    added = await second.say(ADMIN, pick)
    assert added.text.startswith("Added #1: [Erai-raws] Sousou no Frieren - 05 [720p]")
    assert first.downloads.rows == {} and len(second.downloads.rows) == 1


async def test_unknown_and_other_peoples_lists_get_the_usual_answers(postgres: Database) -> None:
    w = shared_world()
    code = (await w.say(ADMIN, "/invite")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    answer = await w.say(ADMIN, "/search frieren 5")
    pick = answer.buttons[0].command
    with pytest.raises(NotYours) as refused:
        await w.say("2", pick)
    assert describe(refused.value) == (
        "Those buttons are for the person who asked. Send your own command."
    )
    for token in ("deadbeef", "x" * 40, "';DROP/**/TABLE/**/pick_lists;--"):
        with pytest.raises(ChoiceExpired) as expired:
            await w.say(ADMIN, f"/pick {token} 1")
        assert describe(expired.value) == "Those choices have expired. Search again."
    assert w.downloads.rows == {}


async def test_the_search_budget_is_one_for_all_processes(postgres: Database) -> None:
    first, second = (shared_world(rate_limit_search=2) for _ in range(2))
    for w in (first, second):
        code = (await w.say(ADMIN, "/invite")).text.split("/start ")[1].split()[0]
        await w.say("2", f"/start {code}")  # the same user id in each, as in one database
    await first.say("2", "/search frieren")
    await second.say("2", "/search frieren")
    with pytest.raises(TooManyRequests) as caught:
        await first.say("2", "/search frieren")
    assert "/search again in" in describe(caught.value)
