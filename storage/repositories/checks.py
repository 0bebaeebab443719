"""Checks on values before they reach a column whose limits differ between SQLite and PostgreSQL.

SQLite would store a 41-character hash in a VARCHAR(40) that PostgreSQL refuses; checking here
makes both backends answer the same. Pure.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime

from domain.errors import InvalidInput

INFO_HASH_LENGTH = 40


def info_hash(value: str) -> str:
    """A v1 info hash as 40 lower-case hex digits; anything else is refused."""
    normalised = value.strip().lower()
    if len(normalised) != INFO_HASH_LENGTH or not set(normalised) <= set(string.hexdigits):
        raise InvalidInput(f"info hash must be {INFO_HASH_LENGTH} hex digits, not {value[:64]!r}")
    return normalised


def utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is refused rather than guessed at."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"timestamp {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)
