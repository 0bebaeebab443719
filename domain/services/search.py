"""Finding releases: resolve the show in the catalog, search the index, rank what comes back."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.anilist.seasons import SeasonChain, season_chain
from domain.errors import CatalogError, InvalidInput
from domain.models import Media, Preferences, Release
from domain.ports import AnimeCatalog, ReleaseIndex
from domain.releases import Ranking, Wanted, parse, rank, to_season

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

    async def suggest(self, words: str, *, limit: int = 10) -> list[Media]:
        """Shows the words may name, best first, for autocompletion; [] if the catalog is down."""
        try:
            return await self._catalog.search_media(clean_query(words), limit=limit)
        except (CatalogError, InvalidInput) as exc:
            logger.debug("no suggestions for %r: %s", words, exc)
            return []

    async def cover(self, release_title: str) -> str | None:
        """The cover image of the show a release title names, when the catalog knows it."""
        words = parse(release_title).title or release_title
        try:
            media = await self.resolve(clean_query(words))
        except InvalidInput:
            return None
        return media.cover_url if media else None

    async def search(
        self,
        query: str,
        preferences: Preferences,
        *,
        episode: int | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> SearchResult:
        """Ranked releases for the words (and an episode, if given), best first; releases whose
        info hash is in `exclude` (ones that stalled) are left out as if never found.

        Tries the words as typed, then the show's other names, and stops at the first query that
        yields an acceptable release, so a typical search costs the indexer one request.
        """
        query = clean_query(query)
        if episode is not None:
            check_episode(episode)
        media = await self.resolve(query)
        titles = (query, *media.titles) if media else (query,)
        chain = await season_chain(self._catalog, media.id) if media and episode else None
        wanted = Wanted(
            titles=titles,
            episode=episode,
            season=chain.season if chain and chain.index > 0 else None,
            season_lengths=chain.lengths if chain else (),
        )
        seen: dict[str, Release] = {}
        ranking = rank((), wanted, preferences)
        absolute = _absolutely(chain, episode)
        for words in _index_queries(query, media, _numbers_as_named(wanted), absolute):
            for release in await self._index.search(words):
                if release.info_hash not in exclude:
                    seen.setdefault(release.info_hash, release)
            ranking = rank(tuple(seen.values()), wanted, preferences)
            if ranking.best is not None:
                break
        return SearchResult(query=query, media=media, ranking=ranking)


def _numbers_as_named(wanted: Wanted) -> list[int]:
    """The numbers a release of the wanted episode may carry: as asked, and season-relative
    when an absolute number reaches into a later season (30 is "2nd Season - 02")."""
    if wanted.episode is None:
        return []
    numbers = [wanted.episode]
    if wanted.season is None and wanted.season_lengths:
        place = to_season(wanted.episode, wanted.season_lengths)
        if place is not None and place[0] > 1:
            numbers.append(place[1])
    return numbers


def _absolutely(chain: SeasonChain | None, episode: int | None) -> str | None:
    """`Sousou no Frieren 29` for season 2's first episode: many groups number a later season on
    from season 1, under season 1's name, which a search with the season's own names never
    lists (Nyaa matches whole words)."""
    if chain is None or episode is None or not chain.first_title:
        return None
    number = chain.absolute(episode)
    return f"{chain.first_title} {number:02d}" if number is not None else None


def _index_queries(
    query: str, media: Media | None, numbers: list[int], absolute: str | None = None
) -> list[str]:
    names = [query]
    if media:
        names += [
            t for t in (media.romaji, media.english) if t and t.casefold() != query.casefold()
        ]
    queries: list[str] = []
    for name in names:
        # Nyaa matches whole words, so "05" finds "- 05" titles but not "S01E05" ones; the
        # plain name after them catches those, newest first.
        queries += [f"{name} {number:02d}" for number in numbers]
        queries.append(name)
    if absolute is not None:
        queries.insert(1, absolute)  # second: after the season's own name and number
    return queries[:4]
