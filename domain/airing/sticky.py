"""A season stays in one release group. Pure.

A subscriber's next episode comes from the group (and at the resolution) of the previous episode
they got, so a season does not change subtitles, typesetting and naming halfway through. When that
group has not released the episode `wait` after the episode's first release (the moment the
airing watcher announced it), the best other release is taken and the subscriber told why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from domain.airing.polling import poll_interval
from domain.models import Preferences
from domain.releases import Candidate, ParsedRelease, match_show, parse, title_keys

GROUP_WAIT = timedelta(hours=2)  # the GROUP_WAIT setting's default


@dataclass(frozen=True, slots=True)
class Sticky:
    """The group and resolution a subscriber's season comes in, from their previous episode."""

    group: str
    resolution: int | None  # None: the previous release did not say; any resolution will do
    episode: int  # the previous episode it was read from

    @property
    def label(self) -> str:
        return f"{self.group} {self.resolution}p" if self.resolution else self.group


class Verdict(StrEnum):
    FREE = "free"  # no previous episode: the usual best
    STICK = "stick"  # the group's release is out: take it
    WAIT = "wait"  # not out yet, and the wait is not over: try again later
    OTHER = "other"  # the wait is over: the best other release, and say why


def previous_release(names: Iterable[str], titles: Iterable[str], episode: int) -> Sticky | None:
    """The group and resolution of the latest episode before `episode` among release names (the
    subscriber's downloads, newest first) that name the show. None when there is none, and when
    they hold `episode` already: there is nothing to wait for."""
    keys = title_keys(titles)
    found: Sticky | None = None
    for name in names:
        parsed = parse(name)
        match = match_show(parsed, keys) if parsed.episodes else None
        if match is None or _other_season(match.release_season, match.wanted_season):
            continue
        if episode in parsed.episodes:
            return None
        earlier = [e for e in parsed.episodes if e < episode]
        if parsed.group is None or not earlier:
            continue
        last = max(earlier)
        if found is None or last > found.episode:  # on a tie the newer download stands
            found = Sticky(parsed.group, parsed.resolution, last)
    return found


def is_from(parsed: ParsedRelease, sticky: Sticky) -> bool:
    """Whether a release is the sticky group's, at the sticky resolution."""
    if parsed.group is None or parsed.group.casefold() != sticky.group.casefold():
        return False
    return sticky.resolution is None or parsed.resolution == sticky.resolution


def first_from(accepted: Iterable[Candidate], sticky: Sticky) -> Candidate | None:
    """The best of the sticky group's releases among ranked candidates (best first)."""
    return next((c for c in accepted if is_from(c.parsed, sticky)), None)


def steered(preferences: Preferences, sticky: Sticky, *, any_audio: bool = False) -> Preferences:
    """Preferences under which the sticky group's release ranks first.

    The ranking orders resolution and audio before groups (`domain.releases.ranking`): the group
    goes first and its resolution becomes the preferred one. `any_audio` stops audio counting, for
    when the group's release is not in the preferred audio and another group's would win.
    """
    others = tuple(g for g in preferences.groups if g.casefold() != sticky.group.casefold())
    return replace(
        preferences,
        groups=(sticky.group, *others),
        resolution=sticky.resolution or preferences.resolution,
        language="any" if any_audio else preferences.language,
    )


def decide(
    sticky: Sticky | None,
    *,
    out: bool,
    first_release_at: datetime | None,
    now: datetime,
    wait: timedelta = GROUP_WAIT,
) -> Verdict:
    """Whether to take the sticky group's release (`out`: one is on the indexer), wait for it,
    or take another. An unknown first release counts as long past: nothing waits forever."""
    if sticky is None:
        return Verdict.FREE
    if out:
        return Verdict.STICK
    if first_release_at is not None and now - first_release_at < wait:
        return Verdict.WAIT
    return Verdict.OTHER


def next_look(
    first_release_at: datetime | None, now: datetime, wait: timedelta = GROUP_WAIT
) -> datetime:
    """When to look again for a group that has not released yet: as often as a new episode is
    looked for (`domain.airing.polling`), and once more right at the end of the wait."""
    if first_release_at is None:
        return now
    every = poll_interval(now - first_release_at) or timedelta(minutes=5)
    return min(now + every, first_release_at + wait)


def _other_season(release_season: int | None, wanted_season: int | None) -> bool:
    return (
        release_season is not None and wanted_season is not None and release_season != wanted_season
    )
