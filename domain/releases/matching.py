"""Does a release name the show the user wants? Title normalisation and comparison, pure.

Titles are compared as sequences of normalised words, with the season marker ("Season 2",
"2nd Season", "S2", "II", a trailing "2", "第2期") and a year taken off and kept apart, so that
"Kaguya-sama: Love is War Season 2", "Kaguya-sama - Love is War 2nd Season" and
"KAGUYA SAMA LOVE IS WAR S2" are one show in season 2.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from domain.releases.models import ParsedRelease

_PUNCTUATION_RE: Final = re.compile(r"[^\w]+")
_APOSTROPHE_RE: Final = re.compile(r"(\w)['’`](\w)")
_YEAR_RE: Final = re.compile(r"(?:19[4-9]\d|20[0-3]\d)")
_ORDINAL_RE: Final = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
_CJK_SEASON_RE: Final = re.compile(r"第\s*(\d{1,2}|[一二三四五六七八九十])\s*[期季]")
_ROMAN: Final[dict[str, int]] = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_ORDINAL_WORDS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}  # fmt: skip
_CJK_DIGITS: Final = "一二三四五六七八九十"
_SEASON_WORDS: Final = frozenset({"season", "saison", "s"})


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title reduced to what identifies the show, and the season it names (None if none)."""

    words: tuple[str, ...]
    season: int | None
    marked: bool  # the season came from a marker in the title, not from elsewhere


@dataclass(frozen=True, slots=True)
class ShowMatch:
    """How a release's title matched one of the wanted titles."""

    exact: bool  # the whole title, not just a run of words inside a longer one
    release_season: int | None  # the season the release names, in its title or S01E05
    wanted_season: int | None  # the season the matched wanted title names


def normalise(title: str) -> tuple[str, ...]:
    """Words of a title: case, accents, width and punctuation folded away."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = _APOSTROPHE_RE.sub(r"\1\2", text)  # "journey's" == "journeys"
    text = text.replace("&", " and ")
    words: list[str] = []
    for word in _PUNCTUATION_RE.split(text):
        if not word or word == "_":
            continue
        if word in ("s", "t") and words:  # "Journey.s.End" lost its apostrophe to a dot
            words[-1] += word
        else:
            words.append(word)
    return tuple(words)


# Remembered because release titles come back: every episode of a show carries its title, in
# each feed that lists it and in each ranking of its releases, and a key costs about a quarter
# of the release parser's time for the name. Keys are frozen, so one can be shared; 4,096 short
# titles and their keys hold some 3 MiB.
@functools.lru_cache(maxsize=4096)
def title_key(title: str) -> TitleKey:
    """The words of a title without its season marker and year, and that season."""
    words = list(normalise(title))
    cjk = _CJK_SEASON_RE.search(unicodedata.normalize("NFKC", title))
    season: int | None = None
    if cjk is not None:
        value = cjk.group(1)
        season = int(value) if value.isdigit() else _CJK_DIGITS.index(value) + 1
        words = list(normalise(_CJK_SEASON_RE.sub(" ", unicodedata.normalize("NFKC", title))))
    words = [w for w in words if not _YEAR_RE.fullmatch(w)] or words
    found = _strip_season(words)
    if found is not None:
        season = found
    return TitleKey(tuple(words), season, season is not None)


def _strip_season(words: list[str]) -> int | None:
    """Remove one season marker from words in place and return its number."""
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word in _SEASON_WORDS and nxt is not None and nxt.isdigit() and word != "s":
            del words[i : i + 2]
            return int(nxt)
        if nxt in ("season", "saison"):
            m = _ORDINAL_RE.fullmatch(word)
            if m is not None or word in _ORDINAL_WORDS:
                del words[i : i + 2]
                return int(m.group(1)) if m is not None else _ORDINAL_WORDS[word]
        if len(word) >= 2 and word[0] == "s" and word[1:].isdigit() and len(word) <= 3 and i > 0:
            del words[i]
            return int(word[1:])
    if len(words) >= 2:
        last = words[-1]
        if last in _ROMAN:
            words.pop()
            return _ROMAN[last]
        if last.isdigit() and len(last) == 1 and last != "0" and not words[-2].isdigit():
            words.pop()
            return int(last)
    return None


def title_keys(titles: Iterable[str]) -> tuple[TitleKey, ...]:
    """Keys of the wanted titles, worked out once for a whole ranking."""
    return tuple(key for key in (title_key(title) for title in titles) if key.words)


def match_show(
    parsed: ParsedRelease, wanted_titles: Iterable[str] | tuple[TitleKey, ...]
) -> ShowMatch | None:
    """The best way the release's title(s) match any wanted title, or None for another show.

    `wanted_titles` are the show's names, or their keys from `title_keys`.
    """
    if isinstance(wanted_titles, tuple) and all(isinstance(k, TitleKey) for k in wanted_titles):
        wanted_keys: Sequence[TitleKey] = wanted_titles  # already keys: the feed filters' case
    else:
        wanted_keys = [
            key if isinstance(key, TitleKey) else title_key(key)
            for key in wanted_titles
            if isinstance(key, TitleKey) or key.strip()
        ]
    best: ShowMatch | None = None
    for name in (parsed.title, *parsed.alternative_titles):
        if not name:
            continue
        release = title_key(name)
        if not release.words:
            continue
        release_season = parsed.season if parsed.season is not None else release.season
        for wanted in wanted_keys:
            if not wanted.words:
                continue
            exact = release.words == wanted.words
            if not exact and not _contains(release.words, wanted.words):
                continue
            found = ShowMatch(exact, release_season, wanted.season)
            if exact and (release_season == wanted.season or release_season is None):
                return found
            if best is None or (exact and not best.exact):
                best = found
    return best


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True if part occurs in words as a contiguous run."""
    size = len(part)
    if size > len(words):
        return False
    first = part[0]
    for i in range(len(words) - size + 1):
        if words[i] == first and words[i : i + size] == part:
            return True
    return False


def same_title(a: ParsedRelease, b: ParsedRelease) -> bool:
    """True if two parsed releases name the same show (any of their names in common)."""
    keys_a = {title_key(n).words for n in (a.title, *a.alternative_titles) if n}
    keys_b = {title_key(n).words for n in (b.title, *b.alternative_titles) if n}
    return bool(keys_a & keys_b - {()})
