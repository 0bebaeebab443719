"""Finding releases: resolve the show in the catalog, search the index, rank what comes back."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.errors import CatalogError, InvalidInput
from domain.models import Media, Preferences, Release
from domain.ports import AnimeCatalog, ReleaseIndex
from domain.releases import Ranking, Wanted, rank

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_EPISODE = 5000  # absolute numbering of the longest shows stays far below this


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    media: Media | None  # None when the catalog did not know the show or was unreachable
    ranking: Ranking


def clean_query(query: str) -> str:
    words = " ".join(query.split())
    if not words:
        raise InvalidInput("empty search")
    if len(words) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"search longer than {MAX_QUERY_LENGTH} characters")
    return words


def check_episode(episode: int) -> int:
    if not 0 <= episode <= MAX_EPISODE:
        raise InvalidInput(f"episode must be between 0 and {MAX_EPISODE}")
    return episode


class SearchService:
    def __init__(self, index: ReleaseIndex, catalog: AnimeCatalog) -> None:
        self._index = index
        self._catalog = catalog

    async def resolve(self, query: str) -> Media | None:
        """The show the words most likely name; None if unknown, or if the catalog is down."""
        try:
            found = await self._catalog.search_media(query, limit=1)
        except CatalogError as exc:
            # Searching by the words as typed still works without the catalog.
            logger.warning("catalog lookup for %r failed, searching as typed: %s", query, exc)
            return None
        return found[0] if found else None

    async def search(
        self, query: str, preferences: Preferences, *, episode: int | None = None
    ) -> SearchResult:
        """Ranked releases for the words (and an episode, if given), best first.

        Tries the words as typed, then the show's other names, and stops at the first query that
        yields an acceptable release, so a typical search costs the indexer one request.
        """
        query = clean_query(query)
        if episode is not None:
            check_episode(episode)
        media = await self.resolve(query)
        titles = (query, *media.titles) if media else (query,)
        wanted = Wanted(titles=titles, episode=episode)
        seen: dict[str, Release] = {}
        ranking = rank((), wanted, preferences)
        for words in _index_queries(query, media, episode):
            for release in await self._index.search(words):
                seen.setdefault(release.info_hash, release)
            ranking = rank(tuple(seen.values()), wanted, preferences)
            if ranking.best is not None:
                break
        return SearchResult(query=query, media=media, ranking=ranking)


def _index_queries(query: str, media: Media | None, episode: int | None) -> list[str]:
    names = [query]
    if media:
        names += [
            t for t in (media.romaji, media.english) if t and t.casefold() != query.casefold()
        ]
    queries: list[str] = []
    for name in names:
        if episode is not None:
            # Nyaa matches whole words, so "05" finds "- 05" titles but not "S01E05" ones.
            queries.append(f"{name} {episode:02d}")
        queries.append(name)
    return queries[:4]
