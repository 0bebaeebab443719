"""Range and If-Range parsing on anything a client can send (issue 17): a range inside the
file, None or Unsatisfiable, and a yes or no; never another exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.web.ranges import ByteRange, Unsatisfiable, if_range_holds, parse_range

ETAG = '"abc-3e8"'
MODIFIED = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)

_DATEISH = st.from_regex(
    r"\A([A-Z][a-z]{2}, )?-?[0-9]{1,25} [A-Z][a-z]{2} -?[0-9]{1,25}"
    r"( [0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3})?"
    r"( [+-][0-9]{1,6}| [A-Z]{1,4})?\Z"
)
_RANGEISH = st.from_regex(r"\A(bytes|BYTES|x)?=?( ?-?[0-9\u0661\uff10]{0,25}-?[0-9]{0,25},?)*\Z")


def _sound(header: str, size: int) -> None:
    try:
        got = parse_range(header, size)
    except Unsatisfiable:
        return
    if got is not None:
        assert isinstance(got, ByteRange)
        assert 0 <= got.start <= got.end < size


@given(st.text(), st.integers(min_value=0, max_value=2**63))
def test_any_range_text_is_a_range_inside_none_or_unsatisfiable(header: str, size: int) -> None:
    _sound(header, size)


@given(_RANGEISH, st.integers(min_value=0, max_value=10**12))
def test_range_like_text_too(header: str, size: int) -> None:
    _sound(header, size)


@given(st.one_of(st.text(), _DATEISH))
def test_any_if_range_is_a_yes_or_no(header: str) -> None:
    assert if_range_holds(header, ETAG, MODIFIED) in (True, False)


@pytest.mark.parametrize(
    "header",
    [
        "Sun, 06 Nov 99999 08:49:37 GMT",
        "06 Nov 999999999999999999999 08:49:37 GMT",  # OverflowError inside the parser
        "Sun, 06 Nov 1994 08:49:37 +9999",
        "Sun, 06 Nov 1994 99:99:99 GMT",
        "Sun, 31 Dec 9999 23:59:59 -2359",
        "\x00",
        "x" * 10_000,
    ],
)
def test_unreadable_dates_mean_the_whole_file(header: str) -> None:
    assert if_range_holds(header, ETAG, MODIFIED) is False


@pytest.mark.parametrize("header", ["bytes=\u0661-\u0662", "bytes=\uff10-\uff11", "bytes=\u0661-"])
def test_only_ascii_digits_make_a_range(header: str) -> None:
    assert parse_range(header, 1000) is None
