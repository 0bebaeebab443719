"""Nyaa: RSS search (client.py does the I/O; feed.py and urls.py are pure)."""

from __future__ import annotations

from domain.nyaa.client import NyaaClient
from domain.nyaa.feed import parse_feed
from domain.nyaa.urls import NO_FILTER, NO_REMAKES, TRUSTED_ONLY, nyaa_search_url

__all__ = [
    "NO_FILTER",
    "NO_REMAKES",
    "TRUSTED_ONLY",
    "NyaaClient",
    "nyaa_search_url",
    "parse_feed",
]
