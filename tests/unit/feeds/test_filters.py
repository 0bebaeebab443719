"""Feed filters as a user types them: what they accept, what they refuse, and why."""

from __future__ import annotations

import time

import pytest

from domain.errors import InvalidInput
from domain.feeds.filters import MAX_REGEX_INPUT, FeedFilter, compile_pattern, parse_settings
from domain.feeds.models import FeedAction, FeedItem, FeedRules
from domain.feeds.parsed import MAX_TITLES, forget_titles, remembered


def item(title: str) -> FeedItem:
    return FeedItem(key=f"guid:{title}", title=title, source=None, info_hash=None)


FRIEREN = "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv"
FRIEREN_720 = "[SubsPlease] Sousou no Frieren - 05 (720p) [ABCD1234].mkv"
FRIEREN_BATCH = "[Erai-raws] Sousou no Frieren - 01 ~ 28 [1080p][Batch]"
OSHI = "[SubsPlease] Oshi no Ko - 03 (1080p) [0000AAAA].mkv"
NO_RESOLUTION = "[Group] Sousou no Frieren - 05"


@pytest.mark.parametrize(
    ("filters", "title", "accepted"),
    [
        ("", OSHI, True),
        ("frieren", FRIEREN, True),
        ("FRIEREN", FRIEREN, True),
        ("frieren", OSHI, False),
        ("frieren -batch", FRIEREN_BATCH, False),
        ("frieren -batch", FRIEREN, True),
        (r'"/ - \d{2} \(/"', FRIEREN, True),
        (r'"/ - \d{2} \(/"', FRIEREN_BATCH, False),
        ("-/batch|~/", FRIEREN_BATCH, False),
        ("group=subsplease", FRIEREN, True),
        ("group=Erai-raws,Judas", FRIEREN, False),
        ("group=Erai-raws,Judas", FRIEREN_BATCH, True),
        ("min=1080p", FRIEREN, True),
        ("min=1080p", FRIEREN_720, False),
        ("min=720", NO_RESOLUTION, False),
        ('show="Sousou no Frieren"', FRIEREN, True),
        ('show="Sousou no Frieren"', OSHI, False),
        ("show=frieren min=1080p group=SubsPlease", FRIEREN, True),
    ],
)
def test_filters_accept_what_they_say(filters: str, title: str, accepted: bool) -> None:
    check = FeedFilter(parse_settings(filters).rules)
    verdict = check.check(item(title))
    assert verdict.accepted is accepted
    assert (verdict.reason is None) is accepted


def test_a_rejection_names_its_reason() -> None:
    check = FeedFilter(parse_settings("min=1080p").rules)
    assert check.check(item(FRIEREN_720)).reason == "720p is below 1080p"


def test_settings_read_actions_and_interval() -> None:
    settings = parse_settings('frieren action=both every=30m show="Oshi no Ko"')
    assert settings.actions == {FeedAction.NOTIFY, FeedAction.DOWNLOAD}
    assert settings.interval == 1800
    assert settings.rules.show == "Oshi no Ko"
    assert parse_settings("").actions == {FeedAction.NOTIFY}


def test_a_summary_reads_back_as_the_same_rules() -> None:
    rules = parse_settings(r'frieren -batch "/S\d+ E/" group=A,B min=720p show="Oshi no Ko"').rules
    assert parse_settings(rules.describe()).rules == rules


@pytest.mark.parametrize(
    ("filters", "says"),
    [
        ("min=999p", "resolution"),
        ("every=1m", "between 5m and 24h"),
        ("every=soon", "duration"),
        ("action=delete", "notify, download or both"),
        ("colour=red", "unknown filter"),
        ('"unbalanced', "filters"),
        ("/[/", "broken"),
        ("/([/", "broken"),
        ("/" + "a" * 300 + "/", "1 to 200 characters"),
        ("/two words/", "between slashes"),
        ("group=", "group name"),
        (" ".join(f"w{n}" for n in range(30)), "at most 20"),
    ],
)
def test_bad_filters_are_refused_with_a_reason(filters: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_settings(filters)


@pytest.mark.parametrize(
    "pattern",
    [
        r"S\d+E\d+",
        r"(?:1080|720)p",
        r"(foo|bar)+x",
        r"^\[SubsPlease\]",
        r"a{2,5}",
        # Shapes that backtrack catastrophically elsewhere; RE2 runs them in linear time.
        r"(a+)+$",
        r"(a|aa)*b",
        r"a*a*a*b",
    ],
)
def test_ordinary_patterns_are_allowed(pattern: str) -> None:
    assert compile_pattern(pattern).pattern == pattern


def test_a_pattern_only_ever_sees_a_bounded_title() -> None:
    """A hostile 1 MB title is cut to a bounded length before any pattern sees it."""
    check = FeedFilter(FeedRules(include_regex=(r"a*a*b",)))
    started = time.perf_counter()
    assert not check.check(item("a" * 1_000_000)).accepted
    assert time.perf_counter() - started < 2.0


def test_a_catastrophic_pattern_is_accepted_and_answers_correctly() -> None:
    """/(a+)+$/ hangs a backtracking engine on 'aaaa…!'; on RE2 it simply gives the answer."""
    hostile = "a" * (MAX_REGEX_INPUT - 1) + "!"
    settings = parse_settings("/(a+)+$/")
    assert settings.rules.include_regex == ("(a+)+$",)
    check = FeedFilter(settings.rules)
    assert check.check(item(hostile)).reason == "does not match /(a+)+$/"
    assert check.check(item("a" * (MAX_REGEX_INPUT - 1))).accepted
    assert not FeedFilter(parse_settings("-/(a+)+$/").rules).check(item("A" * 50)).accepted
    assert FeedFilter(parse_settings("-/(a+)+$/").rules).check(item(hostile)).accepted


@pytest.mark.parametrize(
    ("filters", "feature"),
    [("/(a)\\1/", "(a)\\1"), ("/foo(?=bar)/", "foo(?=bar)"), ('"-/(?<!raw )x/"', "(?<!raw )x")],
)
def test_backreferences_and_lookarounds_are_refused_clearly(filters: str, feature: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_settings(filters)
    message = str(refused.value)
    assert f"/{feature}/" in message
    assert "lookarounds" in message
    assert "backreferences" in message
    assert "not supported" in message


def test_a_broken_pattern_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput, match=r"regular expression /\(\[/ is broken.*missing \]"):
        compile_pattern("([")


def test_an_ordinary_pattern_still_matches_case_insensitively() -> None:
    check = FeedFilter(parse_settings("/S0?2E0?5/").rules)
    assert check.check(item("[Group] Show s2e5 [1080p]")).accepted
    assert check.check(item("[Group] Show S02E05 [1080p]")).accepted
    assert check.check(item("[Group] Show s02e05 [1080p]")).accepted
    assert not check.check(item("[Group] Show S02E06 [1080p]")).accepted
    assert not check.check(item("[Group] Show S12E05 [1080p]")).accepted


def test_a_title_read_before_gives_every_feed_the_same_verdicts() -> None:
    forget_titles()
    feeds = ["group=SubsPlease", "group=Erai-raws", "min=1080p", 'show="Sousou no Frieren"']
    sights = [
        [FeedFilter(parse_settings(f).rules).check(item(FRIEREN_720)) for f in feeds]
        for _ in range(3)  # read, read again and remembered, then remembered
    ]
    assert remembered() == 1
    assert all([v.reason for v in sight] == [v.reason for v in sights[0]] for sight in sights)
    assert [v.accepted for v in sights[0]] == [True, False, False, True]


def test_remembered_titles_stay_bounded() -> None:
    forget_titles()
    check = FeedFilter(parse_settings("min=720p").rules)
    titles = [f"[Group] Show {n} - 01 (1080p)" for n in range(MAX_TITLES + 50)]
    for title in titles:
        check.check(item(title))
    assert remembered() == 0  # each seen once: likely never to come back
    for title in titles:  # each seen twice in a row
        check.check(item(title))
        check.check(item(title))
    assert remembered() == MAX_TITLES
    forget_titles()
