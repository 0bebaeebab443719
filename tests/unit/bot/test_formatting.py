from __future__ import annotations

import pytest

from bot.formatting import human_duration, human_size, progress_bar, shorten


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1536, "1.5 KiB"),
        (1_717_986_918, "1.6 GiB"),
        (2**50, "1024.0 TiB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "∞"),
        (-1, "∞"),
        (5, "5s"),
        (125, "2m 05s"),
        (3 * 3600 + 60, "3h 01m"),
        (3 * 86400, "3d 0h"),
    ],
)
def test_human_duration(seconds: int | None, text: str) -> None:
    assert human_duration(seconds) == text


@pytest.mark.parametrize(
    ("fraction", "bar"),
    [(0.0, "░" * 10), (0.62, "██████░░░░"), (1.0, "█" * 10), (1.7, "█" * 10), (-1, "░" * 10)],
)
def test_progress_bar(fraction: float, bar: str) -> None:
    assert progress_bar(fraction) == bar


def test_shorten_keeps_one_line_and_the_limit() -> None:
    assert shorten("a\nb", 10) == "a b"
    assert shorten("x" * 20, 10) == "x" * 9 + "…"
