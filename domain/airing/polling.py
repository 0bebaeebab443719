"""When to look for an aired episode, and when to ask AniList for the schedule again. Pure.

Releases usually appear within minutes to an hour of airing, sometimes hours later, rarely days.
So the indexer is asked often right after air time and less and less after that, then no more:
one search every 5 minutes in the first hour, every 15 minutes up to 6 hours, hourly up to 2 days.
That is at most 12 + 20 + 42 = 74 searches for an episode that never shows up, and usually a
handful, while an alert still arrives within 5 minutes of a release that comes quickly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# (until this long after air time, poll this often)
BACKOFF: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=1), timedelta(minutes=5)),
    (timedelta(hours=6), timedelta(minutes=15)),
    (timedelta(days=2), timedelta(hours=1)),
)
GIVE_UP_AFTER = BACKOFF[-1][0]
SCHEDULE_REFRESH = timedelta(days=1)
# An episode that aired this long before a show's first subscription is still looked for.
LATE_SUBSCRIPTION_GRACE = timedelta(hours=1)


def poll_interval(since_air: timedelta) -> timedelta | None:
    """How long to wait before the next search, `since_air` after air time; None: give up."""
    if since_air < timedelta(0):
        return None
    for until, every in BACKOFF:
        if since_air < until:
            return every
    return None


def next_poll(airs_at: datetime, now: datetime) -> datetime | None:
    """When to search again after a search at `now` found nothing; None: give up and mark the
    episode missed. The last search happens at the give-up mark, not an interval past it."""
    if now < airs_at:
        return airs_at
    interval = poll_interval(now - airs_at)
    if interval is None:
        return None
    return min(now + interval, airs_at + GIVE_UP_AFTER)


def schedule_due(checked_at: datetime | None, next_airs_at: datetime | None, now: datetime) -> bool:
    """Whether a show's airing schedule should be fetched again: never fetched, a day old, or an
    episode that was still to come at the last fetch has aired since (the next one is wanted)."""
    if checked_at is None or now - checked_at >= SCHEDULE_REFRESH:
        return True
    return next_airs_at is not None and checked_at < next_airs_at <= now


def worth_hunting(airs_at: datetime, first_subscribed_at: datetime) -> bool:
    """Episodes that aired well before anyone subscribed are not announced as new."""
    return airs_at >= first_subscribed_at - LATE_SUBSCRIPTION_GRACE
