"""A show's seasons in order, from AniList's prequel and sequel links, so episode numbers can be
read both ways: `/get frieren 30` is season 2, episode 2 when season 1 has 28 episodes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.errors import CatalogError
from domain.models import MediaRelations
from domain.ports import AnimeCatalog

logger = logging.getLogger(__name__)

MAX_SEASONS = 12  # also bounds the requests one lookup may cost


@dataclass(frozen=True, slots=True)
class SeasonChain:
    lengths: tuple[int, ...]  # episode counts of seasons 1, 2, ...; a season still airing ends it
    index: int  # where the show asked about stands: 0 for the first season
    first_title: str | None = None  # season 1's name: groups number later seasons on from it

    def absolute(self, episode: int) -> int | None:
        """A later season's episode as numbered on from season 1 ("- 29" for season 2's first
        when season 1 has 28); None for the first season or when an earlier length is unknown."""
        if self.index == 0 or len(self.lengths) < self.index:
            return None
        return sum(self.lengths[: self.index]) + episode

    @property
    def season(self) -> int:
        return self.index + 1


async def season_chain(catalog: AnimeCatalog, media_id: int) -> SeasonChain | None:
    """The chain through `media_id`, or None when the catalog cannot say."""
    try:
        here = await catalog.relations(media_id)
        before: list[MediaRelations] = []
        seen = {here.id}
        node = here
        while node.prequels and len(before) < MAX_SEASONS:
            node = await catalog.relations(node.prequels[0])
            if node.id in seen:
                break  # AniList data has had cycles; numbering is then not worth guessing
            seen.add(node.id)
            before.append(node)
        chain = [*reversed(before), here]
        node = here
        while node.sequels and len(chain) < MAX_SEASONS:
            node = await catalog.relations(node.sequels[0])
            if node.id in seen:
                break
            seen.add(node.id)
            chain.append(node)
    except CatalogError as exc:
        logger.info("no season chain for AniList #%d: %s", media_id, exc)
        return None
    lengths = []
    for season in chain:
        if not season.episodes:
            break  # an unknown length hides where later seasons start
        lengths.append(season.episodes)
    return SeasonChain(lengths=tuple(lengths), index=len(before), first_title=chain[0].romaji)
