"""Which shows a watchlist follows and which aired episodes it catches up on (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.anilist.following import catch_up, plan_follows
from domain.anilist.lists import WatchEntry
from domain.models import ChatTarget, Platform, Subscription

CHAT = ChatTarget(Platform.TELEGRAM, "1000")


def entry(
    media_id: int = 1,
    progress: int = 0,
    *,
    next_episode: int | None = None,
    episodes: int | None = 12,
    media_status: str = "RELEASING",
    list_status: str | None = "CURRENT",
) -> WatchEntry:
    return WatchEntry(
        media_id, f"Show {media_id}", f"Show {media_id}", progress, episodes, next_episode,
        None, media_status, list_status,
    )  # fmt: skip


def subscription(media_id: int, *, from_watchlist: bool) -> Subscription:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return Subscription(
        media_id, 1, media_id, "t", "q", CHAT, True, created, from_watchlist=from_watchlist
    )


@pytest.mark.parametrize(
    ("progress", "next_episode", "limit", "expected"),
    [
        (2, 8, 3, (5, 6, 7)),  # seven aired: the newest three, oldest first
        (5, 8, 3, (6, 7)),  # only what is past the progress
        (7, 8, 3, ()),  # caught up
        (9, 8, 3, ()),  # progress past what aired (a rewatch marked ahead)
        (0, 2, 3, (1,)),
        (0, 1, 3, ()),  # nothing aired yet
        (2, 8, 0, ()),  # catch-up turned off
        (2, 8, 1, (7,)),
    ],
)
def test_catch_up_takes_the_newest_aired_past_the_progress(
    progress: int, next_episode: int, limit: int, expected: tuple[int, ...]
) -> None:
    assert catch_up(entry(progress=progress, next_episode=next_episode), limit) == expected


def test_a_finished_show_catches_up_to_its_last_episode() -> None:
    finished = entry(progress=10, episodes=12, media_status="FINISHED")
    assert catch_up(finished, 3) == (11, 12)


def test_nothing_is_caught_up_when_anilist_cannot_say_what_aired() -> None:
    assert catch_up(entry(episodes=None, media_status="HIATUS"), 3) == ()


def test_the_plan_joins_new_shows_and_lets_go_of_dropped_ones_it_made() -> None:
    listed = [entry(1), entry(2, list_status="REPEATING"), entry(3, list_status="PAUSED")]
    held = [
        subscription(2, from_watchlist=True),  # still listed: stays
        subscription(4, from_watchlist=True),  # dropped on AniList: let go
        subscription(5, from_watchlist=False),  # made by hand: never touched
    ]
    plan = plan_follows(listed, held)
    assert [e.media_id for e in plan.join] == [1]
    assert [s.media_id for s in plan.leave] == [4]


def test_a_hand_made_subscription_is_not_joined_twice() -> None:
    plan = plan_follows([entry(1)], [subscription(1, from_watchlist=False)])
    assert plan.join == () and plan.leave == ()
