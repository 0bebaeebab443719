"""AniListClient over httpx.MockTransport, with the limiter on fake time."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.anilist.client import AniListClient
from domain.anilist.limiter import RateLimiter
from domain.anilist.queries import SEARCH_MEDIA
from domain.errors import CatalogError, RateLimited, RelinkNeeded
from domain.http import make_http_client
from domain.ports import AnimeCatalog

from .fakes import FakeTime

API = "https://graphql.example"
FRIEREN_NODE = {
    "id": 154587,
    "title": {
        "romaji": "Sousou no Frieren",
        "english": "Frieren: Beyond Journey's End",
        "native": "葬送のフリーレン",
    },
    "synonyms": ["Frieren at the Funeral"],
    "episodes": 28,
    "status": "FINISHED",
    "seasonYear": 2023,
    "format": "TV",
}
PAGE = {"data": {"Page": {"media": [FRIEREN_NODE]}}}
TOO_MANY = {"data": None, "errors": [{"message": "Too Many Requests.", "status": 429}]}


class Script:
    """Answers requests in order from a list of responses, recording what was sent."""

    def __init__(self, *answers: httpx.Response | Callable[[httpx.Request], Any]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if callable(answer):
            result = answer(request)
            response: httpx.Response = await result if asyncio.iscoroutine(result) else result
            return response
        return answer

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def make(script: Script, **kwargs: Any) -> tuple[AniListClient, FakeTime]:
    fake = FakeTime()
    limiter = RateLimiter(30, 60.0, clock=fake, sleep=fake.sleep)
    http = make_http_client(transport=httpx.MockTransport(script))
    return AniListClient(http, API, limiter=limiter, **kwargs), fake


async def test_search_media_sends_the_document_and_parses_the_page() -> None:
    script = Script(httpx.Response(200, json=PAGE))
    client, _ = make(script)
    catalog: AnimeCatalog = client
    [media] = await catalog.search_media("  Frieren   beyond ", limit=3)
    assert media.id == 154587 and media.synonyms == ("Frieren at the Funeral",)
    [request] = script.requests
    assert (request.method, str(request.url)) == ("POST", API)
    assert request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in request.headers
    assert script.bodies() == [
        {"query": SEARCH_MEDIA, "variables": {"search": "Frieren beyond", "perPage": 3}}
    ]


@pytest.mark.parametrize(("limit", "per_page"), [(0, 1), (-3, 1), (500, 50)])
async def test_limit_is_clamped_to_what_anilist_accepts(limit: int, per_page: int) -> None:
    script = Script(httpx.Response(200, json=PAGE))
    client, _ = make(script)
    await client.search_media("frieren", limit=limit)
    assert script.bodies()[0]["variables"]["perPage"] == per_page


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
async def test_blank_title_finds_nothing_without_asking(title: str) -> None:
    script = Script(httpx.Response(200, json=PAGE))
    client, _ = make(script)
    assert await client.search_media(title) == []
    assert script.requests == []


async def test_query_with_a_token_sends_a_bearer_header() -> None:
    script = Script(httpx.Response(200, json={"data": {"Viewer": {"id": 1}}}))
    client, _ = make(script)
    data = await client.query("query { Viewer { id } }", token="tok")
    assert data == {"Viewer": {"id": 1}}
    assert script.requests[0].headers["Authorization"] == "Bearer tok"


async def test_429_waits_retry_after_then_succeeds() -> None:
    script = Script(
        httpx.Response(429, json=TOO_MANY, headers={"Retry-After": "7"}),
        httpx.Response(200, json=PAGE),
    )
    client, fake = make(script)
    assert [m.id for m in await client.search_media("frieren")] == [154587]
    assert len(script.requests) == 2
    assert fake.now == 7.0  # the retry waited exactly Retry-After


async def test_429_twice_is_rate_limited_with_the_servers_delay() -> None:
    script = Script(
        httpx.Response(429, json=TOO_MANY, headers={"Retry-After": "3"}),
        httpx.Response(429, json=TOO_MANY, headers={"Retry-After": "42"}),
    )
    client, _ = make(script)
    with pytest.raises(RateLimited) as caught:
        await client.search_media("frieren")
    assert caught.value.retry_after == 42.0
    assert len(script.requests) == 2


async def test_a_long_retry_after_fails_at_once_and_holds_later_calls() -> None:
    script = Script(httpx.Response(429, json=TOO_MANY, headers={"Retry-After": "120"}))
    client, fake = make(script, max_wait=60.0)
    with pytest.raises(RateLimited) as caught:
        await client.search_media("frieren")
    assert caught.value.retry_after == 120.0
    assert fake.now == 0.0  # nobody sat through two minutes
    with pytest.raises(RateLimited):
        await client.search_media("other")  # the shared pause still holds: no request sent
    assert len(script.requests) == 1


async def test_waiting_for_a_slot_is_bounded() -> None:
    script = Script(httpx.Response(200, json=PAGE))
    real_limiter = RateLimiter(1, 3600.0)  # real time: the second call would wait an hour
    http = make_http_client(transport=httpx.MockTransport(script))
    client = AniListClient(http, API, limiter=real_limiter, max_wait=0.2)
    await client.search_media("frieren")
    started = time.monotonic()
    with pytest.raises(RateLimited):
        await client.search_media("frieren")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("response", "match"),
    [
        (
            httpx.Response(
                400, json={"errors": [{"message": "Invalid token", "status": 400}], "data": None}
            ),
            "Invalid token",
        ),
        (
            httpx.Response(
                200, json={"errors": [{"message": "Field x is bad"}], "data": {"Page": None}}
            ),
            "Field x is bad",
        ),
        (
            httpx.Response(
                500, json={"errors": [{"message": "Internal Server Error", "status": 500}]}
            ),
            "Internal Server Error",
        ),
        (
            httpx.Response(502, text="<html>502 Bad Gateway</html>"),
            "HTTP 502 with a body that is not JSON",
        ),
        (httpx.Response(200, text="<html>captive portal</html>"), "not JSON"),
        (httpx.Response(200, json={"data": None}), "without data"),
        (httpx.Response(200, content=b"[" * 300_000), "not JSON"),
        (httpx.Response(200, content=b"\xff\xfe{}"), "not JSON"),
        (httpx.Response(200, json={"data": {"Page": {}}}), "no Page.media"),
        (httpx.Response(503, json={}), "HTTP 503"),
    ],
)
async def test_bad_answers_are_catalog_errors(response: httpx.Response, match: str) -> None:
    client, _ = make(Script(response))
    with pytest.raises(CatalogError, match=match) as caught:
        await client.search_media("frieren")
    assert not isinstance(caught.value, RateLimited)


async def test_recorded_unauthorized_body(corpora: Path) -> None:
    body = json.loads((corpora / "anilist/recorded/UnauthorizedError.json").read_text())
    client, _ = make(Script(httpx.Response(401, json=body)))
    with pytest.raises(RelinkNeeded, match="Unauthorized"):  # the user must link again
        await client.query("mutation { UpdateUser { id } }", token="expired")


async def test_hanging_anilist_is_bounded_by_the_total_timeout() -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    client, _ = make(Script(hang), total_timeout=0.2)
    started = time.monotonic()
    with pytest.raises(CatalogError, match="within"):
        await client.search_media("frieren")
    assert time.monotonic() - started < 2


async def test_connection_errors_are_catalog_errors() -> None:
    error = httpx.ConnectError("refused")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise error

    client, _ = make(Script(refuse))
    with pytest.raises(CatalogError) as caught:
        await client.search_media("frieren")
    assert caught.value.__cause__ is error


async def test_oversize_answer_is_a_catalog_error() -> None:
    huge = {"data": {"Page": {"media": [FRIEREN_NODE] * 20_000}}}
    client, _ = make(Script(httpx.Response(200, json=huge)), max_bytes=64 * 1024)
    with pytest.raises(CatalogError, match="bytes"):
        await client.search_media("frieren")
