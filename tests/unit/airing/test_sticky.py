"""Which group a subscriber's season comes from, and how long to wait for it: tables of real
release names and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.airing.sticky import (
    GROUP_WAIT,
    Sticky,
    Verdict,
    decide,
    is_from,
    next_look,
    previous_release,
    steered,
)
from domain.models import Preferences
from domain.releases import parse

FRIEREN = ("Sousou no Frieren", "Frieren: Beyond Journey's End")
FIRST = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("names", "episode", "sticky"),
    [
        # The latest earlier episode decides, whichever order the downloads come in.
        (
            [
                "[Erai-raws] Sousou no Frieren - 04 [720p][Multiple Subtitle][ABCD1234].mkv",
                "[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv",
                "[Erai-raws] Sousou no Frieren - 03 [720p][Multiple Subtitle].mkv",
            ],
            6,
            Sticky("SubsPlease", 1080, 5),
        ),
        # The English title names the show as well.
        (
            ["[ASW] Frieren - Beyond Journey's End - 05 [1080p HEVC][3B1B5F4E].mkv"],
            6,
            Sticky("ASW", 1080, 5),
        ),
        # Another show, later episodes and a release without a group do not count.
        (
            [
                "[SubsPlease] Dungeon Meshi - 05 (1080p) [ABCD1234].mkv",
                "[SubsPlease] Sousou no Frieren - 07 (1080p) [ABCD1234].mkv",
                "Sousou.no.Frieren.S01E04.1080p.WEB.H264.mkv",
            ],
            6,
            None,
        ),
        # A batch of earlier episodes is a previous release too.
        (
            ["[Judas] Sousou no Frieren - 01-04 (1080p) [Batch].mkv"],
            5,
            Sticky("Judas", 1080, 4),
        ),
        # They hold this episode already: nothing to steer or wait for.
        (
            [
                "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv",
                "[Erai-raws] Sousou no Frieren - 06 [1080p][Multiple Subtitle].mkv",
            ],
            6,
            None,
        ),
        ([], 6, None),
    ],
)
def test_the_previous_episode_gives_the_group_and_resolution(
    names: list[str], episode: int, sticky: Sticky | None
) -> None:
    assert previous_release(names, FRIEREN, episode) == sticky


def test_on_a_tie_the_newest_download_stands() -> None:
    names = [  # newest first: they fetched Erai-raws' copy of episode 5 after SubsPlease's
        "[Erai-raws] Sousou no Frieren - 05 [720p][Multiple Subtitle].mkv",
        "[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv",
    ]
    assert previous_release(names, FRIEREN, 6) == Sticky("Erai-raws", 720, 5)


SUBSPLEASE_1080 = Sticky("SubsPlease", 1080, 5)
SUBSPLEASE_ANY_CASE = Sticky("subsplease", 1080, 5)
SUBSPLEASE_ANY_P = Sticky("SubsPlease", None, 5)  # the previous release named no resolution


@pytest.mark.parametrize(
    ("name", "sticky", "expected"),
    [
        ("[SubsPlease] Sousou no Frieren - 06 (1080p) [ABCD1234].mkv", SUBSPLEASE_ANY_CASE, True),
        ("[SubsPlease] Sousou no Frieren - 06 (720p) [ABCD1234].mkv", SUBSPLEASE_1080, False),
        ("[Erai-raws] Sousou no Frieren - 06 [1080p][Multiple Subtitle]", SUBSPLEASE_1080, False),
        ("[SubsPlease] Sousou no Frieren - 06 (480p) [ABCD1234].mkv", SUBSPLEASE_ANY_P, True),
        ("Sousou no Frieren - 06 (1080p).mkv", SUBSPLEASE_1080, False),
    ],
)  # fmt: skip
def test_a_release_is_the_groups_at_its_resolution(
    name: str, sticky: Sticky, expected: bool
) -> None:
    assert is_from(parse(name), sticky) is expected


@pytest.mark.parametrize(
    ("sticky", "out", "first", "now", "verdict"),
    [
        (None, False, FIRST, FIRST + 3 * HOUR, Verdict.FREE),
        (Sticky("SubsPlease", 1080, 5), True, FIRST, FIRST + 5 * HOUR, Verdict.STICK),
        (Sticky("SubsPlease", 1080, 5), False, FIRST, FIRST, Verdict.WAIT),
        (Sticky("SubsPlease", 1080, 5), False, FIRST, FIRST + GROUP_WAIT - MIN, Verdict.WAIT),
        (Sticky("SubsPlease", 1080, 5), False, FIRST, FIRST + GROUP_WAIT, Verdict.OTHER),
        (Sticky("SubsPlease", 1080, 5), False, None, FIRST, Verdict.OTHER),
    ],
)
def test_the_group_is_waited_for_up_to_the_wait_after_the_first_release(
    sticky: Sticky | None, out: bool, first: datetime | None, now: datetime, verdict: Verdict
) -> None:
    assert decide(sticky, out=out, first_release_at=first, now=now) is verdict


def test_a_zero_wait_never_waits() -> None:
    sticky = Sticky("SubsPlease", 1080, 5)
    assert decide(sticky, out=False, first_release_at=FIRST, now=FIRST, wait=timedelta(0)) is (
        Verdict.OTHER
    )


@pytest.mark.parametrize(
    ("now", "look"),
    [
        (FIRST, FIRST + 5 * MIN),
        (FIRST + 70 * MIN, FIRST + 85 * MIN),
        (FIRST + GROUP_WAIT - 5 * MIN, FIRST + GROUP_WAIT),  # the last look is at the deadline
        (FIRST + GROUP_WAIT, FIRST + GROUP_WAIT),
    ],
)
def test_the_group_is_looked_for_as_often_as_a_new_episode(now: datetime, look: datetime) -> None:
    assert next_look(FIRST, now) == look


def test_steered_preferences_put_the_group_and_its_resolution_first() -> None:
    mine = Preferences(resolution=720, groups=("Erai-raws", "SubsPlease"), language="dual")
    steer = steered(mine, Sticky("subsplease", 1080, 5))
    assert steer.groups == ("subsplease", "Erai-raws")
    assert (steer.resolution, steer.language) == (1080, "dual")
    assert steered(mine, Sticky("SubsPlease", 1080, 5), any_audio=True).language == "any"
    # A previous release that named no resolution keeps theirs.
    assert steered(mine, Sticky("SubsPlease", None, 5)).resolution == 720
