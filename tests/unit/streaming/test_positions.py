"""What the player offers from a stored position, and which reports are places in a video."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InvalidInput
from domain.streaming.positions import (
    MAX_SECONDS,
    PlaybackPosition,
    Reported,
    checked_report,
    resume_point,
)

AT = datetime(2026, 1, 5, tzinfo=UTC)
EPISODE = 1420.0  # 23:40


def at(seconds: float, duration: float = EPISODE) -> PlaybackPosition:
    return PlaybackPosition(1, 2, 0, seconds, duration, AT)


@pytest.mark.parametrize(
    ("stored", "offered"),
    [
        (None, None),  # never played
        (at(4.0), None),  # opened and left at once
        (at(10.0), 10.0),
        (at(700.5), 700.5),
        (at(EPISODE * 0.94), EPISODE * 0.94),
        (at(EPISODE * 0.96), None),  # the credits: watched, start again from the top
        (at(EPISODE), None),
        (at(3.0, duration=24.0), 3.0),  # a short clip: a tenth of it is enough
        (at(2.0, duration=24.0), None),
    ],
)
def test_what_is_offered_to_resume(stored: PlaybackPosition | None, offered: float) -> None:
    assert resume_point(stored) == offered


@pytest.mark.parametrize(
    ("seconds", "duration", "reported"),
    [
        (0, 1420, Reported(0.0, 1420.0)),
        (700.25, 1420.5, Reported(700.25, 1420.5)),
        (1420.6, 1420.0, Reported(1420.0, 1420.0)),  # a hair past its own end, as players do
    ],
)
def test_a_real_report_is_kept(seconds: float, duration: float, reported: Reported) -> None:
    assert checked_report(seconds, duration) == reported


@pytest.mark.parametrize(
    ("seconds", "duration", "says"),
    [
        ("12", 1420, "the position must be a number of seconds"),
        (None, 1420, "the position must be a number of seconds"),
        (True, 1420, "the position must be a number of seconds"),
        (12, [1420], "the duration must be a number of seconds"),
        (float("nan"), 1420, "the position must be between 0 and"),
        (float("inf"), 1420, "the position must be between 0 and"),
        (-0.5, 1420, "the position must be between 0 and"),
        (1, MAX_SECONDS + 1, "the duration must be between 0 and"),
        (10**400, 1420, "the position must be between 0 and"),  # too big for a float
        (0, 0, "the duration must be more than 0 seconds"),
        (1500, 1420, "the position is past the end of the file"),
    ],
)
def test_a_report_that_is_no_place_in_a_video_is_refused(
    seconds: object, duration: object, says: str
) -> None:
    with pytest.raises(InvalidInput, match=says):
        checked_report(seconds, duration)
