"""Linking a user's AniList account: the OAuth code flow, the pasted-token flow, and read-only
links by username. Tokens are stored only encrypted; one that no longer decrypts, or that AniList
refuses, drops the link and asks the user to link again."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from domain.anilist.accounts import AniListAccount, authorize_url
from domain.errors import InvalidInput, NotAllowed, RelinkNeeded
from domain.models import AniListLink, User
from domain.ports import AniListLinkRepository, Clock, OAuthStateStore, UserRepository
from domain.security.crypto import TokenCipher
from domain.security.states import read_state, sign_state

logger = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=10)
MAX_TOKEN_LENGTH = 4096  # AniList tokens are JWTs of about a thousand characters
MAX_CODE_LENGTH = 2048


class AniListIdentity(Protocol):
    async def exchange(
        self, *, code: str, client_id: str, client_secret: str, redirect_uri: str
    ) -> str: ...

    async def viewer(self, token: str) -> AniListAccount: ...

    async def user(self, name: str) -> AniListAccount: ...


@dataclass(frozen=True, slots=True)
class OAuthApp:
    client_id: str
    client_secret: str
    redirect_uri: str  # PUBLIC_URL + /anilist/callback, as registered with AniList
    authorize_url: str


class AniListLinkService:
    def __init__(
        self,
        *,
        links: AniListLinkRepository,
        states: OAuthStateStore,
        users: UserRepository,
        cipher: TokenCipher,
        anilist: AniListIdentity,
        state_key: bytes,
        clock: Clock,
        oauth: OAuthApp | None = None,
    ) -> None:
        self._links = links
        self._states = states
        self._users = users
        self._cipher = cipher
        self._anilist = anilist
        self._state_key = state_key
        self._clock = clock
        self._oauth = oauth

    @property
    def oauth_enabled(self) -> bool:
        return self._oauth is not None

    async def current(self, user: User) -> AniListLink | None:
        return await self._links.get(user.id)

    async def authorization_url(self, user: User) -> str:
        """Where the user approves us on AniList; the state in it works once, for them only."""
        if self._oauth is None:
            raise InvalidInput("AniList sign-in is not configured on this box")
        expires = self._clock() + STATE_TTL
        nonce = secrets.token_urlsafe(16)
        state = sign_state(self._state_key, user.id, int(expires.timestamp()), nonce)
        await self._states.issue(nonce, user.id, expires)
        return authorize_url(
            self._oauth.client_id, self._oauth.redirect_uri, state, self._oauth.authorize_url
        )

    async def finish_authorization(self, state: str, code: str) -> AniListLink:
        """The callback: check the state (ours, live, unused), exchange the code, store."""
        if self._oauth is None:
            raise NotAllowed("AniList sign-in is not configured")
        now = self._clock()
        claims = read_state(self._state_key, state, int(now.timestamp()))
        owner = await self._states.consume(claims.nonce, now)
        if owner is None or owner != claims.user_id:
            raise NotAllowed("state already used or never issued")
        user = await self._users.get(claims.user_id)
        if user is None or user.banned:
            raise NotAllowed("the state's user is gone or banned")
        if not code or len(code) > MAX_CODE_LENGTH:
            raise InvalidInput("missing or oversized authorization code")
        token = await self._anilist.exchange(
            code=code,
            client_id=self._oauth.client_id,
            client_secret=self._oauth.client_secret,
            redirect_uri=self._oauth.redirect_uri,
        )
        return await self._store_token(user, token)

    async def link_token(self, user: User, token: str) -> AniListLink:
        """The pasted-token flow, for boxes without an AniList client of their own."""
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LENGTH or any(c.isspace() for c in token):
            raise InvalidInput("that does not look like an AniList token")
        return await self._store_token(user, token)

    async def link_username(self, user: User, name: str) -> AniListLink:
        """A public list, read-only: no token is involved."""
        account = await self._anilist.user(name.strip())
        link = AniListLink(user.id, account.name, account.id, None)
        logger.info("user %d linked AniList user %d read-only", user.id, account.id)
        return await self._links.save(link)

    async def unlink(self, user: User) -> bool:
        existing = await self._links.get(user.id)
        await self._links.delete(user.id)
        return existing is not None

    async def token(self, user: User) -> str:
        """The user's token in clear, for one AniList call; RelinkNeeded drops a dead link."""
        link = await self._links.get(user.id)
        if link is None or link.encrypted_token is None:
            raise RelinkNeeded(f"user {user.id} has no AniList token")
        try:
            return self._cipher.decrypt(link.encrypted_token)
        except RelinkNeeded:
            await self._links.delete(user.id)
            logger.warning("user %d's AniList token no longer decrypts; link dropped", user.id)
            raise

    async def refused(self, user: User) -> None:
        """AniList refused the user's token: forget it so that the next step is to link again."""
        await self._links.delete(user.id)
        logger.info("AniList refused user %d's token; link dropped", user.id)

    async def reencrypt(self) -> tuple[int, int]:
        """Every stored token under the newest key; (re-encrypted, dropped as undecryptable)."""
        done = dropped = 0
        for link in await self._links.everyone():
            if link.encrypted_token is None:
                continue
            try:
                rotated = self._cipher.rotate(link.encrypted_token)
            except RelinkNeeded:
                await self._links.delete(link.user_id)
                dropped += 1
                continue
            await self._links.save(
                AniListLink(link.user_id, link.username, link.anilist_user_id, rotated)
            )
            done += 1
        return done, dropped

    async def _store_token(self, user: User, token: str) -> AniListLink:
        account = await self._anilist.viewer(token)
        link = AniListLink(user.id, account.name, account.id, self._cipher.encrypt(token))
        logger.info("user %d linked AniList user %d", user.id, account.id)
        return await self._links.save(link)
