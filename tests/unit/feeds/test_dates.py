"""Feed dates read on the fast path are the dates feedparser reads, whatever the string."""

from __future__ import annotations

from feedparser.datetimes import _parse_date
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.feeds.dates import parse_date

_DAYS = st.sampled_from(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon.", "sat", ""])
_MONTHS = st.sampled_from(["Jan", "Feb", "Mar", "Sep", "Dec", "dec", "Foo", "02"])
_ZONES = st.sampled_from(["-0000", "+0000", "+0530", "-1200", "+9959", "GMT", "UT", "Z", "EST"])


@settings(max_examples=500, deadline=None)
@given(
    day_name=_DAYS,
    day=st.integers(0, 40),
    month=_MONTHS,
    year=st.sampled_from([1, 99, 1999, 2024, 9999]) | st.integers(1, 9999),
    hour=st.integers(0, 25),
    minute=st.integers(0, 61),
    second=st.integers(0, 61),
    zone=_ZONES,
)
def test_rfc_822_dates_read_as_feedparser_reads_them(
    day_name: str, day: int, month: str, year: int, hour: int, minute: int, second: int, zone: str
) -> None:
    text = f"{day_name}, {day:02d} {month} {year:04d} {hour:02d}:{minute:02d}:{second:02d} {zone}"
    assert parse_date(text) == _parse_date(text)


@given(st.text(max_size=40))
def test_any_other_string_reads_as_feedparser_reads_it(text: str) -> None:
    assert parse_date(text) == _parse_date(text)


def test_a_nyaa_date_is_read_in_utc() -> None:
    parsed = parse_date("Sat, 02 Mar 2024 02:09:32 -0130")
    assert parsed is not None
    assert tuple(parsed)[:6] == (2024, 3, 2, 3, 39, 32)
