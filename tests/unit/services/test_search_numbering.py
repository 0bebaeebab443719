"""Episode numbers across seasons: `/get frieren 30` is the second season's episode 2."""

from __future__ import annotations

from domain.models import Media, MediaRelations, Preferences
from domain.services.search import SearchService
from tests.fakes import FakeCatalog, FakeIndex, release

S1 = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28)
S2 = Media(182255, "Sousou no Frieren 2nd Season", "Frieren Season 2", episodes=10)
RELATIONS = [
    MediaRelations(S1.id, 28, "TV", sequels=(S2.id,)),
    MediaRelations(S2.id, 10, "TV", prequels=(S1.id,)),
]
SEASON_2_EP_2 = release("[SubsPlease] Sousou no Frieren 2nd Season - 02 (1080p) [AB12CD34].mkv")
SEASON_1_EP_2 = release("[SubsPlease] Sousou no Frieren - 02 (1080p) [0F0F0F0F].mkv")
ABSOLUTE_30 = release("[Judas] Sousou no Frieren - 30 [1080p][HEVC x265 10bit].mkv", seeders=5)


def service(*releases: object) -> tuple[SearchService, FakeIndex]:
    index = FakeIndex([SEASON_1_EP_2, *releases])  # type: ignore[list-item]
    return SearchService(index, FakeCatalog([S1, S2], RELATIONS)), index


async def test_an_absolute_number_finds_the_later_season_by_its_own_numbering() -> None:
    search, index = service(SEASON_2_EP_2)
    result = await search.search("frieren", Preferences(), episode=30)
    assert result.ranking.best is not None
    assert result.ranking.best.release == SEASON_2_EP_2
    rejected = {r.release.title: r.reason for r in result.ranking.rejected}
    assert SEASON_1_EP_2.title in rejected
    assert "frieren 02" in index.queries  # season-relative words are searched too


async def test_an_absolute_number_also_matches_absolutely_numbered_releases() -> None:
    search, _ = service(ABSOLUTE_30)
    result = await search.search("frieren", Preferences(), episode=30)
    assert result.ranking.best is not None and result.ranking.best.release == ABSOLUTE_30


async def test_naming_the_later_season_reads_the_episode_within_it() -> None:
    search, _ = service(SEASON_2_EP_2)
    result = await search.search("Sousou no Frieren 2nd Season", Preferences(), episode=2)
    assert result.ranking.best is not None and result.ranking.best.release == SEASON_2_EP_2


async def test_without_relations_numbers_are_taken_as_written() -> None:
    index = FakeIndex([SEASON_1_EP_2, SEASON_2_EP_2])
    search = SearchService(index, FakeCatalog([S1]))
    result = await search.search("frieren", Preferences(), episode=2)
    assert result.ranking.best is not None and result.ranking.best.release == SEASON_1_EP_2
