"""Magnet links: parsed and validated before anything else sees them. Pure."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from domain.errors import InvalidMagnet

MAX_MAGNET_LENGTH = 8192
_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_BASE32 = re.compile(r"[A-Za-z2-7]{32}")
_TRACKER_SCHEMES = ("http://", "https://", "udp://", "ws://", "wss://")


@dataclass(frozen=True, slots=True)
class Magnet:
    uri: str
    info_hash: str  # 40 lower-case hex digits
    name: str | None
    trackers: tuple[str, ...]


def looks_like_magnet(text: str) -> bool:
    return text.strip().lower().startswith("magnet:")


def parse_magnet(text: str) -> Magnet:
    """A BitTorrent v1 magnet (btih in hex or base32); anything else raises InvalidMagnet."""
    uri = text.strip()
    if len(uri) > MAX_MAGNET_LENGTH:
        raise InvalidMagnet(f"magnet longer than {MAX_MAGNET_LENGTH} characters")
    parts = urlsplit(uri)
    if parts.scheme.lower() != "magnet" or not parts.query:
        raise InvalidMagnet("not a magnet link")
    params = parse_qs(parts.query)
    info_hash = None
    for topic in params.get("xt", []):
        if topic.lower().startswith("urn:btih:"):
            info_hash = _decode_btih(topic[len("urn:btih:") :])
            break
    if info_hash is None:
        raise InvalidMagnet("magnet has no BitTorrent info hash (xt=urn:btih:…)")
    trackers = tuple(t for t in params.get("tr", []) if t.lower().startswith(_TRACKER_SCHEMES))
    names = params.get("dn")
    return Magnet(uri=uri, info_hash=info_hash, name=names[0] if names else None, trackers=trackers)


def _decode_btih(value: str) -> str:
    if _HEX40.fullmatch(value):
        return value.lower()
    if _BASE32.fullmatch(value):
        try:
            return base64.b32decode(value.upper()).hex()
        except binascii.Error as exc:
            raise InvalidMagnet("info hash is not valid base32") from exc
    raise InvalidMagnet("info hash must be 40 hex digits or 32 base32 characters")
