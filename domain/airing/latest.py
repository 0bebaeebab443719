"""Which waiting episodes Nyaa's latest releases bring. Pure.

Nyaa's feed with no search words is its latest 75 releases, newest first. Asked once a minute,
it shows every new release within a minute of its upload, whatever the time since air, where the
per-episode searches (`domain.airing.polling`) back off to one an hour. Each waiting episode is
checked against it with the acceptance a hunt uses: `rank` with the show's names, the episode
and default preferences accepts the release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.airing.values import WatchedEpisode
from domain.models import Preferences, Release
from domain.releases import Candidate, Wanted, normalise, rank, title_keys

LATEST_QUERY = ""  # no search words: Nyaa's latest releases


@dataclass(frozen=True, slots=True)
class Sighting:
    """A waiting episode with the best of the latest releases that is that episode."""

    episode: WatchedEpisode
    best: Candidate


def sightings(
    releases: Sequence[Release],
    episodes: Sequence[WatchedEpisode],
    names: Mapping[int, tuple[str, ...]],
) -> list[Sighting]:
    """The episodes, in their order, that one of `releases` is; `names` are each show's names
    by media id (the episode's own query and title when its show is missing)."""
    if not releases:
        return []
    folded = [_fold(r.title) for r in releases]
    found: list[Sighting] = []
    for episode in episodes:
        titles = names.get(episode.media_id) or (episode.query, episode.title)
        best = _best(releases, folded, titles, episode.episode)
        if best is not None:
            found.append(Sighting(episode, best))
    return found


class NewUploads:
    """Which of Nyaa's latest releases the previous read did not list (all, the first time)."""

    def __init__(self) -> None:
        self._seen: frozenset[str] = frozenset()  # info hashes of the last read

    def since_last_read(self, latest: Sequence[Release]) -> list[Release]:
        if not latest:
            return []  # a failed or empty read says nothing about what is new
        new = [r for r in latest if r.info_hash not in self._seen]
        self._seen = frozenset(r.info_hash for r in latest)
        return new


def brings(releases: Sequence[Release], titles: tuple[str, ...], episode: int) -> bool:
    """Whether one of `releases` is this episode of the show with these names."""
    return (
        bool(releases)
        and _best(releases, [_fold(r.title) for r in releases], titles, episode) is not None
    )


def _best(
    releases: Sequence[Release], folded: Sequence[str], titles: tuple[str, ...], episode: int
) -> Candidate | None:
    # Cheap first: a release lacking a word of each name (season marker and year aside)
    # cannot be the show; only the others are parsed and ranked.
    keys = [key.words for key in title_keys(titles)]
    maybe = [
        release
        for release, text in zip(releases, folded, strict=True)
        if any(all(word in text for word in words) for words in keys)
    ]
    if not maybe:
        return None
    return rank(maybe, Wanted(titles=titles, episode=episode), Preferences()).best


def _fold(title: str) -> str:
    """A release name's words as `normalise` folds them, in one string for substring checks."""
    return " ".join(normalise(title))
