"""A loopback stand-in for AniList's OAuth token endpoint (POST /api/v2/oauth/token) and the
`Viewer` query of its GraphQL endpoint (POST /graphql), in AniList's shapes.

A code is good once, for the client id, secret and redirect URL it was made for; a refused code
answers 400 `{"error": "invalid_request", ...}` as AniList does. `Viewer` with a bad token answers
400 with `{"errors": [{"message": "Invalid token", "status": 400}]}`.

    async with AniListOAuthStandIn(client_id="1", client_secret="s", redirect_uri=...) as al:
        al.codes["abc"] = ("token-1", 77, "alice")
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from aiohttp import web


class AniListOAuthStandIn:
    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.codes: dict[str, tuple[str, int, str]] = {}  # code -> (token, user id, name)
        self.tokens: dict[str, tuple[int, str]] = {}
        self.exchanges: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def __aenter__(self) -> AniListOAuthStandIn:
        app = web.Application()
        app.router.add_post("/api/v2/oauth/token", self._token)
        app.router.add_post("/graphql", self._graphql)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.exchanges.append(body)
        grant = self.codes.pop(str(body.get("code")), None)
        if (
            grant is None
            or body.get("grant_type") != "authorization_code"
            or body.get("client_id") != self.client_id
            or body.get("client_secret") != self.client_secret
            or body.get("redirect_uri") != self.redirect_uri
        ):
            return web.json_response(
                {"error": "invalid_request", "hint": "Check the `code` parameter"}, status=400
            )
        token, user_id, name = grant
        self.tokens[token] = (user_id, name)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 31536000, "access_token": token}
        )

    async def _graphql(self, request: web.Request) -> web.Response:
        auth = request.headers.get("Authorization", "")
        found = self.tokens.get(auth.removeprefix("Bearer "))
        if found is None:
            return web.json_response(
                {"data": None, "errors": [{"message": "Invalid token", "status": 400}]},
                status=400,
            )
        return web.json_response({"data": {"Viewer": {"id": found[0], "name": found[1]}}})
