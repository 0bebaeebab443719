"""Reading a number a person typed: ASCII digits 0-9 only, within a stated range. Pure.

`str.isdigit()` is true for '²', '①', '٣' and more, which `int()` then refuses or reads as
another script's digits; nothing here uses either on text a user sent.
"""

from __future__ import annotations

ASCII_DIGITS = frozenset("0123456789")


def is_ascii_number(text: str) -> bool:
    """One or more of 0-9 and nothing else."""
    return bool(text) and all(char in ASCII_DIGITS for char in text)


def ascii_number(text: str, low: int, high: int) -> int | None:
    """`text`'s value when it is ASCII digits and `low <= value <= high`, else None. Never
    raises, whatever the length: leading zeros aside, more digits than `high` has is too big."""
    if not is_ascii_number(text):
        return None
    significant = text.lstrip("0") or "0"
    if len(significant) > len(str(max(high, 0))):
        return None
    value = int(significant)
    return value if low <= value <= high else None
