"""The scheduling rules of the airing watcher, on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.airing.polling import next_poll, poll_interval, schedule_due, worth_hunting

AIR = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("since_air", "every"),
    [
        (timedelta(0), 5 * MIN),
        (59 * MIN, 5 * MIN),
        (HOUR, 15 * MIN),
        (6 * HOUR - MIN, 15 * MIN),
        (6 * HOUR, HOUR),
        (47 * HOUR, HOUR),
        (48 * HOUR, None),
        (-MIN, None),
    ],
)
def test_searches_back_off_with_time_since_air(
    since_air: timedelta, every: timedelta | None
) -> None:
    assert poll_interval(since_air) == every


def test_before_air_time_the_first_search_is_at_air_time() -> None:
    assert next_poll(AIR, AIR - 3 * HOUR) == AIR


def test_the_last_search_is_at_the_give_up_mark_then_none() -> None:
    assert next_poll(AIR, AIR + 47 * HOUR + 30 * MIN) == AIR + 48 * HOUR
    assert next_poll(AIR, AIR + 48 * HOUR) is None


def test_an_episode_that_never_appears_costs_a_bounded_number_of_searches() -> None:
    now, searches = AIR, 0
    while True:
        searches += 1
        later = next_poll(AIR, now)
        if later is None:
            break
        assert later > now
        now = later
    # 12 in the first hour, 20 up to six hours, 42 up to two days, and the last one at 48 h.
    assert searches == 12 + 20 + 42 + 1


@pytest.mark.parametrize(
    ("checked", "next_airs", "now", "due"),
    [
        (None, None, AIR, True),  # never fetched
        (AIR - 2 * HOUR, None, AIR, False),  # fresh, nothing coming
        (AIR - 25 * HOUR, None, AIR, True),  # a day old
        (AIR - 2 * HOUR, AIR + HOUR, AIR, False),  # the next episode is still to come
        (AIR - 2 * HOUR, AIR - MIN, AIR, True),  # it aired since: the one after is wanted
    ],
)
def test_the_schedule_is_fetched_daily_or_after_an_episode_airs(
    checked: datetime | None, next_airs: datetime | None, now: datetime, due: bool
) -> None:
    assert schedule_due(checked, next_airs, now) is due


def test_episodes_aired_long_before_subscribing_are_not_new() -> None:
    assert worth_hunting(AIR, AIR + 30 * MIN)
    assert not worth_hunting(AIR, AIR + 2 * HOUR)
    assert worth_hunting(AIR + HOUR, AIR)
