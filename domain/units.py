"""Sizes as people read them, the way Nyaa lists torrents (binary units). Pure."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")
_SIZE_UNITS = {
    "byte": 1,
    "bytes": 1,
    "b": 1,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
    "pib": 1024**5,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*")


def human_size(size: int) -> str:
    """1536 -> "1.5 KiB"; one decimal past bytes, TiB at most."""
    value = float(size)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def parse_size(text: str) -> int:
    """'1.6 GiB' -> bytes: binary units and plain bytes, as Nyaa prints them (Jinja's
    `filesizeformat`: "1 Byte", "512 Bytes", "240.5 MiB"). ValueError if it is none."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"not a size: {text!r}")
    factor = _SIZE_UNITS.get(match[2].casefold())
    if factor is None:
        raise ValueError(f"unknown size unit in {text!r}")
    # Decimal: "1.1 GiB" in binary floating point is a byte off
    return int((Decimal(match[1]) * factor).to_integral_value(rounding=ROUND_HALF_UP))
