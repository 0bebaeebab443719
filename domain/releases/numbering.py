"""Absolute and season-relative episode numbers, and when two releases hold the same episode.

`season_lengths` are the episode counts of seasons 1, 2, ... (from AniList's sequel chain).
Numbers past the last known season continue into the next one, so `(28,)` maps absolute 30 to
season 2, episode 2 while season 2 is still airing.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.releases.matching import same_title
from domain.releases.models import ParsedRelease


def to_absolute(season: int, episode: int, season_lengths: Sequence[int]) -> int | None:
    """Season 2 episode 2 with lengths (28, 12) -> 30; None when the lengths do not reach."""
    if season < 1 or episode < 1 or season > len(season_lengths) + 1:
        return None
    if season <= len(season_lengths) and episode > season_lengths[season - 1] > 0:
        return None
    return sum(season_lengths[: season - 1]) + episode


def to_season(absolute: int, season_lengths: Sequence[int]) -> tuple[int, int] | None:
    """Absolute 30 with lengths (28, 12) -> (2, 2); None for numbers below 1."""
    if absolute < 1:
        return None
    remaining = absolute
    for season, length in enumerate(season_lengths, start=1):
        if length <= 0:
            return None  # an unknown length hides where later seasons start
        if remaining <= length:
            return season, remaining
        remaining -= length
    return len(season_lengths) + 1, remaining


def is_same_episode(a: ParsedRelease, b: ParsedRelease) -> bool:
    """True if both releases hold the same single episode of the same show."""
    if not a.episodes or a.episodes != b.episodes or a.episode_suffix != b.episode_suffix:
        return False
    if (a.season or 1) != (b.season or 1):
        return False
    if a.kind != b.kind and {a.kind, b.kind} - {None, "TV"}:
        return False  # "OVA 01" is not episode 1
    return same_title(a, b)


def is_upgrade(old: ParsedRelease, new: ParsedRelease) -> bool:
    """True if new is a later version (v2) of old's episode from the same group.

    The same episode from another group is a duplicate, not an upgrade.
    """
    if not is_same_episode(old, new):
        return False
    if old.group is None or new.group is None or old.group.casefold() != new.group.casefold():
        return False
    return new.version > old.version


def is_duplicate(old: ParsedRelease, new: ParsedRelease) -> bool:
    """True if new holds an episode already held by old and is not an upgrade of it."""
    return is_same_episode(old, new) and not is_upgrade(old, new)
