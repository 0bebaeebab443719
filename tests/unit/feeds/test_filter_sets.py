"""A feed's terms compiled into one matcher give the verdicts and reasons of trying each term in
turn, on generated terms and titles as on the awkward cases of case folding."""

from __future__ import annotations

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.feeds.filters import FeedFilter, TermSet
from domain.feeds.models import FeedItem, FeedRules


def item(title: str) -> FeedItem:
    return FeedItem(key=f"guid:{title}", title=title, source=None, info_hash=None)


_WORD_PIECES = [*"abcXYZ019 -_.[]()*+?|^$\\", "ß", "SS", "İ", "ﬁ", "Σ", "ς", "σ", "葬", "1080p"]
_WORDS = st.lists(st.sampled_from(_WORD_PIECES), min_size=1, max_size=6).map("".join)
_REGEXES = st.sampled_from(
    [
        r"\bRAW\b",
        r" - \d{2} ",
        r"v\d \(",
        r"^\[",
        r"\)$",
        r"1080p|720p",
        r"[a-c]+\d",
        r"ss",
        r"ß",
        r"(?i:SIGMA)|σ",
        r".*",
        r"x{0}",
        r"\[(?:Sub|Erai)[^\]]*\]",
        r"葬送",
    ]
)
_TITLES = st.lists(
    st.sampled_from([*_WORD_PIECES, "[SubsPlease] ", "Frieren - 05 ", "(1080p)", " RAW ", "v2 ("]),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    include=st.lists(_WORDS, max_size=5),
    exclude=st.lists(_WORDS, max_size=5),
    include_regex=st.lists(_REGEXES, max_size=4),
    exclude_regex=st.lists(_REGEXES, max_size=4),
    titles=st.lists(_TITLES, min_size=1, max_size=8),
)
def test_one_matcher_gives_the_verdicts_and_reasons_of_one_term_at_a_time(
    include: list[str],
    exclude: list[str],
    include_regex: list[str],
    exclude_regex: list[str],
    titles: list[str],
) -> None:
    rules = FeedRules(
        include=tuple(include),
        exclude=tuple(exclude),
        include_regex=tuple(include_regex),
        exclude_regex=tuple(exclude_regex),
    )
    check = FeedFilter(rules)
    for title in titles:
        assert check.check(item(title)) == check.check_one_by_one(item(title)), title


@pytest.mark.parametrize(
    ("rules", "title", "reason"),
    [
        (FeedRules(include=("STRASSE",)), "straße", None),  # casefold: ß is ss
        (FeedRules(include=("ﬁnal",)), "FINAL", None),
        (FeedRules(exclude=("σ",)), "ΟΔΟΣ", "“σ” in the title"),
        (FeedRules(include=("a", "b"), exclude=("c",)), "c a", "no “b” in the title"),
        (FeedRules(include=("a",), exclude=("c", "a")), "c a", "“c” in the title"),
        (FeedRules(include_regex=("x", "y")), "y", "does not match /x/"),
        (FeedRules(exclude_regex=("y", "x")), "x y", "matches /y/"),
        (FeedRules(include=("a",), include_regex=("b",)), "b", "no “a” in the title"),
        (FeedRules(include_regex=("^ab",)), "x" * 300 + "ab", "does not match /^ab/"),
        (FeedRules(include_regex=("ab$",)), "x" * 300 + "ab", "does not match /ab$/"),
    ],
)
def test_the_first_failing_term_is_the_reason(
    rules: FeedRules, title: str, reason: str | None
) -> None:
    check = FeedFilter(rules)
    assert check.check(item(title)).reason == reason
    assert check.check_one_by_one(item(title)).reason == reason


def test_a_feeds_terms_are_compiled_into_one_set_each() -> None:
    options = re2.Options()
    options.literal = True
    words = TermSet(["frieren", "batch", "(720p)"], options, [16, 16, 16])
    assert words.compiled
    assert words.matches("[grp] frieren - 01 (720p)") == frozenset({0, 2})
    assert words.matches("nothing") == frozenset()


def test_terms_a_set_cannot_hold_are_tried_one_by_one() -> None:
    options = re2.Options()
    assert TermSet(["a\ud800"], options, [8]).matches("a") is None  # a lone surrogate
    assert TermSet(["a"] * 3, options, [10**6] * 3).matches("a") is None  # too large a program
    check = FeedFilter(FeedRules(include=("a\ud800",), exclude=("b",)))
    assert check.check(item("a\ud800 b")).reason == "“b” in the title"
