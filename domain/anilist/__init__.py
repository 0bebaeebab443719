"""AniList: title lookup over GraphQL (client.py does the I/O; queries, parse and limiter logic
are pure; cache.py wraps any `AnimeCatalog`)."""

from __future__ import annotations

from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter

__all__ = ["AniListClient", "CachedCatalog", "RateLimiter"]
