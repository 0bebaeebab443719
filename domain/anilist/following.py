"""Which shows a user's AniList list follows, and which aired episodes it catches up on. Pure.

With watchlist auto on, every show the user is watching (CURRENT) or rewatching (REPEATING) is
followed by an auto-download subscription in their private chat; a show that leaves those lists is
let go. A subscription the person made by hand in that chat is theirs: the list neither makes a
second one nor drops it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.anilist.lists import WATCHING_STATUSES, WatchEntry
from domain.models import Subscription


@dataclass(frozen=True, slots=True)
class FollowPlan:
    join: tuple[WatchEntry, ...]  # on the list, followed by nothing in the chat yet
    leave: tuple[Subscription, ...]  # made by the list for a show no longer on it


def followed(entry: WatchEntry) -> bool:
    # An entry read before list statuses were fetched came from the CURRENT list.
    return entry.list_status is None or entry.list_status in WATCHING_STATUSES


def plan_follows(
    entries: Iterable[WatchEntry], subscriptions: Iterable[Subscription]
) -> FollowPlan:
    """`subscriptions` are those of the chat the list's downloads are told in."""
    wanted = {e.media_id: e for e in entries if followed(e)}
    held = list(subscriptions)
    present = {s.media_id for s in held}
    return FollowPlan(
        join=tuple(e for media_id, e in wanted.items() if media_id not in present),
        leave=tuple(s for s in held if s.from_watchlist and s.media_id not in wanted),
    )


def catch_up(entry: WatchEntry, limit: int) -> tuple[int, ...]:
    """The aired episodes past the user's progress, at most the newest `limit`, oldest first (so
    the newest is fetched, and told, last). None when AniList cannot say what has aired."""
    aired = entry.aired
    if aired is None or limit <= 0:
        return ()
    if entry.episodes is not None:
        aired = min(aired, entry.episodes)
    first = max(entry.progress + 1, aired - limit + 1, 1)
    return tuple(range(first, aired + 1))
