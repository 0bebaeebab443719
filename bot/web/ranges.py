"""HTTP byte ranges and If-Range (RFC 9110 §14), for one representation of known size. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

# ASCII digits only (`\d` alone takes any script's), at most 19 of them: a 64-bit offset.
_SPEC = re.compile(r"([0-9]{0,19})-([0-9]{0,19})", re.ASCII)


class Unsatisfiable(Exception):
    """The Range cannot be met: answer 416 with `Content-Range: bytes */size`."""


@dataclass(frozen=True, slots=True)
class ByteRange:
    start: int
    end: int  # inclusive, as Content-Range writes it

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for, or None to send the whole thing.

    Several ranges, other units and malformed headers get the whole thing, which the RFC
    allows and every client handles; a range starting at or past the end raises Unsatisfiable.
    """
    if not header:
        return None
    unit, sep, spec = header.strip().partition("=")
    if not sep or unit.strip().lower() != "bytes" or "," in spec:
        return None
    match = _SPEC.fullmatch(spec.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return ByteRange(start, end)


def if_range_holds(header: str | None, etag: str, last_modified: datetime) -> bool:
    """Whether a Range may be honoured: no If-Range, or one naming exactly this version.

    An entity tag must match strongly (a weak one never does); a date must equal Last-Modified
    to the second. Anything else, stale or unreadable, means "send the whole file": this never
    raises, whatever the client sent.
    """
    if header is None:
        return True
    value = header.strip()
    if value.startswith(('"', "W/")):
        return value == etag
    try:
        # Raises ValueError (bad field, year or offset out of range), OverflowError (a year
        # too long for a C long), TypeError or IndexError (too few fields), depending on how
        # the date is wrong.
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            return False
        return int(when.timestamp()) == int(last_modified.timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
