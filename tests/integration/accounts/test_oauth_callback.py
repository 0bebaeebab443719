"""The AniList OAuth flow over real HTTP: the bot's callback route, our client, and a loopback
stand-in of AniList's token endpoint. Replayed, expired and foreign states link nobody."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.app import anilist_clients
from bot.web import anilist_callback
from bot.web.server import build_web_app, serve
from domain.anilist.limiter import RateLimiter
from domain.models import User
from domain.services.anilist_link import AniListLinkService
from tests.fakes import FakeClock
from tests.fakes_accounts import FakeLinks
from tests.standins.anilist_oauth import AniListOAuthStandIn
from tests.world import ANILIST_APP, OAUTH, build_world, rebuilt

SERVER_SIDE = {"bot", "domain", "storage", "aiohttp"}
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.the-real-anilist-token"


@dataclass
class Flow:
    service: AniListLinkService
    standin: AniListOAuthStandIn
    box: httpx.AsyncClient
    links: FakeLinks
    clock: FakeClock
    alice: User
    bob: User

    async def authorize(self, user: User) -> str:
        return parse_qs(urlsplit(await self.service.authorization_url(user)).query)["state"][0]


@pytest.fixture
async def flow() -> AsyncIterator[Flow]:
    async with (
        AniListOAuthStandIn(
            client_id="4242", client_secret="client-secret-xyz", redirect_uri=OAUTH.redirect_uri
        ) as standin,
        httpx.AsyncClient() as http,
    ):
        world = build_world(
            **{
                **ANILIST_APP,
                "anilist_api_url": standin.url + "/graphql",
                "anilist_oauth_url": standin.url + "/api/v2/oauth",
            }
        )
        _, accounts = anilist_clients(world.settings, http, RateLimiter())
        service = rebuilt(world, anilist_accounts=accounts).services.anilist
        alice, bob = await world.person("2"), await world.person("3")
        app = build_web_app()
        anilist_callback.register(app, service)
        async with (
            serve(app, "127.0.0.1", 0) as port,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as box,
        ):
            yield Flow(service, standin, box, world.links, world.clock, alice, bob)


async def test_the_callback_exchanges_the_code_and_stores_only_ciphertext(
    flow: Flow, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    flow.standin.codes["code-1"] = (TOKEN, 77, "alice")
    state = await flow.authorize(flow.alice)
    answer = await flow.box.get(anilist_callback.PATH, params={"state": state, "code": "code-1"})
    assert answer.status_code == 200 and "Linked AniList account alice" in answer.text
    stored = flow.links.rows[flow.alice.id]
    assert stored.anilist_user_id == 77
    assert stored.encrypted_token and TOKEN not in stored.encrypted_token
    assert flow.standin.exchanges[0]["redirect_uri"] == OAUTH.redirect_uri
    # Replayed: the same state a second time is refused, and AniList is not asked again.
    again = await flow.box.get(anilist_callback.PATH, params={"state": state, "code": "code-1"})
    assert again.status_code == 403 and len(flow.standin.exchanges) == 1
    # The browser's side (this test's httpx client) may log its own URL; the box must not.
    logged = "\n".join(
        r.getMessage() for r in caplog.records if r.name.split(".")[0] in SERVER_SIDE
    )
    for secret in (TOKEN, "code-1", state, "client-secret-xyz"):
        assert secret not in logged


async def test_an_expired_state_is_refused_before_anilist_is_asked(flow: Flow) -> None:
    flow.standin.codes["code-2"] = (TOKEN, 77, "alice")
    state = await flow.authorize(flow.alice)
    flow.clock.advance(11 * 60)
    answer = await flow.box.get(anilist_callback.PATH, params={"state": state, "code": "code-2"})
    assert answer.status_code == 403 and "expired" in answer.text
    assert flow.standin.exchanges == [] and flow.links.rows == {}


async def test_a_foreign_state_links_nobody(flow: Flow) -> None:
    """Bob's state tampered to name Alice, and a state signed by another key, are refused."""
    flow.standin.codes["code-3"] = (TOKEN, 77, "mallory")
    nonce, _, expires, signature = (await flow.authorize(flow.bob)).split(".")
    for state in (f"{nonce}.{flow.alice.id}.{expires}.{signature}", "a.1.99999999999.sig"):
        answer = await flow.box.get(
            anilist_callback.PATH, params={"state": state, "code": "code-3"}
        )
        assert answer.status_code == 403
    assert flow.standin.exchanges == [] and flow.links.rows == {}


async def test_a_code_anilist_refuses_asks_to_start_again(flow: Flow) -> None:
    state = await flow.authorize(flow.alice)
    answer = await flow.box.get(anilist_callback.PATH, params={"state": state, "code": "bad"})
    assert answer.status_code == 403 and "/link" in answer.text
    assert flow.links.rows == {}


@pytest.mark.parametrize("params", [{}, {"state": "x"}, {"code": "y"}])
async def test_an_incomplete_callback_gets_a_clear_page(flow: Flow, params: dict[str, str]) -> None:
    answer = await flow.box.get(anilist_callback.PATH, params=params)
    assert answer.status_code == 400 and "/link" in answer.text
