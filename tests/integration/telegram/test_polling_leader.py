"""Telegram takes one long poll per token, so of several processes only the scheduler's leader
polls: a follower sends but takes no updates, starts polling when it becomes the leader, and
stops when it no longer is. The stand-in ends a poll with 409 when a second one arrives, as
Telegram does."""

from __future__ import annotations

import asyncio

import httpx

from bot.telegram.application import run_telegram
from bot.telegram.context import TelegramApplication
from tests.integration.telegram.people import ADMIN_ID, Person
from tests.standins.telegram import POLL_CONFLICT, TelegramStandIn

CHECK = 0.02  # seconds between the process's leadership checks here


class Leadership:
    """A leader the test hands out and takes back; counts how often it was asked."""

    def __init__(self) -> None:
        self.leads = False
        self.asked = 0
        self._changed = asyncio.Event()

    async def is_leader(self) -> bool:
        self.asked += 1
        self._changed.set()
        return self.leads

    async def close(self) -> None:
        return None

    async def asked_again(self, times: int = 3) -> None:
        """Until the process has checked `times` more times: what it does on its checks is done."""
        target = self.asked + times
        async with asyncio.timeout(5):
            while self.asked < target:
                self._changed.clear()
                await self._changed.wait()


async def test_a_follower_polls_only_while_it_leads(
    standin: TelegramStandIn, application: TelegramApplication
) -> None:
    leadership = Leadership()
    person = Person(standin, ADMIN_ID, "Alice")
    async with run_telegram(
        application, poll_timeout=1.0, leader=leadership, leader_check_interval=CHECK
    ):
        await leadership.asked_again()
        assert standin.polls_received == 0  # a follower takes no updates

        leadership.leads = True
        hello = await person.send("/start")  # the new leader polls, and answers
        assert hello.text.startswith("Hi Alice!")
        assert standin.poll_conflicts == []  # one poller

        leadership.leads = False
        await leadership.asked_again()
        assert application.updater is not None and not application.updater.running
        polls = standin.polls_received
        person.write("/help")
        await leadership.asked_again()
        assert standin.polls_received == polls and standin.pending_updates() == 1


async def test_the_standin_ends_a_poll_when_a_second_poller_arrives(
    standin: TelegramStandIn,
) -> None:
    """Why only one process may poll: Telegram (and so the stand-in) cuts the first one off."""
    url = f"{standin.base_url}{standin.token}/getUpdates"
    async with httpx.AsyncClient(timeout=10) as http:
        first = asyncio.ensure_future(http.post(url, json={"timeout": 5}))
        await standin.wait_until(lambda: standin.polls_waiting == 1)
        second = asyncio.ensure_future(http.post(url, json={"timeout": 0}))
        answer = await first
        await second
    assert answer.status_code == 409
    assert answer.json()["description"] == POLL_CONFLICT
    assert len(standin.poll_conflicts) == 1
