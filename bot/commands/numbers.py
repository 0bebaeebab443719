"""Every number a user types into a command, read one way: ASCII digits 0-9 within a stated
inclusive range, or the command's UsageError. Sizes (`20G`) are bounded the same way. Pure."""

from __future__ import annotations

import re

from bot.errors import UsageError
from domain.numbers import ascii_number

MAX_NUMBER = 10**9  # the largest count a command takes unless it says otherwise
MAX_ID = 999_999_999  # download, user, feed and list numbers: nine digits at most
MAX_SIZE = 1024**5  # 1 PiB: more than any disk this box will see

# "20G", "500MB", "1.5TiB", "0"; [0-9] and not \d, which matches every script's digits
_SIZE = re.compile(r"(?P<whole>[0-9]+)(?:\.(?P<part>[0-9]+))?\s*(?P<unit>[kmgt]?)i?b?", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_number(
    text: str,
    command: str,
    usage: str,
    *,
    low: int = 0,
    high: int = MAX_NUMBER,
    hash_ok: bool = False,
) -> int:
    """`text` (stripped; with one leading '#' when `hash_ok`) as an int in [low, high], or
    UsageError(command, usage). Only ASCII digits count: '²', '٣', '５' are refused."""
    word = text.strip()
    if hash_ok and word.startswith("#"):
        word = word[1:]
    value = ascii_number(word, low, high)
    if value is None:
        raise UsageError(command, usage)
    return value


def parse_size(text: str, command: str, usage: str) -> int:
    """`20G`, `500MB`, `1.5TiB`, `0` (no limit) → bytes, at most MAX_SIZE; UsageError otherwise
    (never OverflowError: the arithmetic is on integers, and the digits are counted first)."""
    match = _SIZE.fullmatch(text.strip())
    if not match or len(match["whole"].lstrip("0")) > 16 or len(match["part"] or "") > 9:
        raise UsageError(command, usage)
    unit = _UNITS[match["unit"].lower()]
    part = match["part"] or ""
    value = int(match["whole"].lstrip("0") or "0") * unit + (
        int(part) * unit // 10 ** len(part) if part else 0
    )
    if value > MAX_SIZE:
        raise UsageError(command, usage)
    return value
