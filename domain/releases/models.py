"""Values the release parser and the ranking produce and take. Standard library only."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, fields
from itertools import repeat
from operator import call
from typing import Final

from domain.models import Release


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    """What a release name says about itself; anything it does not say is None or empty.

    parser._assemble lists the values in the order of these fields (filled_parsed_release).
    """

    title: str  # separators normalised to spaces; "" when the name carries no title
    season: int | None = None
    episodes: tuple[int, ...] = ()  # ranges expanded: 01-03 -> (1, 2, 3)
    is_batch: bool = False
    version: int = 1
    group: str | None = None
    resolution: int | None = None  # lines: 480, 720, 1080, 2160
    source: str | None = None  # WEB, BD, DVD, TV
    video_codec: str | None = None  # H.264, HEVC, AV1, ...
    audio: str | None = None
    language: str | None = None  # "Multi", "Dual Audio", "ENG", ...
    subtitles: str | None = None  # "Multi-Subs", "ENG subs", ...
    checksum: str | None = None  # CRC32, upper-case
    extension: str | None = None
    year: int | None = None
    # What follows a whole episode number when the file is not a whole episode:
    # ".5" for a recap between 7 and 8, "a"/"b" for halves. None for ordinary episodes.
    episode_suffix: str | None = None
    episode_title: str | None = None
    kind: str | None = None  # OVA, ONA, Movie, Special, OP, ED, PV, ... None for a TV episode
    volumes: tuple[int, ...] = ()
    alternative_titles: tuple[str, ...] = ()  # other names the release gives the show
    release_info: tuple[str, ...] = ()  # "Batch", "END", "Complete", ...

    @property
    def episode(self) -> int | None:
        """The single episode this release holds, or None for none or several."""
        return self.episodes[0] if len(self.episodes) == 1 else None


# The __init__ of a frozen dataclass sets each field through object.__setattr__: 2-3 µs for
# these 21, a tenth of a parse. The parser, which makes one per name, fills the slots directly,
# the loop over them run by map() rather than by a Python for.
_PARSED_SLOTS: Final = tuple(getattr(ParsedRelease, f.name).__set__ for f in fields(ParsedRelease))


def filled_parsed_release(values: tuple[object, ...]) -> ParsedRelease:
    """A ParsedRelease from the values of all its fields, in the order they are declared."""
    parsed = object.__new__(ParsedRelease)
    deque(map(call, _PARSED_SLOTS, repeat(parsed), values), 0)
    return parsed


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the user asked for, in terms the ranking can check a release against."""

    titles: tuple[str, ...]  # every name of the show, or just the user's words
    episode: int | None = None  # None: any episode (a search, a batch)
    season: int | None = None
    batch: bool = False  # the user asks for a whole finished season
    # Episode counts of seasons 1, 2, ... when known, so that an absolute number (30) and a
    # season-relative one (S02E02) are recognised as the same episode.
    season_lengths: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A release that passed every rule, with the reasons it ranks where it does."""

    release: Release
    parsed: ParsedRelease
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A release some rule refused, and the first reason it gave."""

    release: Release
    parsed: ParsedRelease
    reason: str


@dataclass(frozen=True, slots=True)
class Ranking:
    accepted: tuple[Candidate, ...]  # best first
    rejected: tuple[Rejection, ...]

    @property
    def best(self) -> Candidate | None:
        return self.accepted[0] if self.accepted else None
