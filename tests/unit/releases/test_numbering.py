"""Absolute and season-relative numbers; same episode, upgrade and duplicate."""

from __future__ import annotations

import pytest

from domain.releases import is_duplicate, is_same_episode, is_upgrade, parse, to_absolute, to_season

FRIEREN = (28, 12)


@pytest.mark.parametrize(
    ("season", "episode", "lengths", "absolute"),
    [
        (1, 1, FRIEREN, 1),
        (1, 28, FRIEREN, 28),
        (2, 2, FRIEREN, 30),
        (2, 12, FRIEREN, 40),
        (3, 1, FRIEREN, 41),  # the season after the last known one continues the count
        (2, 2, (28,), 30),
        (1, 29, FRIEREN, None),  # season 1 has no episode 29
        (4, 1, FRIEREN, None),  # two seasons past what is known
        (0, 1, FRIEREN, None),
        (1, 0, FRIEREN, None),
        (1, 5, (), 5),
    ],
)
def test_to_absolute(
    season: int, episode: int, lengths: tuple[int, ...], absolute: int | None
) -> None:
    assert to_absolute(season, episode, lengths) == absolute


@pytest.mark.parametrize(
    ("absolute", "lengths", "expected"),
    [
        (1, FRIEREN, (1, 1)),
        (28, FRIEREN, (1, 28)),
        (29, FRIEREN, (2, 1)),
        (30, (28,), (2, 2)),
        (45, FRIEREN, (3, 5)),
        (5, (), (1, 5)),
        (0, FRIEREN, None),
        (-3, FRIEREN, None),
        (30, (0, 12), None),  # an unknown first season hides where the second starts
    ],
)
def test_to_season(
    absolute: int, lengths: tuple[int, ...], expected: tuple[int, int] | None
) -> None:
    assert to_season(absolute, lengths) == expected


def test_round_trip() -> None:
    lengths = (12, 13, 24, 11)
    for absolute in range(1, sum(lengths) + 20):
        found = to_season(absolute, lengths)
        assert found is not None
        assert to_absolute(*found, lengths) == absolute


V1 = parse("[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCDEF12].mkv")
V2 = parse("[SubsPlease] Sousou no Frieren - 05v2 (1080p) [12345678].mkv")
V2_720 = parse("[SubsPlease] Sousou no Frieren - 05v2 (720p).mkv")
OTHER_GROUP = parse("[Erai-raws] Sousou no Frieren - 05 [1080p][Multiple Subtitle]")
SCENE = parse("Sousou.no.Frieren.S01E05.1080p.WEB.H264-VARYG")
ENGLISH = parse("[Yameii] Frieren: Beyond Journey's End - S01E05 [1080p] (Sousou no Frieren)")
NEXT = parse("[SubsPlease] Sousou no Frieren - 06 (1080p)")
RECAP = parse("[SubsPlease] Sousou no Frieren - 05.5 (1080p)")
SEASON_2 = parse("Sousou.no.Frieren.S02E05.1080p.WEB.H264-VARYG")
OTHER_SHOW = parse("[SubsPlease] Dandadan - 05 (1080p)")
BATCH = parse("[SubsPlease] Sousou no Frieren (01-28) (1080p) [Batch]")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (V1, V2, True),
        (V1, OTHER_GROUP, True),
        (V1, SCENE, True),  # no season is season 1
        (V1, ENGLISH, True),  # matched through the alternative title
        (V1, NEXT, False),
        (V1, RECAP, False),
        (V1, SEASON_2, False),
        (V1, OTHER_SHOW, False),
        (V1, BATCH, False),
    ],
)
def test_is_same_episode(a: object, b: object, same: bool) -> None:
    assert is_same_episode(a, b) is same  # type: ignore[arg-type]
    assert is_same_episode(b, a) is same  # type: ignore[arg-type]


def test_v2_from_the_same_group_is_an_upgrade_not_a_duplicate() -> None:
    assert is_upgrade(V1, V2)
    assert is_upgrade(V1, V2_720)
    assert not is_duplicate(V1, V2)


def test_same_episode_from_another_group_is_a_duplicate() -> None:
    assert not is_upgrade(V1, OTHER_GROUP)
    assert is_duplicate(V1, OTHER_GROUP)


def test_older_version_is_no_upgrade() -> None:
    assert not is_upgrade(V2, V1)
    assert is_duplicate(V2, V1)


def test_other_episode_is_neither() -> None:
    assert not is_upgrade(V1, NEXT)
    assert not is_duplicate(V1, NEXT)
