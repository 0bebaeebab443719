"""A loopback stand-in for AniList's GraphQL endpoint (POST /), in AniList's JSON shapes.

It answers the media search (`Page { media(search: …) }`, as in SEARCH_MEDIA) from the `media`
the test supplies, matching the search case-insensitively against every title and synonym, and
returns exactly SEARCH_MEDIA's fields. It also answers a user's list (WATCHING) from `lists` and
SAVE_PROGRESS, checking the Bearer token against `tokens`. Error answers copy AniList's (see
../shared/corpora/anilist/anilist_error_responses.json): a 429 with `Retry-After` and the
`X-RateLimit-*` headers and `{"data": null, "errors": [{"message": "Too Many Requests.",
"status": 429}]}`; GraphQL errors with `status` and `locations`.

    async with AniListStandIn([frieren]) as anilist:
        anilist.fail_next(RateLimit(retry_after="1"))  # then answers normally
        client = AniListClient(http, anilist.url)
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

from domain.models import AiringEpisode, Media

RATE_LIMIT = 30  # what AniList currently allows per minute (it documents 90)


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
        self.requests: list[GraphQLRequest] = []
        self.failures: deque[Failure] = deque()
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the stand-in is not running")
        return f"http://{self._host}:{self._port}"

    def fail_next(self, *failures: Failure) -> None:
        """Answer the next requests with these failures, one each, then normally again."""
        self.failures.extend(failures)

    async def __aenter__(self) -> AniListStandIn:
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
        try:
            payload = json.loads(await request.read())
            query = payload["query"]
            variables = payload.get("variables") or {}
        except (ValueError, KeyError, TypeError):
            return self._json(errors_body("Must provide query string.", 400), 400)
        self.requests.append(GraphQLRequest(query, variables, request.headers.get("Authorization")))
        if self.failures:
            return await self._fail(self.failures.popleft())
        if "query MediaRelations" in query and "id" in variables:
            return self._json({"data": {"Media": self._relations(int(variables["id"]))}}, 200)
        if "query AiringSchedule" in query:
            return self._json({"data": {"Page": self._airing_page(variables)}}, 200)
        if "query Watching" in query or "mutation SaveProgress" in query:
            return self._list(query, variables, request.headers.get("Authorization"))
        if "media(" not in query or "search" not in variables:
            return self._json(errors_body("The stand-in does not know that query.", 400), 400)
        search = str(variables["search"]).casefold()
        per_page = int(variables.get("perPage") or 50)
        found = [
            media_node(m) for m in self.media if any(search in name.casefold() for name in m.titles)
        ][:per_page]
        return self._json({"data": {"Page": {"media": found}}}, 200)

    def _relations(self, media_id: int) -> dict[str, Any] | None:
        """MEDIA_RELATIONS' answer: the show and the seasons `self.relations` links it to."""
        known = {m.id: m for m in self.media}
        if media_id not in known:
            return None
        links = self.relations.get(media_id, {})
        edges = [
            {
                "relationType": kind,
                "node": {"id": other, "type": "ANIME", "format": "TV",
                         "episodes": known[other].episodes if other in known else None},
            }
            for kind in ("PREQUEL", "SEQUEL")
            for other in links.get(kind, ())
        ]  # fmt: skip
        media = known[media_id]
        return {"id": media_id, "episodes": media.episodes, "format": media.format or "TV",
                "relations": {"edges": edges}}  # fmt: skip

    def _airing_page(self, variables: dict[str, Any]) -> dict[str, Any]:
        """AIRING_SCHEDULE's answer: `mediaId_in`, `airingAt_greater`/`_lesser`, sorted by time,
        paged like AniList's Page."""
        ids = set(variables.get("mediaIds") or ())
        after, before = variables.get("after"), variables.get("before")
        page, per_page = int(variables.get("page") or 1), min(int(variables["perPage"]), 50)
        found = sorted(
            (
                e
                for e in self.airing
                if (not ids or e.media_id in ids)
                and (after is None or e.airs_at.timestamp() > after)
                and (before is None or e.airs_at.timestamp() < before)
            ),
            key=lambda e: e.airs_at,
        )
        chunk = found[(page - 1) * per_page : page * per_page]
        return {
            "pageInfo": {"hasNextPage": page * per_page < len(found)},
            "airingSchedules": [
                {"id": 30000 + n, "airingAt": int(e.airs_at.timestamp()), "episode": e.episode,
                 "mediaId": e.media_id}
                for n, e in enumerate(chunk, start=(page - 1) * per_page)
            ],
        }  # fmt: skip

    def _list(
        self, query: str, variables: dict[str, Any], authorization: str | None
    ) -> web.Response:
        """WATCHING (a page of a user's list) and SAVE_PROGRESS, which needs the owner's token;
        an unknown token is refused as AniList does, with 400 "Invalid token"."""
        viewer = None
        if authorization is not None:
            viewer = self.tokens.get(authorization.removeprefix("Bearer "))
            if viewer is None:
                return self._json(errors_body("Invalid token", 400), 400)
        if "mutation SaveProgress" in query:
            if viewer is None:
                return self._json(errors_body("Unauthorized.", 401), 401)
            row = next(
                (r for r in self.lists.get(viewer, []) if r["media"]["id"] == variables["mediaId"]),
                None,
            )
            if row is None:
                return self._json(errors_body("Not Found.", 404), 404)
            row["progress"] = int(variables["progress"])
            return self._json({"data": {"SaveMediaListEntry": row}}, 200)
        rows = self.lists.get(int(variables["userId"]), [])
        page, per_page = int(variables["page"]), min(int(variables["perPage"]), 50)
        chunk = rows[(page - 1) * per_page : page * per_page]
        info = {"hasNextPage": page * per_page < len(rows)}
        return self._json({"data": {"Page": {"pageInfo": info, "mediaList": chunk}}}, 200)

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
