"""Value checks that make SQLite and PostgreSQL answer alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.errors import InvalidInput
from storage.repositories import checks

HASH = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("given", "stored"),
    [(HASH, HASH), (HASH.upper(), HASH), (f"  {HASH}\n", HASH)],
)
def test_info_hashes_are_stored_lower_case(given: str, stored: str) -> None:
    assert checks.info_hash(given) == stored


@pytest.mark.parametrize(
    "given",
    [
        "",
        HASH[:-1],
        HASH + "0",
        "g" * 40,
        "CIQGVGBIQFJZOOQCXF5WR3LQF7WR3LQF",
        f"urn:btih:{HASH}",
        "x" * 10_000,
    ],
)
def test_anything_but_a_v1_hex_hash_is_refused(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        checks.info_hash(given)
    assert len(str(caught.value)) < 200  # a 10,000-character paste does not flood the log


def test_aware_times_are_kept_as_the_same_instant_in_utc() -> None:
    india = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))

    stored = checks.utc(india)

    assert stored == india
    assert stored.tzinfo is UTC


def test_naive_times_are_refused() -> None:
    with pytest.raises(InvalidInput):
        checks.utc(datetime(2024, 5, 1, 12, 0))
