"""A loopback stand-in for AniList's GraphQL endpoint (POST /), executing every request against
AniList's real schema.

Each body `{"query", "variables", "operationName"}` is parsed, validated against
../shared/corpora/anilist/anilist_schema_from_aniflowkmp.graphqls and executed by graphql-core
(see `tests.standins.anilist_schema`), so a document AniList would reject is answered 400 in
AniList's shape and fails the test that sent it. The resolvers answer from the stand-in's data:

- `media`: the catalogue. `Page.media(search:, type:, sort: [SEARCH_MATCH])` matches the search
  case-insensitively against every title and synonym, in catalogue order; `Media(id:)` finds one.
- `relations`: media id -> {"PREQUEL": ids, "SEQUEL": ids}, `Media.relations`' edges.
- `airing`: `Page.airingSchedules(mediaId_in:, airingAt_greater:, airingAt_lesser:, sort:)` and
  each media's `nextAiringEpisode` (the first after now).
- `lists`: AniList user id -> MediaList nodes, for `Page.mediaList` and `MediaListCollection`
  (filtered by user, status, status_in/_not_in, media id), changed between requests with
  `set_entry`/`drop_entry` and by `SaveMediaListEntry`, which `saves` records.
  `MediaListCollection(chunk:, perChunk:)` cuts the sorted entries into chunks of `perChunk`
  (chunk 1 first), groups the one asked for per status in `lists` and says `hasNextChunk`
  while more remain; without either argument the whole list is one chunk. What AniList
  answers to a `perChunk` past its documented 500 (or below 1, or a chunk below 1, or a
  chunk without a `perChunk`) is not recorded in ../shared, so that is a stand-in gap (HTTP
  500 naming it) rather than a guess: capping it quietly would hide the bug that sent it.
- `tokens`: bearer token -> user id, for `Viewer`, the mutation and list reads; `users` names
  them for `Viewer` and `User(name:)`.

An argument the resolvers would silently ignore is answered HTTP 500 naming it. Failures are
injected with `fail_next`; their answers copy AniList's (see
../shared/corpora/anilist/anilist_error_responses.json): a 429 with `Retry-After` and the
`X-RateLimit-*` headers and `{"data": null, "errors": [{"message": "Too Many Requests.",
"status": 429}]}`; GraphQL errors with `status` and `locations`.

    async with AniListStandIn([frieren]) as anilist:
        anilist.set_entry(7, frieren, progress=3)
        anilist.fail_next(RateLimit(retry_after="1"))  # then answers normally
        client = AniListClient(http, anilist.url)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web
from graphql import FieldNode, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from graphql.execution.values import get_argument_values

from domain.models import AiringEpisode, Media
from tests.standins.anilist_schema import AniListError, StandInGap, anilist_schema, answer, only

RATE_LIMIT = 30  # what AniList currently allows per minute (it documents 90)
MAX_PER_PAGE = 50  # AniList's cap on Page(perPage:), and its default
MAX_PER_CHUNK = 500  # the schema's "max 500" for MediaListCollection(perChunk:)
# The arguments of Page.mediaList and MediaListCollection the stand-in filters and sorts by.
LIST_ARGUMENTS = frozenset({"userId", "userName", "type", "status", "status_in", "status_not",
                            "status_not_in", "mediaId", "mediaId_in", "sort"})  # fmt: skip
# MediaListCollection's own: which chunk of the sorted entries, and how many a chunk holds.
CHUNK_ARGUMENTS = frozenset({"chunk", "perChunk"})
LIST_NAMES = {  # MediaListCollection's lists, in AniList's order, with their names for anime
    "CURRENT": "Watching",
    "REPEATING": "Rewatching",
    "COMPLETED": "Completed",
    "PAUSED": "Paused",
    "DROPPED": "Dropped",
    "PLANNING": "Planning",
}


@dataclass(frozen=True, slots=True)
class RateLimit:
    retry_after: str = "1"  # the raw header value


@dataclass(frozen=True, slots=True)
class GraphQLErrors:
    message: str = "Invalid token"
    status: int = 400


@dataclass(frozen=True, slots=True)
class ServerError:
    status: int = 500


@dataclass(frozen=True, slots=True)
class Garbage:
    """A 200 that is not JSON, like a captive portal or a CDN error page."""


@dataclass(frozen=True, slots=True)
class Hang:
    """Accept the request and never answer."""


Failure = RateLimit | GraphQLErrors | ServerError | Garbage | Hang


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    authorization: str | None = None
    operation_name: str | None = None


@dataclass(frozen=True, slots=True)
class SavedEntry:
    """One SaveMediaListEntry that AniList saved: whose list, and the arguments it was given."""

    user_id: int
    media_id: int
    progress: int | None
    status: str | None


def media_node(media: Media) -> dict[str, Any]:
    """One Media object with SEARCH_MEDIA's fields, as AniList serialises it."""
    return {
        "id": media.id,
        "title": {"romaji": media.romaji, "english": media.english, "native": media.native},
        "synonyms": list(media.synonyms),
        "episodes": media.episodes,
        "status": media.status,
        "seasonYear": media.season_year,
        "format": media.format,
        "coverImage": {"large": media.cover_url},
    }


def errors_body(message: str, status: int) -> dict[str, Any]:
    return {
        "errors": [{"message": message, "status": status, "locations": [{"line": 2, "column": 3}]}],
        "data": None,
    }


class AniListStandIn:
    """AniList on a free loopback port, for as long as the `async with` lasts."""

    def __init__(self, media: Sequence[Media] = (), *, host: str = "127.0.0.1") -> None:
        self.media: list[Media] = list(media)
        # media id -> {"PREQUEL": ids, "SEQUEL": ids}; shows not listed stand alone
        self.relations: dict[int, dict[str, tuple[int, ...]]] = {}
        self.airing: list[AiringEpisode] = []  # what AIRING_SCHEDULE answers from
        # AniList user id -> MediaList nodes (WATCHING's fields); "Bearer <token>" -> user id.
        self.lists: dict[int, list[dict[str, Any]]] = {}
        self.tokens: dict[str, int] = {}
        self.users: dict[int, str] = {}  # user id -> name; unnamed users are "user<id>"
        self.requests: list[GraphQLRequest] = []
        self.saves: list[SavedEntry] = []
        self.failures: deque[Failure] = deque()
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._schema: GraphQLSchema | None = None
        self._entry_ids: dict[tuple[int, int], int] = {}
        self._touched: dict[tuple[int, int], int] = {}  # (user, media) -> when, for sorting
        self._clock = itertools.count(1)

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the stand-in is not running")
        return f"http://{self._host}:{self._port}"

    def fail_next(self, *failures: Failure) -> None:
        """Answer the next requests with these failures, one each, then normally again."""
        self.failures.extend(failures)

    # -- changing a user's list between requests, as its owner would on AniList's site --

    def entry(self, user_id: int, media_id: int) -> dict[str, Any] | None:
        """The MediaList node of this show on this user's list, if it is there."""
        return next(
            (row for row in self.lists.get(user_id, []) if row["media"]["id"] == media_id), None
        )

    def set_entry(
        self,
        user_id: int,
        media: Media | int,
        *,
        status: str | None = None,
        progress: int | None = None,
    ) -> dict[str, Any]:
        """Put a show on a user's list, or change its status and progress (None keeps what is
        there; a new entry is CURRENT at 0). A `Media` joins the catalogue; the entry's title,
        episodes and next episode are answered from there. Returns the stored node."""
        media_id = media if isinstance(media, int) else media.id
        if isinstance(media, Media) and media_id not in self._catalogue():
            self.media.append(media)
        row = self.entry(user_id, media_id)
        if row is None:
            row = {"status": "CURRENT", "progress": 0, "media": {"id": media_id}}
            self.lists.setdefault(user_id, []).append(row)
        if status is not None:
            row["status"] = status
        if progress is not None:
            row["progress"] = progress
        self._touched[(user_id, media_id)] = next(self._clock)
        return row

    def drop_entry(self, user_id: int, media_id: int) -> None:
        """Take a show off a user's list (AniList's DeleteMediaListEntry)."""
        row = self.entry(user_id, media_id)
        if row is None:
            raise LookupError(f"media {media_id} is not on user {user_id}'s list")
        self.lists[user_id].remove(row)

    # -- the server --

    async def __aenter__(self) -> AniListStandIn:
        self._schema = anilist_schema()  # skips the test without ../shared
        app = web.Application()
        app.router.add_post("/", self._graphql)
        self._closing = asyncio.Event()
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, 0).start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = 0

    async def _graphql(self, request: web.Request) -> web.Response:
        assert self._schema is not None
        authorization = request.headers.get("Authorization")
        try:
            payload = json.loads(await request.read())
            query = payload["query"]
            variables = payload.get("variables") or {}
            operation = payload.get("operationName")
        except (ValueError, KeyError, TypeError):
            return self._json(errors_body("Must provide query string.", 400), 400)
        if isinstance(query, str) and isinstance(variables, dict):
            self.requests.append(GraphQLRequest(query, variables, authorization, operation))
        if self.failures:
            return await self._fail(self.failures.popleft())
        status, body = answer(self._schema, payload, _Root(self, authorization), None)
        return self._json(body, status)

    async def _fail(self, failure: Failure) -> web.Response:
        if isinstance(failure, RateLimit):
            body = {"data": None, "errors": [{"message": "Too Many Requests.", "status": 429}]}
            return self._json(
                body,
                429,
                {
                    "Retry-After": failure.retry_after,
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(int(time.time()) + 60),
                },
            )
        if isinstance(failure, GraphQLErrors):
            return self._json(errors_body(failure.message, failure.status), failure.status)
        if isinstance(failure, ServerError):
            return self._json(errors_body("Internal Server Error", failure.status), failure.status)
        if isinstance(failure, Garbage):
            return web.Response(text="<html><body>Welcome!</body></html>", content_type="text/html")
        await self._closing.wait()
        raise web.HTTPServiceUnavailable()

    def _json(
        self, body: dict[str, Any], status: int, headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.json_response(
            body,
            status=status,
            headers={"X-RateLimit-Limit": str(RATE_LIMIT), **(headers or {})},
        )

    # -- AniList's objects, as plain dicts graphql-core's default resolver reads --

    def _catalogue(self) -> dict[int, Media]:
        return {m.id: m for m in self.media}

    def _media(self, media: Media, *, default_format: str | None = None) -> dict[str, Any]:
        """A Media object; `nextAiringEpisode` and `relations` are worked out only if asked."""
        return {
            **media_node(media),
            "format": media.format or default_format,
            "type": "ANIME",
            "nextAiringEpisode": lambda info: self._next_airing(media.id),
            "relations": lambda info: self._relations(media.id),
        }

    def _related(self, media_id: int) -> dict[str, Any]:
        """A show a relation points to; one the test did not describe is a TV series."""
        known = self._catalogue().get(media_id)
        if known is None:
            return {"id": media_id, "type": "ANIME", "format": "TV", "episodes": None}
        return self._media(known, default_format="TV")

    def _relations(self, media_id: int) -> dict[str, Any]:
        links = self.relations.get(media_id, {})
        edges = [
            {"relationType": kind, "node": self._related(other)}
            for kind in ("PREQUEL", "SEQUEL")
            for other in links.get(kind, ())
        ]
        return {"edges": edges, "nodes": [edge["node"] for edge in edges]}

    def _schedule(self, index: int, episode: AiringEpisode) -> dict[str, Any]:
        airs = int(episode.airs_at.timestamp())
        known = self._catalogue().get(episode.media_id)
        return {
            "id": 30000 + index,
            "airingAt": airs,
            "timeUntilAiring": airs - int(time.time()),
            "episode": episode.episode,
            "mediaId": episode.media_id,
            "media": self._media(known) if known is not None else None,
        }

    def _next_airing(self, media_id: int) -> dict[str, Any] | None:
        now = time.time()
        upcoming = [
            (e.airs_at, n, e)
            for n, e in enumerate(self.airing)
            if e.media_id == media_id and e.airs_at.timestamp() > now
        ]
        if not upcoming:
            return None
        _, index, episode = min(upcoming, key=lambda found: found[:2])
        return self._schedule(index, episode)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "name": self.users.get(user_id, f"user{user_id}")}

    def _list_entry(self, user_id: int, row: dict[str, Any]) -> dict[str, Any]:
        """A stored MediaList node as AniList answers it: the row's own fields first, then what
        the catalogue knows of its show."""
        media_id = int(row["media"]["id"])
        known = self._catalogue().get(media_id)
        media = {**(self._media(known) if known is not None else {"type": "ANIME"}), **row["media"]}
        entry_id = self._entry_ids.setdefault((user_id, media_id), 1000 + len(self._entry_ids))
        return {
            "id": entry_id,
            "userId": user_id,
            "mediaId": media_id,
            **row,
            "media": media,
            "user": self._user(user_id),
        }

    def _touched_at(self, user_id: int, row: dict[str, Any]) -> int:
        return self._touched.get((user_id, int(row["media"]["id"])), 0)


class _Root:
    """The root Query and Mutation fields of one request, named as AniList names them."""

    def __init__(self, anilist: AniListStandIn, authorization: str | None) -> None:
        self._anilist = anilist
        self._authorization = authorization

    def _viewer(self) -> int | None:
        """Whose token came with the request; AniList refuses one it does not know."""
        if self._authorization is None:
            return None
        viewer = self._anilist.tokens.get(self._authorization.removeprefix("Bearer "))
        if viewer is None:
            raise AniListError("Invalid token", 400)
        return viewer

    # -- Query --

    def Page(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        """A Page holds one list; it is worked out here, so `pageInfo` can count it whichever
        of the two is asked first."""
        only(args, {"page", "perPage"}, "Page")
        number = max(1, args.get("page") or 1)
        size = max(1, min(args.get("perPage") or MAX_PER_PAGE, MAX_PER_PAGE))
        page_type = info.return_type
        assert isinstance(page_type, GraphQLObjectType)
        lists = {
            "media": self._media_list,
            "mediaList": self._media_list_entries,
            "airingSchedules": self._airing_schedules,
        }
        found: dict[str, Any] = {}
        total = 0
        for node in info.field_nodes:
            for selection in node.selection_set.selections if node.selection_set else ():
                if not isinstance(selection, FieldNode):
                    raise StandInGap("the AniList stand-in does not take fragments on Page")
                name = selection.name.value
                if name in ("pageInfo", "__typename"):
                    continue
                if name not in lists or name in found:
                    raise StandInGap(f"the AniList stand-in does not answer Page.{name} this way")
                every = lists[name](
                    get_argument_values(page_type.fields[name], selection, info.variable_values)
                )
                total = len(every)
                found[name] = every[(number - 1) * size : number * size]
        page_info = {
            "total": total,
            "perPage": size,
            "currentPage": number,
            "lastPage": max(1, -(-total // size)),
            "hasNextPage": number * size < total,
        }
        return {"pageInfo": page_info, **found}

    def Media(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        only(args, {"id", "type"}, "Media")
        known = self._anilist._catalogue().get(args.get("id", -1))
        if known is None or args.get("type") not in (None, "ANIME"):
            raise AniListError("Not Found.", 404)
        return self._anilist._media(known, default_format="TV")  # see `_related`

    def MediaListCollection(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        only(args, LIST_ARGUMENTS | CHUNK_ARGUMENTS, "MediaListCollection")
        chunk, per_chunk = args.pop("chunk", None), args.pop("perChunk", None)
        user_id = self._list_owner(args)
        entries = self._media_list_entries({**args, "userId": user_id, "userName": None})
        more = False
        if chunk is not None or per_chunk is not None:
            number = 1 if chunk is None else chunk
            if per_chunk is None or not 1 <= per_chunk <= MAX_PER_CHUNK or number < 1:
                raise StandInGap(
                    "the AniList stand-in chunks lists only with 1 <= perChunk <= "
                    f"{MAX_PER_CHUNK} and chunk >= 1 (AniList's answer otherwise is not "
                    f"recorded): chunk {chunk}, perChunk {per_chunk}"
                )
            more = number * per_chunk < len(entries)
            entries = entries[(number - 1) * per_chunk : number * per_chunk]
        lists = [
            {"name": name, "status": status, "isCustomList": False, "isSplitCompletedList": False,
             "entries": [e for e in entries if e["status"] == status]}
            for status, name in LIST_NAMES.items()
            if any(e["status"] == status for e in entries)
        ]  # fmt: skip
        return {"lists": lists, "user": self._anilist._user(user_id), "hasNextChunk": more}

    def Viewer(self, info: GraphQLResolveInfo[Any]) -> dict[str, Any]:
        viewer = self._viewer()
        if viewer is None:
            # AniList/docs#33 (2018) shows 401 "Unauthorized." here; the stand-ins answer it as a
            # refused token, which our code treats the same way.
            raise AniListError("Invalid token", 400)
        return self._anilist._user(viewer)

    def User(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        only(args, {"id", "name"}, "User")
        for user_id, name in self._anilist.users.items():
            if args.get("id") in (None, user_id) and (
                args.get("name") is None or str(args["name"]).casefold() == name.casefold()
            ):
                return self._anilist._user(user_id)
        raise AniListError("Not Found.", 404)

    # -- Mutation --

    def SaveMediaListEntry(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        """Updates the viewer's entry for `mediaId`, or adds a show AniList knows to the list."""
        only(args, {"mediaId", "progress", "status"}, "SaveMediaListEntry")
        anilist = self._anilist
        viewer = self._viewer()
        if viewer is None:
            raise AniListError("Unauthorized.", 401)
        media_id = args.get("mediaId")
        if media_id is None:
            raise StandInGap("the AniList stand-in saves list entries only by mediaId")
        if anilist.entry(viewer, media_id) is None and media_id not in anilist._catalogue():
            raise AniListError("Not Found.", 404)
        progress, status = args.get("progress"), args.get("status")
        row = anilist.set_entry(viewer, media_id, status=status, progress=progress)
        anilist.saves.append(SavedEntry(viewer, media_id, progress, status))
        return anilist._list_entry(viewer, row)

    # -- the lists a Page holds --

    def _media_list(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        only(args, {"id", "id_in", "search", "type", "sort"}, "Page.media")
        if args.get("sort") not in (None, ["SEARCH_MATCH"]):
            raise StandInGap(f"the AniList stand-in sorts media only by SEARCH_MATCH: {args}")
        if args.get("type") not in (None, "ANIME"):
            return []  # the catalogue is anime
        ids = _in(args, "id") if args.keys() & {"id", "id_in"} else None
        search = str(args["search"]).casefold() if args.get("search") is not None else None
        return [
            self._anilist._media(m)
            for m in self._anilist.media
            if (ids is None or m.id in ids)
            and (search is None or any(search in name.casefold() for name in m.titles))
        ]

    def _airing_schedules(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        honoured = {"mediaId", "mediaId_in", "airingAt_greater", "airingAt_lesser", "sort"}
        only(args, honoured, "Page.airingSchedules")
        ids = _in(args, "mediaId") if args.keys() & {"mediaId", "mediaId_in"} else None
        after, before = args.get("airingAt_greater"), args.get("airingAt_lesser")
        sort = args.get("sort") or ["TIME"]
        if sort not in (["TIME"], ["TIME_DESC"]):
            raise StandInGap(f"the AniList stand-in sorts airing only by TIME or TIME_DESC: {sort}")
        found = sorted(
            (
                (n, e)
                for n, e in enumerate(self._anilist.airing)
                if (ids is None or e.media_id in ids)
                and (after is None or e.airs_at.timestamp() > after)
                and (before is None or e.airs_at.timestamp() < before)
            ),
            key=lambda found: (found[1].airs_at, found[0]),
            reverse=sort == ["TIME_DESC"],
        )
        return [self._anilist._schedule(n, e) for n, e in found]

    def _list_owner(self, args: dict[str, Any]) -> int:
        self._viewer()  # a token AniList does not know is refused even for a public list
        if args.get("userId") is not None:
            return int(args["userId"])
        name = args.get("userName")
        if name is None:
            raise StandInGap("the AniList stand-in answers lists only for a userId or userName")
        for user_id, known in self._anilist.users.items():
            if known.casefold() == str(name).casefold():
                return user_id
        raise AniListError("Not Found.", 404)

    def _media_list_entries(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        only(args, LIST_ARGUMENTS, "Page.mediaList")
        user_id = self._list_owner(args)
        if args.get("type") not in (None, "ANIME"):
            return []  # the lists are anime lists
        wanted = _in(args, "status") if args.keys() & {"status", "status_in"} else None
        unwanted = _in(args, "status_not")
        ids = _in(args, "mediaId") if args.keys() & {"mediaId", "mediaId_in"} else None
        rows = [
            row
            for row in self._anilist.lists.get(user_id, [])
            if (wanted is None or row["status"] in wanted)
            and row["status"] not in unwanted
            and (ids is None or row["media"]["id"] in ids)
        ]
        return [
            self._anilist._list_entry(user_id, row) for row in self._sorted(user_id, rows, args)
        ]

    def _sorted(
        self, user_id: int, rows: list[dict[str, Any]], args: dict[str, Any]
    ) -> Iterable[dict[str, Any]]:
        """By when each entry was last set or saved here; entries a test stored directly count as
        older than those, in the order stored (Python's sort is stable)."""
        sort = args.get("sort") or []

        def touched(row: dict[str, Any]) -> int:
            return self._anilist._touched_at(user_id, row)

        def media_id(row: dict[str, Any]) -> int:
            return int(row["media"]["id"])

        orders = {
            "UPDATED_TIME": (touched, False),
            "UPDATED_TIME_DESC": (touched, True),
            "MEDIA_ID": (media_id, False),
            "MEDIA_ID_DESC": (media_id, True),
        }
        if not sort:
            return rows
        if len(sort) > 1 or sort[0] not in orders:
            raise StandInGap(f"the AniList stand-in does not sort lists by {sort}")
        key, descending = orders[sort[0]]
        return sorted(rows, key=key, reverse=descending)


def _in(args: dict[str, Any], name: str) -> list[Any]:
    """`name` and `name_in` (or `name_not` and `name_not_in`) as one list of values."""
    found = list(args.get(f"{name}_in") or [])
    if args.get(name) is not None:
        found.append(args[name])
    return found
