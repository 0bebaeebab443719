"""AniList list entries to WatchEntry, on AniList's recorded answers and on bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.anilist import queries
from domain.anilist.lists import WatchEntry, parse_list_chunk, parse_saved_entry
from domain.errors import CatalogError

RECORDED = "anilist/recorded"


def recorded(corpora: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpora / RECORDED / name).read_text())["data"]
    return data


def collection(*groups: list[Any], more: bool = False) -> dict[str, Any]:
    """`data` of WATCHING: MediaListCollection with these groups' entries."""
    return {
        "MediaListCollection": {
            "lists": [{"entries": entries} for entries in groups],
            "hasNextChunk": more,
        }
    }


def test_recorded_list_entries(corpora: Path) -> None:
    # AniList's recorded MediaList nodes (from a Page.mediaList answer), as a chunk's group.
    nodes = recorded(corpora, "MediaListPageData.json")["Page"]["mediaList"]
    entries, more = parse_list_chunk(collection(nodes, more=True))
    assert more is True
    assert len(entries) == 10
    bebop = entries[0]
    assert (bebop.media_id, bebop.title, bebop.progress, bebop.episodes) == (
        1,
        "Cowboy Bebop",
        26,
        26,
    )
    assert bebop.aired == 26 and not bebop.next_available
    gankutsuou = next(e for e in entries if e.media_id == 239)
    assert gankutsuou.progress == 4 and gankutsuou.aired == 24 and gankutsuou.next_available


def test_a_recorded_saved_entry(corpora: Path) -> None:
    assert parse_saved_entry(recorded(corpora, "SavedMediaListResponse.json")) == (
        143598,
        3,
        "CURRENT",
    )


def entry(progress: int, episodes: int | None, next_episode: int | None, status: str) -> WatchEntry:
    airs = datetime(2026, 1, 1, tzinfo=UTC) if next_episode else None
    return WatchEntry(1, "Show", "Show", progress, episodes, next_episode, airs, status)


@pytest.mark.parametrize(
    ("watch", "aired", "available"),
    [
        (entry(5, 12, 8, "RELEASING"), 7, True),  # ep 8 next: 7 are out
        (entry(7, 12, 8, "RELEASING"), 7, False),  # caught up
        (entry(3, 12, None, "FINISHED"), 12, True),
        (entry(12, 12, None, "FINISHED"), 12, False),
        (entry(0, None, 1, "NOT_YET_RELEASED"), 0, False),  # the first has not aired
        (entry(2, None, None, "RELEASING"), None, False),  # no schedule: cannot say
        (entry(0, 12, None, "NOT_YET_RELEASED"), 0, False),
    ],
)
def test_what_has_aired(watch: WatchEntry, aired: int | None, available: bool) -> None:
    assert watch.aired == aired
    assert watch.next_available is available


def test_an_airing_show_and_its_titles() -> None:
    data = collection(
        [
            {
                "status": "CURRENT",
                "progress": 5,
                "media": {
                    "id": 154587,
                    "title": {
                        "romaji": "Sousou no Frieren",
                        "english": "Frieren",
                        "native": None,
                    },
                    "episodes": 28,
                    "status": "RELEASING",
                    "nextAiringEpisode": {"episode": 8, "airingAt": 1700000000},
                },
            }
        ]
    )
    [frieren], more = parse_list_chunk(data)
    assert not more
    assert (frieren.title, frieren.search_title) == ("Frieren", "Sousou no Frieren")
    assert frieren.next_airs_at == datetime.fromtimestamp(1700000000, UTC)
    assert frieren.aired == 7 and frieren.list_status == "CURRENT"


def test_every_group_is_read_and_a_show_in_two_counts_once() -> None:
    # Watching, Rewatching, and a custom list repeating a show already in Watching.
    watching = [{"status": "CURRENT", "progress": 1, "media": {"id": 1}}]
    rewatching = [{"status": "REPEATING", "progress": 2, "media": {"id": 2}}]
    custom = [{"status": "CURRENT", "progress": 1, "media": {"id": 1}}]
    entries, more = parse_list_chunk(collection(watching, rewatching, custom, more=True))
    assert [(e.media_id, e.list_status) for e in entries] == [(1, "CURRENT"), (2, "REPEATING")]
    assert more is True


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"MediaListCollection": None},
        {"MediaListCollection": {"lists": None}},
        {"MediaListCollection": []},
        {"Page": {"mediaList": []}},  # the old paged answer is not this one
    ],
)
def test_an_answer_without_lists_is_an_error(data: dict[str, Any]) -> None:
    with pytest.raises(CatalogError):
        parse_list_chunk(data)


def test_unusable_groups_and_entries_are_skipped() -> None:
    data = {
        "MediaListCollection": {
            "lists": [
                None,
                {"entries": None},
                {
                    "entries": [
                        None,
                        {"progress": 1},
                        {"progress": 1, "media": {"id": "7"}},
                        {
                            "progress": -3,
                            "media": {"id": 9, "title": None, "nextAiringEpisode": {}},
                        },
                    ]
                },
            ],
            "hasNextChunk": "yes",  # only true is true
        }
    }
    [only], more = parse_list_chunk(data)
    assert (only.media_id, only.title, only.progress, only.next_episode) == (
        9,
        "AniList #9",
        0,
        None,
    )
    assert more is False


@pytest.mark.parametrize(
    "data",
    [{}, {"SaveMediaListEntry": None}, {"SaveMediaListEntry": {"progress": 2, "media": {}}}],
)
def test_a_save_without_media_or_progress_is_an_error(data: dict[str, Any]) -> None:
    with pytest.raises(CatalogError):
        parse_saved_entry(data)


def test_the_mutation_validates_against_the_schema(corpora: Path) -> None:
    graphql = pytest.importorskip("graphql")
    schema = graphql.build_schema(
        (corpora / "anilist/anilist_schema_from_aniflowkmp.graphqls").read_text()
    )
    assert not graphql.validate(schema, graphql.parse(queries.SAVE_PROGRESS))
    broken = queries.SAVE_PROGRESS.replace("progress: $progress", "progres: $progress")
    assert graphql.validate(schema, graphql.parse(broken))
