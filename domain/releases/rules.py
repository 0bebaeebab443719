"""Rejection rules: each looks at one release and says why it is unacceptable, or None.

The rules run in the order of RULES; the first reason is the one recorded. Reasons are short,
for logs and for /search's "why not" list; front-ends may reword them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from domain.models import Preferences, Release
from domain.releases.matching import ShowMatch
from domain.releases.models import ParsedRelease, Wanted
from domain.releases.numbering import to_absolute
from domain.units import human_size


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything a rule may look at for one release."""

    release: Release
    parsed: ParsedRelease
    match: ShowMatch | None  # None: the title names no wanted show
    wanted: Wanted
    preferences: Preferences

    @property
    def wanted_season(self) -> int | None:
        if self.wanted.season is not None:
            return self.wanted.season
        return self.match.wanted_season if self.match is not None else None


Rule = Callable[[Subject], "str | None"]


def remake(s: Subject) -> str | None:
    return "remake" if s.release.remake else None


def dead(s: Subject) -> str | None:
    return "no seeders" if s.release.seeders <= 0 else None


def untrusted(s: Subject) -> str | None:
    if s.preferences.trusted_only and not s.release.trusted:
        return "not trusted"
    return None


def other_show(s: Subject) -> str | None:
    if s.match is None:
        return f"other show: {s.parsed.title or s.release.title}"
    return None


def wrong_season(s: Subject) -> str | None:
    if s.match is None:
        return None
    wanted = s.wanted_season
    found = s.match.release_season
    if wanted is not None and found is not None and wanted != found:
        if _absolute_in_first_season(s):
            return None
        return f"season {found}, wanted {wanted}"
    return None


def wrong_episode(s: Subject) -> str | None:
    wanted_episode = s.wanted.episode
    if wanted_episode is None or s.match is None:
        return None
    parsed = s.parsed
    if not parsed.episodes:
        if parsed.volumes:
            return f"volume {parsed.volumes[0]}, episodes unknown"
        if parsed.is_batch:
            return None  # a season pack holds every episode of its season
        return f"no episode number, wanted {wanted_episode}"
    if parsed.episode_suffix is not None:
        return f"episode {parsed.episodes[0]}{parsed.episode_suffix}, wanted {wanted_episode}"
    if any(_is_wanted(s, episode) for episode in parsed.episodes):
        return None
    if s.match.release_season is None and _needs_season(s):
        return f"no season in the name, wanted season {s.wanted_season}"
    return f"{_episodes_text(parsed.episodes)}, wanted {wanted_episode}"


def not_batch(s: Subject) -> str | None:
    if s.wanted.batch and not s.parsed.is_batch:
        return "single episode, wanted the whole season"
    return None


def below_minimum(s: Subject) -> str | None:
    minimum = s.preferences.min_resolution
    if minimum <= 0:
        return None
    found = s.parsed.resolution
    if found is None:
        return f"resolution unknown, minimum {minimum}p"
    if found < minimum:
        return f"{found}p below minimum {minimum}p"
    return None


def over_size(s: Subject) -> str | None:
    cap = s.preferences.max_size
    if cap is None:
        return None
    count = _episode_count(s)
    if count is None:
        return None  # a season pack of unknown length: no honest per-episode size
    per_episode = s.release.size // count
    if per_episode > cap:
        return f"{human_size(per_episode)} per episode, over the {human_size(cap)} cap"
    return None


RULES: Final[tuple[Rule, ...]] = (
    remake,
    dead,
    untrusted,
    other_show,
    wrong_season,
    wrong_episode,
    not_batch,
    below_minimum,
    over_size,
)


def first_reason(subject: Subject, rules: tuple[Rule, ...] = RULES) -> str | None:
    for rule in rules:
        reason = rule(subject)
        if reason is not None:
            return reason
    return None


# --- helpers ------------------------------------------------------------------------------


def _episode_count(s: Subject) -> int | None:
    """How many episodes the release holds: counted, from the season's length, or unknown."""
    parsed = s.parsed
    if parsed.episodes:
        return len(parsed.episodes)
    if not parsed.is_batch:
        return 1
    lengths = s.wanted.season_lengths
    season = parsed.season or s.wanted_season or 1
    if season <= len(lengths) and lengths[season - 1] > 0:
        return lengths[season - 1]
    return None


def _needs_season(s: Subject) -> bool:
    """The wanted title carried a season marker the release's title lacks ("2nd Season")."""
    wanted = s.wanted_season
    return (
        wanted is not None
        and wanted >= 2
        and s.match is not None
        and s.match.release_season is None
    )


def _wanted_absolute(s: Subject) -> int | None:
    """The wanted episode counted from the first episode of the show, if that can be known."""
    episode = s.wanted.episode
    if episode is None:
        return None
    season = s.wanted_season
    lengths = s.wanted.season_lengths
    if season is None or season == 1:
        return episode
    if lengths:
        return to_absolute(season, episode, lengths)
    return None


def _is_wanted(s: Subject, episode: int) -> bool:
    wanted_episode = s.wanted.episode
    wanted_season = s.wanted_season
    found_season = s.match.release_season if s.match is not None else None
    absolute = _wanted_absolute(s)
    lengths = s.wanted.season_lengths
    if found_season is not None:
        if episode == wanted_episode and (wanted_season is None or wanted_season == found_season):
            return True
        if (
            lengths
            and absolute is not None
            and to_absolute(found_season, episode, lengths) == absolute
        ):
            return True
        # "S01E30" numbering: season 1 and the absolute number
        return absolute is not None and absolute != wanted_episode and episode == absolute
    if episode == wanted_episode and not _needs_season(s):
        return True
    return bool(absolute is not None and episode == absolute and (lengths or not _needs_season(s)))


def _absolute_in_first_season(s: Subject) -> bool:
    """A release marked season 1 numbered absolutely (S01E30) for a later season."""
    if s.match is None or s.match.release_season != 1:
        return False
    absolute = _wanted_absolute(s)
    return absolute is not None and absolute in s.parsed.episodes


def _episodes_text(episodes: tuple[int, ...]) -> str:
    if len(episodes) == 1:
        return f"episode {episodes[0]}"
    return f"episodes {episodes[0]}-{episodes[-1]}"
