"""Where a viewer stopped in a file, and what the player offers from it. Pure.

The page reports its position now and then; a report is checked here (finite, within the file,
within a day and a half of video) before anything is stored. Reopening a file offers to resume
from the stored position unless it is too near either end to be worth asking about; passing
`WATCHED_SHARE` of the file offers to mark its episode watched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from domain.errors import InvalidInput

MAX_SECONDS = 36 * 3600.0  # no episode is longer; a longer figure is not a real position
RESUME_AFTER = 10.0  # seconds in (or a tenth of a shorter file): less is not worth offering
RESUME_BEFORE_END = 0.95  # share of the file past which the episode counts as finished
WATCHED_SHARE = 0.85  # share past which the page offers "Mark episode N watched"


@dataclass(frozen=True, slots=True)
class PlaybackPosition:
    """One viewer's place in one file of one download."""

    user_id: int
    download_id: int
    file_index: int
    seconds: float
    duration: float
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Reported:
    """A position as the page reports it, checked."""

    seconds: float
    duration: float


def checked_report(seconds: object, duration: object) -> Reported:
    """InvalidInput, naming what is wrong, unless both are finite numbers with
    0 <= seconds <= duration <= MAX_SECONDS and duration > 0."""
    values = []
    for name, value in (("position", seconds), ("duration", duration)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"the {name} must be a number of seconds")
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number) or number < 0 or number > MAX_SECONDS:
            raise InvalidInput(f"the {name} must be between 0 and {MAX_SECONDS:.0f} seconds")
        values.append(number)
    position, length = values
    if length <= 0:
        raise InvalidInput("the duration must be more than 0 seconds")
    if position > length + 1:  # a player may report a hair past its own duration
        raise InvalidInput("the position is past the end of the file")
    return Reported(min(position, length), length)


def resume_point(position: PlaybackPosition | None) -> float | None:
    """Where to offer to resume from, or None: nothing stored, barely started, or finished."""
    if position is None or position.seconds < min(RESUME_AFTER, position.duration / 10):
        return None
    if position.seconds >= position.duration * RESUME_BEFORE_END:
        return None
    return position.seconds
