"""Whatever a feed or a user sends, parse returns a value and never raises."""

from __future__ import annotations

import logging
import random
import string

import pytest

from domain.releases import ParsedRelease, parse

ODD = [
    "",
    "   ",
    "[",
    "]]]]",
    "((((((",
    "-",
    " - - - ",
    "S01E",
    "S99E9999-E0",
    "\x00\x01\x02",
    "[]()【】{}",
    "[SubsPlease]",
    "[SubsPlease] - (1080p)",
    "01-9999",
    "0000000000000000000000000000",
    "v2",
    ".mkv",
    "...........",
    "____",
    "第第第话话",
    "🎉 Anime 🎉 - 05 🎉",
    "[" * 500 + "]" * 500,
    "a-" * 2000,
    "1 " * 3000,
    "[Group] Title - " + "9" * 50 + " (1080p)",
    "Title S01E01-E99999",
    "Title 2147483648-2147483649",
    "&amp;&#999999999;&#x110000;&bogus;",
]


@pytest.mark.parametrize("name", ODD, ids=range(len(ODD)))
def test_odd_names(name: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="domain.releases"):
        parsed = parse(name)
    assert isinstance(parsed, ParsedRelease)
    assert not caplog.records, "the parser fell back after an internal error"
    assert all(isinstance(e, int) and 0 <= e < 10_000 for e in parsed.episodes)
    assert len(parsed.episodes) <= 10_000


def test_random_names(caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(20240603)
    alphabet = string.ascii_letters + string.digits + " _.-[](){}【】~#&+,|/第话期×'\"" + "é日本"
    pieces = ["[SubsPlease]", " - ", "1080p", "S01E05", "v2", "(01-12)", "[Batch]", ".mkv", "第5话"]
    with caplog.at_level(logging.ERROR, logger="domain.releases"):
        for _ in range(3000):
            parts = [
                rng.choice(pieces)
                if rng.random() < 0.3
                else "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
                for _ in range(rng.randint(0, 8))
            ]
            name = "".join(parts)
            parsed = parse(name)
            assert isinstance(parsed.title, str)
    assert not caplog.records, "the parser fell back after an internal error"


def test_not_a_string_still_gives_a_value() -> None:
    parsed = parse(None)  # type: ignore[arg-type]
    assert parsed.title == "None"
