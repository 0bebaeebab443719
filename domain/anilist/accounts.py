"""AniList accounts: the OAuth code exchange and who a token or a username belongs to.

The token travels only in the Authorization header and the exchange's JSON body; neither is ever
logged, and error messages name the endpoint, not the request.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from domain.anilist.limiter import RateLimiter, retry_after_seconds
from domain.errors import (
    AniListUserNotFound,
    CatalogError,
    InvalidInput,
    RateLimited,
    RelinkNeeded,
)
from domain.http import HttpReply, fetch

logger = logging.getLogger(__name__)

AUTHORIZE_URL = "https://anilist.co/api/v2/oauth/authorize"
TOKEN_URL = "https://anilist.co/api/v2/oauth/token"
MAX_BYTES = 256 * 1024
TIMEOUT = 10.0

VIEWER = "query Viewer { Viewer { id name } }"
USER_BY_NAME = "query UserByName($name: String) { User(name: $name) { id name } }"


@dataclass(frozen=True, slots=True)
class AniListAccount:
    id: int
    name: str


def authorize_url(client_id: str, redirect_uri: str, state: str, base: str = AUTHORIZE_URL) -> str:
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "state": state,
        }
    )
    return f"{base}?{query}"


def _json(reply: HttpReply) -> Any:
    try:
        return json.loads(reply.body)
    except ValueError as exc:
        raise CatalogError(f"AniList answered {reply.status} with non-JSON") from exc


def _account(data: Any, key: str) -> AniListAccount | None:
    node = (data.get("data") or {}).get(key) if isinstance(data, dict) else None
    if not isinstance(node, dict):
        return None
    if not isinstance(node.get("id"), int) or not isinstance(node.get("name"), str):
        raise CatalogError(f"AniList {key} lacks an id or a name")
    return AniListAccount(node["id"], node["name"])


class AniListAccounts:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        limiter: RateLimiter,
        api_url: str = "https://graphql.anilist.co",
        token_url: str = TOKEN_URL,
    ) -> None:
        self._http = http
        self._limiter = limiter  # the one every AniList API call waits on
        self._api_url = api_url
        self._token_url = token_url

    async def exchange(
        self, *, code: str, client_id: str, client_secret: str, redirect_uri: str
    ) -> str:
        """The access token for an authorization code; RelinkNeeded when AniList refuses it."""
        reply = await fetch(
            self._http,
            "POST",
            self._token_url,
            error=CatalogError,
            max_bytes=MAX_BYTES,
            total_timeout=TIMEOUT,
            headers={"Accept": "application/json"},
            json={
                "grant_type": "authorization_code",
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": redirect_uri,
                "code": code,
            },
        )
        if reply.status in (400, 401):
            raise RelinkNeeded(f"AniList refused the authorization code ({reply.status})")
        if not reply.ok:
            raise CatalogError(f"AniList token endpoint answered {reply.status}")
        data = _json(reply)
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise CatalogError("AniList token endpoint answered without an access token")
        return token

    async def viewer(self, token: str) -> AniListAccount:
        """Whose token this is; RelinkNeeded when AniList no longer takes it."""
        reply = await self._graphql(VIEWER, {}, token)
        if reply.status in (400, 401):
            raise RelinkNeeded(f"AniList refused the token ({reply.status})")
        if not reply.ok:
            raise CatalogError(f"AniList answered {reply.status}")
        account = _account(_json(reply), "Viewer")
        if account is None:
            raise RelinkNeeded("AniList knows no viewer for the token")
        return account

    async def user(self, name: str) -> AniListAccount:
        if not name or len(name) > 64:
            raise InvalidInput("an AniList username is 1 to 64 characters")
        reply = await self._graphql(USER_BY_NAME, {"name": name}, None)
        if reply.status == 404:
            raise AniListUserNotFound(name)
        if not reply.ok:
            raise CatalogError(f"AniList answered {reply.status}")
        account = _account(_json(reply), "User")
        if account is None:
            raise AniListUserNotFound(name)
        return account

    async def _graphql(self, query: str, variables: dict[str, Any], token: str | None) -> HttpReply:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        paused = self._limiter.paused_for()
        if paused > 0:
            # A user waiting on /link is better told at once than held for a minute.
            raise RateLimited(f"AniList calls are paused for {paused:.0f} s", paused)
        await self._limiter.acquire()
        reply = await fetch(
            self._http,
            "POST",
            self._api_url,
            error=CatalogError,
            max_bytes=MAX_BYTES,
            total_timeout=TIMEOUT,
            headers=headers,
            json={"query": query, "variables": variables},
        )
        if reply.status == 429:
            retry_after = retry_after_seconds(
                reply.headers.get("retry-after"), now=datetime.now(UTC)
            )
            self._limiter.pause(retry_after)  # every other AniList caller waits it out too
            raise RateLimited(f"AniList said 429, retry after {retry_after:g} s", retry_after)
        return reply
