"""What the gateway accepts to add, checked before qBittorrent sees it. Pure.

qBittorrent's `torrents/add` also reads local file paths on its own machine, so only magnets and
http(s) URLs get through; a magnet must name the info hash the caller says it adds, or the torrent
would land under a hash nobody looks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.errors import InvalidInput, InvalidMagnet, TorrentRefused
from domain.magnets import looks_like_magnet, parse_magnet

MAX_SOURCE_LENGTH = 8192
_HASH = re.compile(r"[0-9a-f]{40}")


def normalize_hash(info_hash: str) -> str:
    """40 lower-case hex digits, or InvalidInput (a stray "|" or "all" would widen a query)."""
    value = info_hash.strip().lower()
    if not _HASH.fullmatch(value):
        raise InvalidInput(f"not a v1 info hash: {info_hash[:60]!r}")
    return value


def normalize_hashes(info_hashes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(normalize_hash(h) for h in info_hashes))


def check_source(source: str, info_hash: str) -> str:
    """The source, stripped, if it is a magnet of `info_hash` or an http(s) URL.

    Anything else raises TorrentRefused: to the caller it is a torrent qBittorrent will not
    take, the same as one it refuses.
    """
    value = source.strip()
    if not value or len(value) > MAX_SOURCE_LENGTH:
        raise TorrentRefused(
            f"torrent source is empty or longer than {MAX_SOURCE_LENGTH}", info_hash
        )
    if looks_like_magnet(value):
        try:
            magnet = parse_magnet(value)
        except InvalidMagnet as exc:
            raise TorrentRefused(f"malformed magnet: {exc}", info_hash) from exc
        if magnet.info_hash != info_hash:
            raise TorrentRefused(
                f"magnet is for {magnet.info_hash}, but {info_hash} was to be added", info_hash
            )
        return value
    if not value.lower().startswith(("http://", "https://")):
        raise TorrentRefused("torrent source is neither a magnet nor an http(s) URL", info_hash)
    return value
