"""Signed, expiring download links. Pure: no I/O, the clock is injected.

A token names what it opens by id, never by path:

    v1.<kind>.<download id>.<file index>.<user id>.<expires>.<key id>.<signature>

Every field has one spelling (decimal without leading zeros, a fixed alphabet, no dots), so the
dotted text is an unambiguous encoding; the signature is HMAC-SHA256 over it, base64url without
padding. Keys are tried by id, so rotating means putting a new key first and removing the old one
once its links have run out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import LinkExpired, LinkRefused
from domain.ports import Clock

VERSION = "v1"
MAX_TTL = 7 * 24 * 3600  # a link outliving a week is a leak waiting to happen
CLOCK_SKEW = 60  # seconds of slack for a clock stepped back after a link was issued
MAX_TOKEN_LENGTH = 160
_DOMAIN = b"iiitorrent download link\n"  # no other HMAC we make can collide with a link's

_ID = r"(0|[1-9][0-9]{0,17})"
_TOKEN = re.compile(
    rf"{VERSION}\.([flz])\.{_ID}\.{_ID}\.{_ID}\.([1-9][0-9]{{0,11}})\.([0-9a-f]{{8}})"
    r"\.([A-Za-z0-9_-]{43})"
)


class LinkKind(StrEnum):
    FILE = "f"  # one file of the download
    LISTING = "l"  # an HTML page listing the files
    ZIP = "z"  # the whole folder as one zip


@dataclass(frozen=True, slots=True)
class LinkClaims:
    kind: LinkKind
    download_id: int
    file_index: int  # 0 unless kind is FILE
    user_id: int
    expires: int  # Unix seconds; the link works strictly before this
    key_id: str

    def payload(self) -> str:
        fields = (self.kind.value, self.download_id, self.file_index, self.user_id, self.expires)
        return ".".join((VERSION, *map(str, fields), self.key_id))


@dataclass(frozen=True, slots=True)
class LinkKey:
    id: str
    secret: bytes

    def __repr__(self) -> str:
        return f"LinkKey(id={self.id!r})"

    @classmethod
    def from_secret(cls, secret: str | bytes) -> LinkKey:
        raw = secret.encode() if isinstance(secret, str) else secret
        if not raw:
            raise ValueError("a link key must not be empty")
        key_id = hashlib.sha256(b"iiitorrent link key id\n" + raw).hexdigest()[:8]
        return cls(id=key_id, secret=raw)


class LinkSigner:
    """Issues links with the newest key and accepts links of any key it still holds."""

    def __init__(self, keys: Sequence[LinkKey], clock: Clock, *, ttl: int) -> None:
        if not keys:
            raise ValueError("at least one link key is needed")
        if ttl <= 0:
            raise ValueError("link lifetime must be positive")
        self._keys = {key.id: key for key in reversed(keys)}  # newest wins an id clash
        self._newest = keys[0]
        self._clock = clock
        self.ttl = min(ttl, MAX_TTL)

    def now(self) -> int:
        return int(self._clock().timestamp())

    def issue(
        self,
        kind: LinkKind,
        *,
        download_id: int,
        user_id: int,
        file_index: int = 0,
        expires: int | None = None,
    ) -> str:
        """A token; `expires` (never later than the TTL allows) lets a page hand out links that
        end with it."""
        latest = self.now() + self.ttl
        claims = LinkClaims(
            kind=kind,
            download_id=_id(download_id),
            file_index=_id(file_index) if kind is LinkKind.FILE else 0,
            user_id=_id(user_id),
            expires=latest if expires is None else min(expires, latest),
            key_id=self._newest.id,
        )
        return f"{claims.payload()}.{_sign(self._newest, claims.payload())}"

    def verify(self, token: str) -> LinkClaims:
        """The claims of a genuine, current token; LinkExpired when its time is up, LinkRefused
        for anything else. Expiry is only told once the signature holds."""
        if len(token) > MAX_TOKEN_LENGTH:
            raise LinkRefused("link token too long")
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise LinkRefused("malformed link token")
        kind, download_id, file_index, user_id, expires, key_id, signature = match.groups()
        claims = LinkClaims(
            kind=LinkKind(kind),
            download_id=int(download_id),
            file_index=int(file_index),
            user_id=int(user_id),
            expires=int(expires),
            key_id=key_id,
        )
        key = self._keys.get(key_id)
        # Compared even when the key is unknown, so timing does not tell known key ids apart.
        expected = _sign(key or self._newest, claims.payload())
        if not hmac.compare_digest(expected, signature) or key is None:
            raise LinkRefused("bad link signature")
        if claims.kind is not LinkKind.FILE and claims.file_index != 0:
            raise LinkRefused("file index on a link that is not for a file")
        now = self.now()
        if claims.expires > now + MAX_TTL + CLOCK_SKEW:
            raise LinkRefused("link expiry too far in the future")
        if claims.expires <= now:
            raise LinkExpired(f"link expired {now - claims.expires}s ago")
        return claims


def _sign(key: LinkKey, payload: str) -> str:
    digest = hmac.new(key.secret, _DOMAIN + payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _id(value: int) -> int:
    if value < 0 or value >= 10**18:
        raise ValueError(f"id out of range for a link: {value}")
    return value
