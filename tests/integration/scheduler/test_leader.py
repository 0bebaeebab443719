"""Two scheduler processes on one PostgreSQL: exactly one leads, and the other takes over when
the leader's connection dies."""

from __future__ import annotations

import asyncpg
import pytest

from scheduler.leader import AlwaysLeader, leader_for
from scheduler.postgres_leader import PostgresLeader
from storage.urls import direct_connection, parse_database_url
from tests.harness.databases import postgres_server_url, postgres_unreachable_reason

KEY = 0x5EED_0006  # not the production key, so a running box on this server is not disturbed


@pytest.fixture
async def server_url() -> str:
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    return postgres_server_url()


def leader(url: str) -> PostgresLeader:
    """As `iiitorrent run` makes it from DATABASE_URL."""
    return PostgresLeader(direct_connection(parse_database_url(url)), key=KEY)


async def test_exactly_one_of_two_processes_leads_and_the_other_takes_over(
    server_url: str,
) -> None:
    first, second = leader(server_url), leader(server_url)
    try:
        assert await first.is_leader()
        assert not await second.is_leader()
        assert await first.is_leader()  # stays leader across runs
        assert not await second.is_leader()

        await first.close()  # the leader stops
        assert await second.is_leader()
        assert not await first.is_leader()
    finally:
        await first.close()
        await second.close()


async def test_a_leader_whose_connection_dies_is_replaced(server_url: str) -> None:
    first, second = leader(server_url), leader(server_url)
    try:
        assert await first.is_leader()
        # Kill the leader's session from outside, as a crashed process or a dropped link would;
        # with a timeout the call returns once the backend is gone and its lock released.
        admin = await asyncpg.connect(server_url)
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = $1 AND granted",
                KEY & 0xFFFFFFFF,
            )
        finally:
            await admin.close()
        assert await second.is_leader()
        assert not await first.is_leader()
    finally:
        await first.close()
        await second.close()


def test_sqlite_has_one_process_which_always_leads() -> None:
    assert isinstance(leader_for(None), AlwaysLeader)
    postgres = direct_connection(parse_database_url("postgres://u@h/db"))
    assert isinstance(leader_for(postgres), PostgresLeader)


async def test_a_url_carrying_the_pools_options_still_elects_a_leader(server_url: str) -> None:
    # `max_size` is the ORM's; handed to asyncpg as it is, the server refuses it as a setting.
    url = server_url + ("&" if "?" in server_url else "?") + "min_size=1&max_size=3"
    elected = leader(url)
    try:
        assert await elected.is_leader()
    finally:
        await elected.close()
