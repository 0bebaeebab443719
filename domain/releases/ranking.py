"""Rank releases for what the user wants: reject by rules, then sort by one key. Pure.

The sort key, most important first:
1. a batch before single episodes only when the user asked for a whole season (else after),
2. resolution: the preferred one, then higher (nearest first), then lower (nearest first),
3. the preferred audio (language): a dub or dual audio for "dub", dual audio for "dual", and
   anything but a dub for "sub",
4. preferred groups in the user's order, then the rest,
5. higher version (v2 over v1),
6. trusted uploaders,
7. seeders in powers-of-4 buckets (so 130 and 150 seeders tie and the later terms decide),
8. a size that is sane for the resolution over a suspiciously tiny or huge one,
9. seeders exactly, then the title, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.models import Preferences, Release
from domain.releases.matching import match_show, title_keys
from domain.releases.models import Candidate, ParsedRelease, Ranking, Rejection, Wanted
from domain.releases.parser import parse
from domain.releases.rules import RULES, Rule, Subject, first_reason
from domain.units import human_size

_MB = 1024 * 1024
# Plausible bytes per episode by resolution: outside this a file is a fake, a sample or a remux.
_SANE_SIZE: dict[int, tuple[int, int]] = {
    480: (30 * _MB, 1024 * _MB),
    720: (80 * _MB, 2048 * _MB),
    1080: (150 * _MB, 5120 * _MB),
    2160: (500 * _MB, 20480 * _MB),
}
_DEFAULT_SANE = (30 * _MB, 5120 * _MB)

SortKey = tuple[int, int, int, int, int, int, int, int, int, str]


def rank(
    releases: Sequence[Release],
    wanted: Wanted,
    preferences: Preferences,
    rules: tuple[Rule, ...] = RULES,
) -> Ranking:
    """Split releases into accepted (best first, with reasons) and rejected (with a reason)."""
    accepted: list[tuple[SortKey, Candidate]] = []
    rejected: list[Rejection] = []
    keys = title_keys(wanted.titles)
    for release in releases:
        parsed = parse(release.title)
        subject = Subject(release, parsed, match_show(parsed, keys), wanted, preferences)
        reason = first_reason(subject, rules)
        if reason is not None:
            rejected.append(Rejection(release, parsed, reason))
            continue
        key = sort_key(release, parsed, wanted, preferences)
        accepted.append(
            (key, Candidate(release, parsed, explain(release, parsed, wanted, preferences)))
        )
    accepted.sort(key=lambda pair: pair[0])
    return Ranking(tuple(candidate for _, candidate in accepted), tuple(rejected))


def sort_key(
    release: Release, parsed: ParsedRelease, wanted: Wanted, preferences: Preferences
) -> SortKey:
    """Smaller is better."""
    batch_rank = (0 if parsed.is_batch else 1) if wanted.batch else (1 if parsed.is_batch else 0)
    return (
        batch_rank,
        _resolution_rank(parsed.resolution, preferences.resolution),
        _language_rank(parsed.language, preferences.language),
        _group_rank(parsed.group, preferences.groups),
        -parsed.version,
        0 if release.trusted else 1,
        -_seeder_bucket(release.seeders),
        0 if _sane_size(release, parsed) else 1,
        -release.seeders,
        release.title,
    )


def explain(
    release: Release, parsed: ParsedRelease, wanted: Wanted, preferences: Preferences
) -> tuple[str, ...]:
    """Short human reasons for where a release ranks, in the order of the sort key."""
    why: list[str] = []
    if parsed.is_batch:
        count = len(parsed.episodes)
        what = f"batch of {count} episodes" if count > 1 else "whole-season batch"
        why.append(f"{what}, as asked" if wanted.batch else what)
    preferred = preferences.resolution
    found = parsed.resolution
    if found is None:
        why.append("resolution unknown")
    elif found == preferred:
        why.append(f"{found}p as preferred")
    elif found > preferred:
        why.append(f"{found}p, above preferred {preferred}p")
    else:
        why.append(f"{found}p, below preferred {preferred}p")
    if preferences.language != "any" and _language_rank(parsed.language, preferences.language) == 0:
        why.append(f"{parsed.language or 'original audio'} as preferred")
    group_rank = _group_rank(parsed.group, preferences.groups)
    if parsed.group is not None and group_rank < len(preferences.groups):
        why.append(f"{parsed.group}: preferred group #{group_rank + 1}")
    if parsed.version > 1:
        why.append(f"v{parsed.version}")
    if release.trusted:
        why.append("trusted")
    why.append(f"{release.seeders} seeder" + ("" if release.seeders == 1 else "s"))
    if not _sane_size(release, parsed):
        per_episode = release.size // max(1, len(parsed.episodes))
        why.append(f"unusual size: {human_size(per_episode)} per episode")
    return tuple(why)


_DUB = frozenset({"English Dub"})
_DUAL = frozenset({"Dual Audio", "Multi"})


def _language_rank(found: str | None, preferred: str) -> int:
    """0 when the release's audio is what the user prefers (or they have no preference)."""
    if preferred == "dub":
        return 0 if found in _DUB | _DUAL else 1
    if preferred == "dual":
        return 0 if found in _DUAL else 1
    if preferred == "sub":
        return 1 if found in _DUB else 0
    return 0


def _resolution_rank(found: int | None, preferred: int) -> int:
    """0 for the preferred resolution, then higher ones nearest first, then lower ones."""
    if found is None:
        return 30_000
    if found == preferred:
        return 0
    if found > preferred:
        return 10_000 + (found - preferred)
    return 20_000 + (preferred - found)


def _group_rank(group: str | None, preferred: tuple[str, ...]) -> int:
    if group is not None:
        folded = group.casefold()
        for index, name in enumerate(preferred):
            if name.casefold() == folded:
                return index
    return len(preferred)


def _seeder_bucket(seeders: int) -> int:
    """0, 1, 2-3 ... in powers of 4: 1 -> 1, 4 -> 2, 16 -> 3, 64 -> 4, 256 -> 5."""
    return (max(seeders, 0).bit_length() + 1) // 2


def _sane_size(release: Release, parsed: ParsedRelease) -> bool:
    if release.size <= 0:
        return False
    low, high = _SANE_SIZE.get(parsed.resolution or 0, _DEFAULT_SANE)
    if parsed.is_batch and not parsed.episodes:
        return release.size >= low  # an unknown number of episodes: only "too small" is telling
    per_episode = release.size // max(1, len(parsed.episodes))
    return low <= per_episode <= high
