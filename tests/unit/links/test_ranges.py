from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.web.ranges import ByteRange, Unsatisfiable, if_range_holds, parse_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-0", ByteRange(0, 0)),
        ("bytes=0-499", ByteRange(0, 499)),
        ("bytes=500-", ByteRange(500, 999)),
        ("bytes=500-5000", ByteRange(500, 999)),  # clipped to the end
        ("bytes=-100", ByteRange(900, 999)),
        ("bytes=-5000", ByteRange(0, 999)),
        ("BYTES = 1-2", ByteRange(1, 2)),
        ("bytes=999-999", ByteRange(999, 999)),
        # Read as "the whole file", as the RFC allows.
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
        ("bytes=5-1", None),
        ("bytes=-", None),
        ("bytes=a-b", None),
        ("bytes=+1-2", None),
        ("bytes=1-2-3", None),
        ("bytes=99999999999999999999999-", None),
    ],
)
def test_ranges(header: str | None, expected: ByteRange | None) -> None:
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-"])
def test_unsatisfiable(header: str) -> None:
    with pytest.raises(Unsatisfiable):
        parse_range(header, SIZE)


def test_an_empty_file_satisfies_no_range() -> None:
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-1", 0)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)


def test_content_range() -> None:
    assert ByteRange(900, 999).content_range(1000) == "bytes 900-999/1000"


MODIFIED = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
ETAG = '"abc-3e8"'


@pytest.mark.parametrize(
    ("header", "holds"),
    [
        (None, True),
        ('"abc-3e8"', True),
        ('"stale-3e8"', False),
        ('W/"abc-3e8"', False),  # weak tags never match an If-Range
        ("Thu, 01 Jan 2026 12:00:00 GMT", True),
        ("Thu, 01 Jan 2026 11:59:59 GMT", False),
        ("Thu, 01 Jan 2026 12:00:01 GMT", False),  # later is not "the same version"
        ("yesterday", False),
        ("", False),
    ],
)
def test_if_range(header: str | None, holds: bool) -> None:
    assert if_range_holds(header, ETAG, MODIFIED) is holds
