"""Release names read once each for the feed filters. Pure: a bounded in-process memo.

group=, min= and show= need the release parser's reading of a title, some 20 µs a name, about
as much as reading the item from the feed. The same titles come back again and again: a feed
serves the same window of items poll after poll, several users follow the same feed with their
own filters, and `/feeds test` runs on a whole feed. So each title is read once and remembered;
`ParsedRelease` is frozen, so one reading can be shared.

Bounded, least recently used out first: 8,192 titles (some 4 MiB) hold 100 feeds of 75 items
with room to spare, and a box with more only reads some titles twice.
"""

from __future__ import annotations

import functools

from domain.releases import ParsedRelease, parse

MAX_TITLES = 8192


@functools.lru_cache(maxsize=MAX_TITLES)
def parsed_release(title: str) -> ParsedRelease:
    """What the release parser reads in `title`, read at most once while it stays in use."""
    return parse(title)


def forget_titles() -> None:
    """Drop every remembered reading: for benchmarks that measure a first sight."""
    parsed_release.cache_clear()
