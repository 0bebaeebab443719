"""Episode numbers and resolutions as release names write them. Pure."""

from __future__ import annotations

from typing import Final

from domain.releases import tokens as t

STANDARD_RESOLUTIONS: Final = frozenset({360, 480, 540, 576, 720, 1080, 1440, 2160})


class Num:
    """An episode number as written: one or several episodes, a suffix and a version."""

    __slots__ = ("episodes", "leading_zero", "suffix", "version")

    def __init__(
        self, episodes: tuple[int, ...], suffix: str | None, version: int | None, zero: bool
    ) -> None:
        self.episodes = episodes
        self.suffix = suffix
        self.version = version
        self.leading_zero = zero


def number(text: str) -> Num | None:
    """Read "05", "05v2", "07.5", "09a", "01-12", "01v2-04" or "01+02"; None if not a number."""
    m = t.NUMBER_RE.fullmatch(text)
    if m is None:
        if "+" in text:
            parts = [number(part) for part in text.split("+")]
            if len(parts) > 1 and all(p is not None and len(p.episodes) == 1 for p in parts):
                episodes = tuple(p.episodes[0] for p in parts if p is not None)
                if list(episodes) == sorted(set(episodes)):
                    return Num(episodes, None, None, text[0] == "0")
        return None
    first_text, decimal, letter, version, last_text, last_version = m.groups()
    first = int(first_text)
    suffix = f".{decimal}" if decimal else (letter.lower() if letter else None)
    if last_text is not None:
        last = int(last_text)
        if last <= first or last - first > 2000 or suffix:
            return None
        episodes = tuple(range(first, last + 1))
        version = last_version or version
    else:
        episodes = (first,)
    zero = len(first_text) > 1 and first_text[0] == "0"
    return Num(episodes, suffix, int(version) if version else None, zero)


def resolution(text: str) -> int | None:
    """1080p, 1920x1080, 1440x1080p -> lines; cropped encodes count by their width."""
    if not text[:1].isdigit():
        return None  # every spelling starts with a digit: most words end here, without a pattern
    if text[-1] in ("p", "P") and text[:-1].isdigit():  # the usual spelling, without a pattern
        return int(text[:-1]) if 3 <= len(text) - 1 <= 4 else None
    m = t.RESOLUTION_RE.fullmatch(text)
    if m is None:
        return None
    width_text, height_text = m.groups()
    if width_text is None and not text[-1:].isalpha():
        return None  # a bare number: an episode as likely as a resolution
    height = int(height_text)
    if width_text is not None:
        width = int(width_text)
        if width < height:
            return None
        height = max(height, _width_class(width))
    return height


def _width_class(width: int) -> int:
    if width >= 3800:
        return 2160
    if width >= 2500:
        return 1440
    if width >= 1900:
        return 1080
    if width >= 1270:
        return 720
    return 0


def sxe(word: str) -> tuple[int, Num] | None:
    """S01E05, S01E01-E03, S02E12.5, 1x03 -> (season, episodes)."""
    m = t.SXE_RE.fullmatch(word)
    if m is None:
        return None
    season_text, first_text, decimal, version, last_text, x_season, x_episode = m.groups()
    if x_season is not None:
        return int(x_season), Num((int(x_episode),), None, None, x_episode[0] == "0")
    first = int(first_text)
    if decimal:  # "S02E12.5": a recap between two episodes
        return int(season_text), Num(
            (first,), f".{decimal}", int(version) if version else None, False
        )
    last = int(last_text) if last_text else first
    episodes = tuple(range(first, last + 1)) if first <= last <= first + 2000 else (first,)
    return int(season_text), Num(episodes, None, int(version) if version else None, False)
