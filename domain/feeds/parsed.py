"""Release names read once each for the feed filters. Pure: a bounded in-process memo.

group=, min= and show= need the release parser's reading of a title, some 20 µs a name, about
as much as reading the item from the feed. Some titles come back again and again: several users
follow the same feed with their own filters, an item moves between feeds, and `/feeds test` runs
on a whole feed. Those are read once and remembered; `ParsedRelease` is frozen, so one reading
can be shared.

A title is remembered from its second sight, not its first. A poll only filters items it has not
seen, so most titles are read once and never again, and keeping all of those costs the first
sight (a burst of new readings held on to runs about a tenth slower than readings let go) for
nothing; a title seen twice is likely to come back. Both the titles seen once and the readings
are bounded, oldest out first: 8,192 each (some 4 MiB of readings) hold 100 feeds of 75 items.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from domain.releases import ParsedRelease, parse, title_key

MAX_TITLES = 8192

_lock = threading.Lock()  # the filters run on the event loop, but nothing here relies on it
_readings: OrderedDict[str, ParsedRelease] = OrderedDict()  # least recently used first
# Titles read once and not kept, oldest first. An OrderedDict, not a dict: taking the oldest out
# of a full dict with next(iter()) walks over the slots its earlier deletions left empty, some
# 4 µs a new title once 8,192 are held, where popitem(last=False) takes a fraction of one.
_seen_once: OrderedDict[str, None] = OrderedDict()


def parsed_release(title: str) -> ParsedRelease:
    """What the release parser reads in `title`; remembered once it has been asked twice."""
    with _lock:
        release = _readings.get(title)
        if release is not None:
            _readings.move_to_end(title)
            return release
    release = parse(title)
    with _lock:
        if title in _seen_once:
            del _seen_once[title]
            _readings[title] = release
            if len(_readings) > MAX_TITLES:
                _readings.popitem(last=False)
        else:
            _seen_once[title] = None
            if len(_seen_once) > MAX_TITLES:
                _seen_once.popitem(last=False)
    return release


def remembered() -> int:
    """How many readings are held."""
    return len(_readings)


def forget_titles() -> None:
    """Drop every remembered title and reading, and the title keys show= compares: for
    benchmarks that measure a first sight."""
    with _lock:
        _readings.clear()
        _seen_once.clear()
    title_key.cache_clear()
