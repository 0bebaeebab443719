"""The AniList stand-in executes what it is sent against AniList's real schema: a document
AniList would reject is answered as AniList answers it, each of our documents runs through the
real clients, and a user's list changes between requests as it does on AniList."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.anilist import accounts, queries
from domain.anilist.accounts import AniListAccount, AniListAccounts
from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.anilist.lists import WatchEntry, parse_list_chunk, parse_saved_entry
from domain.errors import AniListUserNotFound, CatalogError, RelinkNeeded
from domain.models import AiringEpisode, Media
from tests.fakes_watchlist import list_entry
from tests.standins import anilist_schema
from tests.standins.anilist import AniListStandIn, SavedEntry

FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    episodes=28,
    status="FINISHED",
    season_year=2023,
    format="TV",
)
FRIEREN_2 = Media(
    id=182255,
    romaji="Sousou no Frieren 2nd Season",
    english=None,
    episodes=10,
    status="RELEASING",
    format="TV",
)
MESHI = Media(id=153518, romaji="Dungeon Meshi", english="Delicious in Dungeon", episodes=24)
ALICE, TOKEN = 5001, "alice-token"
CHUNK = {"userId": ALICE, "chunk": 1, "perChunk": 500}

# Every document our code sends to AniList, with variables and whether it needs Alice's token.
DOCUMENTS: dict[str, tuple[str, dict[str, Any], bool]] = {
    "SEARCH_MEDIA": (queries.SEARCH_MEDIA, {"search": "frieren", "perPage": 5}, False),
    "MEDIA_RELATIONS": (queries.MEDIA_RELATIONS, {"id": FRIEREN_2.id}, False),
    "AIRING_SCHEDULE": (
        queries.AIRING_SCHEDULE,
        {"mediaIds": [FRIEREN_2.id], "after": 0, "before": None, "page": 1, "perPage": 50},
        False,
    ),
    "WATCHING": (queries.WATCHING, CHUNK, False),
    "SAVE_PROGRESS": (queries.SAVE_PROGRESS, {"mediaId": FRIEREN_2.id, "progress": 4}, True),
    "SAVE_COMPLETED": (queries.SAVE_COMPLETED, {"mediaId": FRIEREN_2.id}, True),
    "VIEWER": (accounts.VIEWER, {}, True),
    "USER_BY_NAME": (accounts.USER_BY_NAME, {"name": "alice"}, False),
}


def ours() -> set[str]:
    """The names of the GraphQL operations in domain/anilist/queries.py and accounts.py."""
    return {
        name
        for module in (queries, accounts)
        for name, value in vars(module).items()
        if name.isupper()
        and isinstance(value, str)
        and value.lstrip().startswith(("query", "mutation"))
    }


def running(anilist: AniListStandIn) -> AniListStandIn:
    """Alice, her token, and a catalogue with a sequel that airs next week."""
    anilist.tokens[TOKEN] = ALICE
    anilist.users[ALICE] = "alice"
    anilist.relations = {
        FRIEREN.id: {"SEQUEL": (FRIEREN_2.id,)},
        FRIEREN_2.id: {"PREQUEL": (FRIEREN.id,)},
    }
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    anilist.airing = [AiringEpisode(FRIEREN_2.id, 4, soon)]
    return anilist


async def watching(client: AniListClient, **chunk: int) -> list[WatchEntry]:
    entries, _ = parse_list_chunk(await client.query(queries.WATCHING, {**CHUNK, **chunk}))
    return entries


def test_every_document_we_send_is_in_the_table() -> None:
    assert ours() == set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
async def test_our_document_validates_and_runs_through_the_real_client(
    name: str, http: httpx.AsyncClient
) -> None:
    document, variables, needs_token = DOCUMENTS[name]
    async with AniListStandIn([FRIEREN, FRIEREN_2]) as anilist:
        running(anilist)
        anilist.set_entry(ALICE, FRIEREN_2, progress=3)
        client = AniListClient(http, anilist.url)
        data = await client.query(document, variables, token=TOKEN if needs_token else None)
    assert data, name
    assert all(value is not None for value in data.values()), data


async def test_the_real_clients_read_what_the_stand_in_answers(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2, MESHI]) as anilist:
        running(anilist)
        anilist.set_entry(ALICE, FRIEREN_2, progress=3)
        client = AniListClient(http, anilist.url)
        assert await client.search_media("FRIEREN") == [FRIEREN, FRIEREN_2]
        relations = await client.relations(FRIEREN_2.id)
        assert (relations.prequels, relations.sequels) == ((FRIEREN.id,), ())
        [episode] = await client.airing_schedule([FRIEREN_2.id], after=datetime.now(UTC))
        assert episode == anilist.airing[0]
        [entry] = await watching(client)
        assert (entry.title, entry.progress, entry.episodes) == (
            "Sousou no Frieren 2nd Season",
            3,
            10,
        )
        assert (entry.next_episode, entry.aired, entry.next_available) == (4, 3, False)
        who = AniListAccounts(http, limiter=RateLimiter(), api_url=anilist.url)
        assert await who.viewer(TOKEN) == AniListAccount(ALICE, "alice")
        assert await who.user("Alice") == AniListAccount(ALICE, "alice")
        with pytest.raises(AniListUserNotFound):
            await who.user("nobody")
        with pytest.raises(RelinkNeeded):
            await who.viewer("revoked")


async def test_a_field_anilist_does_not_have_is_answered_400_in_anilists_shape(
    http: httpx.AsyncClient,
) -> None:
    misspelt = queries.SEARCH_MEDIA.replace("seasonYear", "seasonYr")
    async with AniListStandIn([FRIEREN]) as anilist:
        reply = await http.post(
            anilist.url, json={"query": misspelt, "variables": {"search": "x", "perPage": 1}}
        )
        assert reply.status_code == 400
        body = reply.json()
        assert body["data"] is None
        [error] = body["errors"]
        assert error["status"] == 400
        assert "seasonYr" in error["message"] and "Media" in error["message"]
        assert error["locations"] == [
            {"line": 1 + misspelt.split("seasonYr")[0].count("\n"), "column": 3}
        ]
        client = AniListClient(http, anilist.url)
        with pytest.raises(CatalogError, match=r"HTTP 400.*seasonYr"):
            await client.query(misspelt, {"search": "x", "perPage": 1})


@pytest.mark.parametrize(
    ("query", "variables", "said"),
    [
        ("query ($s: String!) { Page { media(search: $s) { id } } }", {"s": 5}, "String"),
        ("query ($s: Int) { Page { media(search: $s) { id } } }", {"s": 5}, "Int"),
        ('{ Page { media(title: "x") { id } } }', {}, "title"),
        ("{ Page { media { id } }", {}, "Syntax Error"),
        ("mutation { SaveMediaListEntry(mediaId: 1) }", {}, "SaveMediaListEntry"),
    ],
    ids=["wrong variable value", "wrong variable type", "unknown argument", "syntax", "no fields"],
)
async def test_what_anilist_would_reject_is_a_400(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], said: str
) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        reply = await http.post(anilist.url, json={"query": query, "variables": variables})
    assert reply.status_code == 400
    body = reply.json()
    assert body["data"] is None and body["errors"][0]["status"] == 400
    assert said in body["errors"][0]["message"]


async def test_the_operation_named_is_the_one_run(http: httpx.AsyncClient) -> None:
    two = "query A { Media(id: 154587) { id } } query B { Page { media { id } } }"
    async with AniListStandIn([FRIEREN]) as anilist:
        b = await http.post(anilist.url, json={"query": two, "operationName": "B"})
        unknown = await http.post(anilist.url, json={"query": two, "operationName": "C"})
        assert anilist.requests[0].operation_name == "B"
    assert b.json() == {"data": {"Page": {"media": [{"id": FRIEREN.id}]}}}
    assert unknown.status_code == 400 and "C" in unknown.json()["errors"][0]["message"]


async def test_an_argument_the_stand_in_would_ignore_fails_naming_it(
    http: httpx.AsyncClient,
) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        client = AniListClient(http, anilist.url)
        with pytest.raises(CatalogError, match=r"HTTP 500.*Page\.media\(genre:\)"):
            await client.query('{ Page { media(genre: "Fantasy") { id } } }')


async def test_an_unknown_media_is_not_found(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        reply = await http.post(anilist.url, json={"query": "{ Media(id: 1) { id } }"})
    assert reply.status_code == 404
    assert reply.json()["data"] == {"Media": None}
    assert reply.json()["errors"][0]["message"] == "Not Found."


async def test_a_list_change_between_two_fetches_is_seen(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2, MESHI]) as anilist:
        running(anilist)
        anilist.set_entry(ALICE, FRIEREN, progress=28)
        anilist.set_entry(ALICE, MESHI, progress=2)
        client = AniListClient(http, anilist.url)
        assert [e.media_id for e in await watching(client)] == [MESHI.id, FRIEREN.id]

        anilist.set_entry(ALICE, FRIEREN, status="COMPLETED")  # WATCHING asks for CURRENT
        anilist.set_entry(ALICE, FRIEREN_2, progress=1)
        anilist.drop_entry(ALICE, MESHI.id)
        [entry] = await watching(client)
        assert (entry.media_id, entry.progress, entry.list_status) == (FRIEREN_2.id, 1, "CURRENT")
        assert [row["media"]["id"] for row in anilist.lists[ALICE]] == [FRIEREN.id, FRIEREN_2.id]
        with pytest.raises(LookupError):
            anilist.drop_entry(ALICE, MESHI.id)


async def test_a_list_comes_in_chunks_and_filters_by_the_arguments_given(
    http: httpx.AsyncClient,
) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2, MESHI]) as anilist:
        running(anilist)
        anilist.lists[ALICE] = [list_entry(FRIEREN.id, "Sousou no Frieren", 5, 28)]
        anilist.set_entry(ALICE, MESHI, status="REPEATING", progress=3)
        anilist.set_entry(ALICE, FRIEREN_2, status="PAUSED")
        client = AniListClient(http, anilist.url)
        one = {**CHUNK, "perChunk": 1}
        first, more = parse_list_chunk(await client.query(queries.WATCHING, one))
        assert len(first) == 1 and more
        second, more = parse_list_chunk(await client.query(queries.WATCHING, {**one, "chunk": 2}))
        assert len(second) == 1 and not more
        # CURRENT and REPEATING count, the latest updated first; PAUSED does not.
        assert [(e.media_id, e.list_status) for e in first + second] == [
            (MESHI.id, "REPEATING"),
            (FRIEREN.id, "CURRENT"),
        ]
        collection = await client.query(
            """query ($user: Int) {
                 MediaListCollection(userId: $user, type: ANIME, status_in: [CURRENT, REPEATING]) {
                   lists { name status entries { progress media { id } } }
                   user { id name }
                 }
               }""",
            {"user": ALICE},
        )
        assert collection["MediaListCollection"] == {
            "lists": [
                {
                    "name": "Watching",
                    "status": "CURRENT",
                    "entries": [{"progress": 5, "media": {"id": FRIEREN.id}}],
                },
                {
                    "name": "Rewatching",
                    "status": "REPEATING",
                    "entries": [{"progress": 3, "media": {"id": MESHI.id}}],
                },
            ],
            "user": {"id": ALICE, "name": "alice"},
        }
        paged = await client.query(
            "query { Page(page: 2, perPage: 1) { pageInfo { total lastPage hasNextPage }"
            f" mediaList(userId: {ALICE}, status_not: PAUSED) {{ media {{ id }} }} }} }}"
        )
        assert paged["Page"] == {
            "pageInfo": {"total": 2, "lastPage": 2, "hasNextPage": False},
            "mediaList": [{"media": {"id": MESHI.id}}],
        }


async def test_a_chunk_groups_its_own_entries_per_status(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2, MESHI]) as anilist:
        running(anilist)
        anilist.set_entry(ALICE, FRIEREN, progress=5)
        anilist.set_entry(ALICE, MESHI, status="REPEATING", progress=3)
        anilist.set_entry(ALICE, FRIEREN_2, progress=1)
        client = AniListClient(http, anilist.url)
        document = """query ($user: Int, $chunk: Int, $per: Int) {
            MediaListCollection(userId: $user, type: ANIME, sort: [UPDATED_TIME_DESC],
                                chunk: $chunk, perChunk: $per) {
              hasNextChunk
              lists { status entries { media { id } } }
            }
          }"""
        first = await client.query(document, {"user": ALICE, "chunk": 1, "per": 2})
        second = await client.query(document, {"user": ALICE, "chunk": 2, "per": 2})
        beyond = await client.query(document, {"user": ALICE, "chunk": 3, "per": 2})
    # Latest updated first (Frieren 2, Meshi | Frieren), each chunk grouped by its own statuses.
    assert first["MediaListCollection"] == {
        "hasNextChunk": True,
        "lists": [
            {"status": "CURRENT", "entries": [{"media": {"id": FRIEREN_2.id}}]},
            {"status": "REPEATING", "entries": [{"media": {"id": MESHI.id}}]},
        ],
    }
    assert second["MediaListCollection"] == {
        "hasNextChunk": False,
        "lists": [{"status": "CURRENT", "entries": [{"media": {"id": FRIEREN.id}}]}],
    }
    assert beyond["MediaListCollection"] == {"hasNextChunk": False, "lists": []}


@pytest.mark.parametrize(
    "chunking",
    [{"chunk": 1, "perChunk": 501}, {"chunk": 0, "perChunk": 500}, {"chunk": 1, "perChunk": 0}],
    ids=["past AniList's 500", "chunk 0", "perChunk 0"],
)
async def test_a_chunk_anilist_documents_no_answer_for_fails_naming_it(
    http: httpx.AsyncClient, chunking: dict[str, int]
) -> None:
    async with AniListStandIn([FRIEREN]) as anilist:
        running(anilist)
        anilist.set_entry(ALICE, FRIEREN, progress=5)
        client = AniListClient(http, anilist.url)
        with pytest.raises(CatalogError, match=r"HTTP 500.*perChunk"):
            await client.query(queries.WATCHING, {**CHUNK, **chunking})


async def test_save_media_list_entry_is_recorded_and_later_fetches_see_it(
    http: httpx.AsyncClient,
) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2, MESHI]) as anilist:
        running(anilist)
        anilist.lists[ALICE] = [
            list_entry(FRIEREN.id, "Sousou no Frieren", 5, 28),
            list_entry(FRIEREN_2.id, "Sousou no Frieren 2nd Season", 0, 10),
        ]
        client = AniListClient(http, anilist.url)
        saved = await client.query(
            queries.SAVE_PROGRESS, {"mediaId": FRIEREN_2.id, "progress": 1}, token=TOKEN
        )
        assert parse_saved_entry(saved) == (FRIEREN_2.id, 1, "CURRENT")
        added = await client.query(
            queries.SAVE_PROGRESS, {"mediaId": MESHI.id, "progress": 2}, token=TOKEN
        )
        assert parse_saved_entry(added) == (MESHI.id, 2, "CURRENT")  # a new entry
        assert anilist.saves == [
            SavedEntry(ALICE, FRIEREN_2.id, 1, None),
            SavedEntry(ALICE, MESHI.id, 2, None),
        ]
        # Latest update first, as WATCHING sorts (UPDATED_TIME_DESC).
        assert [(e.media_id, e.progress) for e in await watching(client)] == [
            (MESHI.id, 2),
            (FRIEREN_2.id, 1),
            (FRIEREN.id, 5),
        ]

        with pytest.raises(CatalogError, match="Not Found"):
            await client.query(queries.SAVE_PROGRESS, {"mediaId": 1, "progress": 1}, token=TOKEN)
        with pytest.raises(CatalogError, match="Unauthorized"):
            await client.query(queries.SAVE_PROGRESS, {"mediaId": MESHI.id, "progress": 3})
        assert len(anilist.saves) == 2


async def test_a_show_saved_completed_leaves_the_watching_list(http: httpx.AsyncClient) -> None:
    async with AniListStandIn([FRIEREN, FRIEREN_2]) as anilist:
        running(anilist)
        anilist.lists[ALICE] = [
            list_entry(FRIEREN.id, "Sousou no Frieren", 28, 28),
            list_entry(FRIEREN_2.id, "Sousou no Frieren 2nd Season", 3, 10),
        ]
        client = AniListClient(http, anilist.url)

        saved = await client.query(queries.SAVE_COMPLETED, {"mediaId": FRIEREN.id}, token=TOKEN)

        assert parse_saved_entry(saved) == (FRIEREN.id, 28, "COMPLETED")
        assert anilist.saves == [SavedEntry(ALICE, FRIEREN.id, None, "COMPLETED")]
        assert [e.media_id for e in await watching(client)] == [FRIEREN_2.id]
        with pytest.raises(CatalogError, match="Unauthorized"):
            await client.query(queries.SAVE_COMPLETED, {"mediaId": FRIEREN_2.id})
        assert len(anilist.saves) == 1


def test_without_the_schema_a_test_using_the_stand_in_skips_saying_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setattr(anilist_schema, "SCHEMA_PATH", tmp_path / "absent.graphqls")
    with pytest.raises(pytest.skip.Exception, match=r"absent\.graphqls.*\.\./shared"):
        anilist_schema.anilist_schema()
