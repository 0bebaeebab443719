"""Magnet links: parsed and validated before anything else sees them. Pure.

A magnet is taken only if it names exactly one BitTorrent v1 torrent: one `xt=urn:btih:` (40 hex
digits or 32 base32 characters) and no other `xt` of any kind. The same hash given twice (say once
in hex and once in base32) is the same torrent and is taken; two different hashes, a v2 `btmh`
(alone or beside a btih) or an `xt` of another network are refused. `Magnet.uri` is not the text
that came in but a magnet rebuilt from what was read (that one hash, the name, the trackers kept),
so whoever is handed it (qBittorrent) can only add the torrent whose hash was recorded.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit

from domain.errors import InvalidMagnet

MAX_MAGNET_LENGTH = 8192
_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_BASE32 = re.compile(r"[A-Za-z2-7]{32}")
_TOPIC_KEY = re.compile(r"xt(?:\.[0-9]+)?")  # "xt", or numbered as BEP 9 and the URN spec allow
_TRACKER_SCHEMES = ("http://", "https://", "udp://", "ws://", "wss://")
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f\s]")
MAX_TRACKERS = 50
# A real magnet has a hash, a name, a size and some trackers; thousands of parameters are an
# attack on the parser, refused before any of them is decoded.
MAX_PARAMETERS = 2 * MAX_TRACKERS + 20
_USED = frozenset({"xt", "dn", "tr"})
MAX_NAME_CHARACTERS = 1024  # of the encoded display name; a longer one is cut, not decoded whole
ONE_TORRENT = "a magnet link must name exactly one torrent (one xt=urn:btih:…)"
NO_V2 = "BitTorrent v2-only magnets (btmh) aren't supported yet"
NO_HYBRID = "hybrid v1+v2 magnets aren't supported yet: remove the xt=urn:btmh:… part"


@dataclass(frozen=True, slots=True)
class Magnet:
    uri: str  # rebuilt from the parts below, never the text as given
    info_hash: str  # 40 lower-case hex digits
    name: str | None
    trackers: tuple[str, ...]


def looks_like_magnet(text: str) -> bool:
    return text.strip().lower().startswith("magnet:")


def parse_magnet(text: str) -> Magnet:
    """The one BitTorrent v1 torrent `text` names (see the module's docstring); anything else
    raises InvalidMagnet with a reason a user can act on."""
    raw = text.strip()
    if len(raw) > MAX_MAGNET_LENGTH:
        raise InvalidMagnet(f"magnet longer than {MAX_MAGNET_LENGTH} characters")
    if _SPACE_OR_CONTROL.search(raw):
        raise InvalidMagnet("magnet contains spaces or control characters")
    try:
        parts = urlsplit(raw)
    except ValueError as exc:  # e.g. an unbalanced "[" read as an IPv6 host
        raise InvalidMagnet("not a magnet link") from exc
    if parts.scheme.lower() != "magnet" or not parts.query:
        raise InvalidMagnet("not a magnet link")
    params = _parameters(parts.query)
    info_hash = _info_hash(params.get("xt", []))
    # Only trackers we are willing to have qBittorrent contact; file:// and the like are dropped.
    trackers = tuple(
        dict.fromkeys(
            t
            for t in params.get("tr", [])
            if t.lower().startswith(_TRACKER_SCHEMES) and not _SPACE_OR_CONTROL.search(t)
        )
    )
    if len(trackers) > MAX_TRACKERS:
        raise InvalidMagnet(f"more than {MAX_TRACKERS} trackers")
    names = params.get("dn")
    name = names[0] if names else None
    uri = build_magnet(info_hash, name, trackers)
    if len(uri) > MAX_MAGNET_LENGTH:  # re-encoding a name of raw non-ASCII letters grows it
        raise InvalidMagnet(f"magnet longer than {MAX_MAGNET_LENGTH} characters")
    return Magnet(uri=uri, info_hash=info_hash, name=name, trackers=trackers)


def build_magnet(info_hash: str, name: str | None, trackers: tuple[str, ...]) -> str:
    """The magnet of exactly `info_hash` (40 lower-case hex digits), with its name and trackers."""
    uri = f"magnet:?xt=urn:btih:{info_hash}"
    if name:
        uri += "&dn=" + quote(name, safe="")
    return uri + "".join("&tr=" + quote(t, safe="") for t in trackers)


def _parameters(query: str) -> dict[str, list[str]]:
    """Like urllib's parse_qs, but bounded, and decoding only the keys a magnet needs here. Every
    `xt` (numbered or not, in any case) is gathered under "xt", so a second one cannot hide."""
    if query.count("&") >= MAX_PARAMETERS:
        raise InvalidMagnet(f"more than {MAX_PARAMETERS} parameters")
    found: dict[str, list[str]] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        key = key.lower()
        if _TOPIC_KEY.fullmatch(key):
            key = "xt"
        if key in _USED and (value or key == "xt"):
            if key == "dn":
                value = value[:MAX_NAME_CHARACTERS]
            found.setdefault(key, []).append(unquote_plus(value))
    if len(found.get("tr", ())) > MAX_TRACKERS:
        raise InvalidMagnet(f"more than {MAX_TRACKERS} trackers")
    return found


def _info_hash(topics: list[str]) -> str:
    """The one v1 info hash among the `xt` values, or InvalidMagnet saying why there is none."""
    hashes: set[str] = set()
    v2 = False
    for topic in topics:
        kind = topic[:9].lower()
        if kind == "urn:btih:":
            hashes.add(_decode_btih(topic[9:]))
        elif kind == "urn:btmh:":
            v2 = True
        else:
            raise InvalidMagnet(f"{ONE_TORRENT}; it names something else: {topic[:60]!r}")
    if v2:
        raise InvalidMagnet(NO_HYBRID if hashes else NO_V2)
    if len(hashes) != 1:
        reason = "it names none" if not hashes else f"it names {len(hashes)}"
        raise InvalidMagnet(f"{ONE_TORRENT}; {reason}")
    return hashes.pop()


def _decode_btih(value: str) -> str:
    if _HEX40.fullmatch(value):
        return value.lower()
    if _BASE32.fullmatch(value):
        try:
            return base64.b32decode(value.upper()).hex()
        except binascii.Error as exc:
            raise InvalidMagnet("info hash is not valid base32") from exc
    raise InvalidMagnet("info hash must be 40 hex digits or 32 base32 characters")
