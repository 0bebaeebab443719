"""Magnet links: parsed and validated before anything else sees them. Pure."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit

from domain.errors import InvalidMagnet

MAX_MAGNET_LENGTH = 8192
_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_BASE32 = re.compile(r"[A-Za-z2-7]{32}")
_HEX_SHA256_MULTIHASH = re.compile(r"1220[0-9a-fA-F]{64}")  # btmh: sha2-256, 32 bytes
_TRACKER_SCHEMES = ("http://", "https://", "udp://", "ws://", "wss://")
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f\s]")
MAX_TRACKERS = 50
# A real magnet has a hash, a name, a size and some trackers; thousands of parameters are an
# attack on the parser, refused before any of them is decoded.
MAX_PARAMETERS = 2 * MAX_TRACKERS + 20
_USED = frozenset({"xt", "dn", "tr"})
MAX_NAME_CHARACTERS = 1024  # of the encoded display name; a longer one is cut, not decoded whole


@dataclass(frozen=True, slots=True)
class Magnet:
    uri: str
    info_hash: str  # 40 lower-case hex digits
    name: str | None
    trackers: tuple[str, ...]


def looks_like_magnet(text: str) -> bool:
    return text.strip().lower().startswith("magnet:")


def parse_magnet(text: str) -> Magnet:
    """A BitTorrent magnet: v1 (btih in hex or base32), v2 (btmh) or hybrid; anything else
    raises InvalidMagnet. A v2-only magnet is known by its SHA-256 truncated to 40 hex digits,
    as qBittorrent names it."""
    uri = text.strip()
    if len(uri) > MAX_MAGNET_LENGTH:
        raise InvalidMagnet(f"magnet longer than {MAX_MAGNET_LENGTH} characters")
    if _SPACE_OR_CONTROL.search(uri):
        raise InvalidMagnet("magnet contains spaces or control characters")
    try:
        parts = urlsplit(uri)
    except ValueError as exc:  # e.g. an unbalanced "[" read as an IPv6 host
        raise InvalidMagnet("not a magnet link") from exc
    if parts.scheme.lower() != "magnet" or not parts.query:
        raise InvalidMagnet("not a magnet link")
    params = _parameters(parts.query)
    info_hash = None
    for topic in params.get("xt", []):
        if topic.lower().startswith("urn:btih:"):
            info_hash = _decode_btih(topic[len("urn:btih:") :])
            break
    if info_hash is None:
        for topic in params.get("xt", []):
            if topic.lower().startswith("urn:btmh:"):
                multihash = topic[len("urn:btmh:") :]
                if not _HEX_SHA256_MULTIHASH.fullmatch(multihash):
                    raise InvalidMagnet("btmh must be a sha2-256 multihash (1220 + 64 hex)")
                info_hash = multihash[4:44].lower()
                break
    if info_hash is None:
        raise InvalidMagnet("magnet has no BitTorrent info hash (xt=urn:btih:… or urn:btmh:…)")
    # Only trackers we are willing to have qBittorrent contact; file:// and the like are dropped.
    trackers = tuple(t for t in params.get("tr", []) if t.lower().startswith(_TRACKER_SCHEMES))
    if len(trackers) > MAX_TRACKERS:
        raise InvalidMagnet(f"more than {MAX_TRACKERS} trackers")
    names = params.get("dn")
    return Magnet(uri=uri, info_hash=info_hash, name=names[0] if names else None, trackers=trackers)


def _parameters(query: str) -> dict[str, list[str]]:
    """Like urllib's parse_qs, but bounded, and decoding only the keys a magnet needs here."""
    if query.count("&") >= MAX_PARAMETERS:
        raise InvalidMagnet(f"more than {MAX_PARAMETERS} parameters")
    found: dict[str, list[str]] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key in _USED and value:
            if key == "dn":
                value = value[:MAX_NAME_CHARACTERS]
            found.setdefault(key, []).append(unquote_plus(value))
    if len(found.get("tr", ())) > MAX_TRACKERS:
        raise InvalidMagnet(f"more than {MAX_TRACKERS} trackers")
    return found


def _decode_btih(value: str) -> str:
    if _HEX40.fullmatch(value):
        return value.lower()
    if _BASE32.fullmatch(value):
        try:
            return base64.b32decode(value.upper()).hex()
        except binascii.Error as exc:
            raise InvalidMagnet("info hash is not valid base32") from exc
    raise InvalidMagnet("info hash must be 40 hex digits or 32 base32 characters")
