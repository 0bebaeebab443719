"""The short-lived search memory in front of Nyaa: a repeated search is answered from memory, the
latest-releases read never is."""

from __future__ import annotations

from domain.airing.recent import RecentSearches
from tests.fakes import FakeIndex, release


async def test_a_repeated_search_is_answered_from_memory_until_it_expires() -> None:
    now = [0.0]
    index = FakeIndex([release("[SubsPlease] Sousou no Frieren - 05 (1080p).mkv")])
    searches = RecentSearches(index, ttl=120.0, clock=lambda: now[0])

    first = await searches.search("Sousou no Frieren 05")
    again = await searches.search("sousou  no frieren 05")  # the same words
    now[0] = 121.0
    later = await searches.search("Sousou no Frieren 05")

    assert first == again == later
    assert index.queries == ["Sousou no Frieren 05", "Sousou no Frieren 05"]


async def test_the_latest_releases_are_read_fresh_every_time() -> None:
    index = FakeIndex([release("[SubsPlease] Sousou no Frieren - 05 (1080p).mkv")])
    searches = RecentSearches(index, ttl=120.0, clock=lambda: 0.0)
    await searches.search("")
    index.releases.append(release("[SubsPlease] Sousou no Frieren - 06 (1080p).mkv"))

    latest = await searches.search("")

    assert [r.title for r in latest][-1].endswith("- 06 (1080p).mkv")
    assert index.queries == ["", ""]


async def test_a_new_upload_among_the_latest_makes_the_searches_it_answers_fresh() -> None:
    index = FakeIndex([release("[Erai-raws] Sousou no Frieren - 06 [1080p].mkv")])
    searches = RecentSearches(index, ttl=120.0, clock=lambda: 0.0)
    await searches.search("")
    before = await searches.search("Sousou no Frieren 06")
    await searches.search("Dungeon Meshi 03")
    index.releases.append(release("[SubsPlease] Sousou no Frieren - 06 (1080p).mkv"))

    await searches.search("")  # SubsPlease's upload is new since the last read
    after = await searches.search("sousou no frieren 06")
    await searches.search("Dungeon Meshi 03")  # no new release of it: still remembered
    await searches.search("")  # nothing new: nothing forgotten
    await searches.search("Sousou no Frieren 06")

    assert len(before) == 1 and len(after) == 2
    assert [q for q in index.queries if q] == [
        "Sousou no Frieren 06",
        "Dungeon Meshi 03",
        "sousou no frieren 06",
    ]
