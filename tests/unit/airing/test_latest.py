"""Which waiting episodes Nyaa's latest releases are: a table of real release names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.airing.latest import sightings
from domain.airing.values import EpisodeState, WatchedEpisode
from tests.fakes import release

AIRED = datetime(2026, 1, 9, 16, 0, tzinfo=UTC)
FRIEREN = ("Sousou no Frieren", "Frieren: Beyond Journey's End")
KAGUYA = ("Kaguya-sama wa Kokurasetai Season 2", "Kaguya-sama: Love is War Season 2")
ONE_PIECE = ("One Piece",)


def waiting(titles: tuple[str, ...], episode: int, media_id: int = 1) -> WatchedEpisode:
    return WatchedEpisode(
        media_id, media_id, episode, AIRED, EpisodeState.WAITING, AIRED, titles[0], titles[0]
    )


@pytest.mark.parametrize(
    ("name", "titles", "episode", "seen"),
    [
        ("[SubsPlease] Sousou no Frieren - 05 (1080p) [6FD4FC25].mkv", FRIEREN, 5, True),
        ("[Erai-raws] Sousou no Frieren - 05 [720p][Multiple Subtitle] [ENG]", FRIEREN, 5, True),
        ("[EMBER] Frieren - Beyond Journey's End S01E05 [1080p] [HEVC WEBRip]", FRIEREN, 5, True),
        ("[SubsPlease] Sousou no Frieren - 06 (1080p) [0F6D4B1E].mkv", FRIEREN, 5, False),
        ("[SubsPlease] Dungeon Meshi - 05 (1080p) [A5B6C9D1].mkv", FRIEREN, 5, False),
        ("[SubsPlease] Kaguya-sama wa Kokurasetai S2 - 05 (1080p) [1C2D3E4F].mkv", KAGUYA, 5, True),
        ("[SubsPlease] Kaguya-sama wa Kokurasetai - 05 (1080p) [1C2D3E4F].mkv", KAGUYA, 5, False),
        ("[SubsPlease] One Piece - 1110 (1080p) [D1E2F3A4].mkv", ONE_PIECE, 1110, True),
        ("[SubsPlease] One Piece Fan Letter (1080p) [C3D4E5F6].mkv", ONE_PIECE, 1110, False),
    ],
)
def test_a_latest_release_is_the_waiting_episode_it_names(
    name: str, titles: tuple[str, ...], episode: int, seen: bool
) -> None:
    wanted = waiting(titles, episode)
    found = sightings([release(name)], [wanted], {wanted.media_id: titles})
    assert [s.episode for s in found] == ([wanted] if seen else [])


def test_each_episode_gets_its_best_release_and_the_order_is_kept() -> None:
    dungeon = waiting(("Dungeon Meshi", "Delicious in Dungeon"), 3, media_id=2)
    frieren = waiting(FRIEREN, 5)
    latest = [
        release("[Erai-raws] Sousou no Frieren - 05 [720p][Multiple Subtitle] [ENG]"),
        release("[SubsPlease] Dungeon Meshi - 03 (1080p) [A5B6C9D1].mkv"),
        release("[SubsPlease] Sousou no Frieren - 05 (1080p) [6FD4FC25].mkv"),
    ]
    found = sightings(latest, [dungeon, frieren], {})  # names: the episodes' own
    assert [(s.episode.media_id, s.best.release.title) for s in found] == [
        (2, "[SubsPlease] Dungeon Meshi - 03 (1080p) [A5B6C9D1].mkv"),
        (1, "[SubsPlease] Sousou no Frieren - 05 (1080p) [6FD4FC25].mkv"),
    ]
    assert sightings([], [frieren], {}) == []
