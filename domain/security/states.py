"""OAuth `state` values: signed, expiring and bound to one user. Pure.

`<nonce>.<user id>.<expiry, unix seconds>.<signature>`; the nonce also makes each state
single-use, which the service enforces by remembering the nonces it issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from domain.errors import NotAllowed

MAX_STATE_LENGTH = 200


@dataclass(frozen=True, slots=True)
class StateClaims:
    nonce: str
    user_id: int
    expires_at: int


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, so a signature made for one use is worthless for another."""
    return hmac.new(secret.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()


def _signature(key: bytes, payload: str) -> str:
    digest = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_state(key: bytes, user_id: int, expires_at: int, nonce: str | None = None) -> str:
    nonce = nonce or secrets.token_urlsafe(16)
    payload = f"{nonce}.{user_id}.{expires_at}"
    return f"{payload}.{_signature(key, payload)}"


def read_state(key: bytes, state: str, now: int) -> StateClaims:
    """The claims of a state we signed that has not expired; NotAllowed for anything else."""
    if len(state) > MAX_STATE_LENGTH:
        raise NotAllowed("state too long")
    parts = state.split(".")
    if len(parts) != 4:
        raise NotAllowed("malformed state")
    nonce, user_id, expires_at, signature = parts
    if not hmac.compare_digest(_signature(key, f"{nonce}.{user_id}.{expires_at}"), signature):
        raise NotAllowed("state signature does not match")
    if not (user_id.isdigit() and expires_at.isdigit()):
        raise NotAllowed("malformed state")
    if int(expires_at) <= now:
        raise NotAllowed("state expired")
    return StateClaims(nonce, int(user_id), int(expires_at))
