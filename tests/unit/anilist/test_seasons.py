"""A show's seasons in order, from recorded and hand-made AniList relations."""

from __future__ import annotations

import json
from pathlib import Path

from domain.anilist.parse import parse_relations
from domain.anilist.seasons import SeasonChain, season_chain
from domain.models import MediaRelations
from tests.fakes import FakeCatalog

S1 = MediaRelations(154587, 28, "TV", sequels=(182255,))
S2 = MediaRelations(182255, 10, "TV", prequels=(154587,), sequels=(999,))
S3 = MediaRelations(999, None, "TV", prequels=(182255,))  # announced, length unknown


def test_recorded_relations_keep_only_seasons(corpora: Path) -> None:
    payload = json.loads((corpora / "anilist/recorded/MediaWithRelations.json").read_text())
    relations = parse_relations(payload["data"])
    assert relations.id == 1 and relations.episodes == 26
    # Cowboy Bebop's film and side stories are not seasons.
    assert relations.prequels == () and relations.sequels == ()


def test_parse_relations_reads_prequels_and_sequels() -> None:
    data = {
        "Media": {
            "id": 182255,
            "episodes": 10,
            "format": "TV",
            "relations": {
                "edges": [
                    {"relationType": "PREQUEL", "node": {"id": 1, "type": "ANIME", "format": "TV"}},
                    {
                        "relationType": "SEQUEL",
                        "node": {"id": 2, "type": "MANGA", "format": "MANGA"},
                    },
                    {
                        "relationType": "SEQUEL",
                        "node": {"id": 3, "type": "ANIME", "format": "MOVIE"},
                    },
                    {"relationType": "SEQUEL", "node": {"id": 4, "type": "ANIME", "format": "ONA"}},
                    {
                        "relationType": "ADAPTATION",
                        "node": {"id": 5, "type": "ANIME", "format": "TV"},
                    },
                ]
            },
        }
    }
    assert parse_relations(data) == MediaRelations(182255, 10, "TV", prequels=(1,), sequels=(4,))
    data["Media"]["title"] = {"romaji": "Sousou no Frieren 2nd Season"}
    assert parse_relations(data).romaji == "Sousou no Frieren 2nd Season"


async def test_chain_from_the_first_season() -> None:
    chain = await season_chain(FakeCatalog(relations=[S1, S2, S3]), S1.id)
    assert chain is not None and (chain.lengths, chain.season) == ((28, 10), 1)


async def test_chain_from_a_later_season_walks_back() -> None:
    chain = await season_chain(FakeCatalog(relations=[S1, S2, S3]), S2.id)
    assert chain is not None and (chain.lengths, chain.season) == ((28, 10), 2)


async def test_a_cycle_in_the_data_ends_the_walk() -> None:
    looped = MediaRelations(1, 12, "TV", prequels=(2,))
    other = MediaRelations(2, 12, "TV", prequels=(1,))
    chain = await season_chain(FakeCatalog(relations=[looped, other]), 1)
    assert chain is not None and chain.lengths == (12, 12)


async def test_no_chain_when_the_catalog_is_down() -> None:
    catalog = FakeCatalog(relations=[S1])
    catalog.down = True
    assert await season_chain(catalog, S1.id) is None


def test_a_later_season_is_numbered_on_from_the_first() -> None:
    chain = SeasonChain(lengths=(28, 10), index=1, first_title="Sousou no Frieren")
    assert chain.absolute(1) == 29
    assert SeasonChain(lengths=(28, 10), index=0).absolute(1) is None  # the first season
    assert SeasonChain(lengths=(), index=1).absolute(1) is None  # season 1's length unknown
