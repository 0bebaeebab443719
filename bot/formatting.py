"""Chat formatting helpers shared by every front-end: sizes, speeds, times, bars. Pure."""

from __future__ import annotations

from domain.units import human_size

__all__ = ["human_duration", "human_size", "human_speed", "progress_bar", "shorten"]


def human_speed(bytes_per_second: int) -> str:
    return f"{human_size(bytes_per_second)}/s"


def human_duration(seconds: int | None) -> str:
    if seconds is None or seconds < 0:
        return "∞"
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    return f"{hours // 24}d {hours % 24}h"


def progress_bar(fraction: float, width: int = 10) -> str:
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * width + 1e-9)
    return "█" * filled + "░" * (width - filled)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut with an ellipsis; one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 show`, `2 shows`; `plural` for nouns that do not just take an s."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
