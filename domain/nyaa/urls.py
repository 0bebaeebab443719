"""Nyaa's URLs. Pure."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from domain.errors import InvalidInput

_CATEGORY = re.compile(r"\d_\d{1,2}")

NO_FILTER = 0
NO_REMAKES = 1
TRUSTED_ONLY = 2


def nyaa_search_url(
    base_url: str, query: str, *, category: str = "1_2", filter_mode: int = NO_FILTER
) -> str:
    """The RSS search `{base}/?page=rss&q=<words>&c=<category>&f=<filter>`.

    `category` is Nyaa's `main_sub` id (1_2 anime English-translated, 1_0 all anime, 0_0
    everything); `filter_mode` is 0 (all), 1 (no remakes) or 2 (trusted only).
    """
    if not _CATEGORY.fullmatch(category):
        raise InvalidInput(f"not a Nyaa category: {category!r}")
    if filter_mode not in (NO_FILTER, NO_REMAKES, TRUSTED_ONLY):
        raise InvalidInput(f"not a Nyaa filter: {filter_mode!r}")
    params = urlencode({"page": "rss", "q": query, "c": category, "f": str(filter_mode)})
    return f"{base_url.rstrip('/')}/?{params}"
