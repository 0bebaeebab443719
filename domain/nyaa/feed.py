"""Nyaa's RSS, as bytes, to `Release` values. Pure: no I/O.

Nyaa's well-formed RSS goes through the fast reader (`domain.feeds.reader`, on lxml), which builds
the entries feedparser would. What it declines is checked with expat (`domain.xml_guard`) before
feedparser sees it: feedparser falls back to a slow pure-Python parser on malformed input and
keeps DOCTYPE-declared entities literal, so refusing both up front keeps hostile or broken answers
cheap (milliseconds, not minutes of CPU).

Nyaa renders every item with the `nyaa:` namespace (https://nyaa.si/xmlns/nyaa): seeders,
leechers, downloads, infoHash, categoryId, size (Jinja's binary `filesizeformat`: "1 Byte",
"512 Bytes", "240.5 MiB"), trusted and remake ("Yes"/"No"). The item `<link>` is the .torrent
URL (a magnet when the torrent has no file), the `<guid>` the view page.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from domain.errors import IndexerError
from domain.feeds.reader import read_entries
from domain.models import Release
from domain.units import parse_size
from domain.xml_guard import XmlRefused, check_xml

logger = logging.getLogger(__name__)

_INFO_HASH = re.compile(r"[0-9a-f]{40}")
_YES_NO = {"yes": True, "no": False}
_TORRENT_SCHEMES = {"http", "https", "magnet"}


def parse_feed(body: bytes, *, base_url: str | None = None, fast: bool = True) -> list[Release]:
    """Every usable item of a Nyaa RSS document, in feed order (newest first).

    Raises IndexerError when the body is not well-formed XML (a truncated answer, most HTML
    error pages), carries a DOCTYPE (entity expansion tricks; Nyaa never sends one), is an
    absurdly large tree, or is XML but not RSS or Atom. A valid feed with no items is an empty
    search result, not an error. Items that lack a well-formed info hash, size, counts or flags
    are skipped and logged at debug level. Relative links are resolved against `base_url`.
    `fast=False` reads with feedparser alone (the reference the fast reader is tested against).
    """
    read = read_entries(body) if fast else None
    entries = read[1] if read is not None else _feedparser_entries(body)
    releases: list[Release] = []
    for entry in entries:
        try:
            releases.append(_release(entry, base_url))
        except ValueError as exc:
            logger.debug("skipping Nyaa item %r: %s", entry.get("title"), exc)
    if entries and not releases:
        logger.warning("none of the %d Nyaa items was usable", len(entries))
    return releases


def _feedparser_entries(body: bytes) -> list[Any]:
    _check_xml(body)
    # A BytesIO, never the bytes themselves: feedparser opens a bytes argument as a file path
    # when it names one.
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        raise IndexerError(f"Nyaa answered something that is not RSS ({len(body)} bytes)")
    if parsed.get("bozo"):  # well-formed by now: a lesser fault such as a mislabelled encoding
        logger.warning("Nyaa RSS has a fault (%s); reading it anyway", parsed.get("bozo_exception"))
    return list(parsed.get("entries", []))


def _check_xml(body: bytes) -> None:
    """Refuse, quickly and in C, what feedparser's slow fallbacks should never see."""
    try:
        check_xml(body)
    except XmlRefused as exc:
        if exc.malformed:
            raise IndexerError(f"Nyaa answered something that is {exc}") from exc
        raise IndexerError(f"Nyaa answered XML with {exc}, which Nyaa never sends") from None


def _release(entry: Any, base_url: str | None) -> Release:
    title = str(entry.get("title") or "").strip()
    if not title:
        raise ValueError("no title")
    info_hash = _text(entry, "nyaa_infohash").lower()
    if not _INFO_HASH.fullmatch(info_hash):
        raise ValueError(f"missing or malformed info hash {info_hash!r}")
    # feedparser copies a permalink guid into `link` when there is no <link>; that is not a torrent
    if entry.get("guidislink") or not entry.get("link"):
        raise ValueError("no torrent link")
    torrent_url = _absolute(str(entry["link"]).strip(), base_url)
    if urlsplit(torrent_url).scheme.lower() not in _TORRENT_SCHEMES:
        raise ValueError(f"torrent link {torrent_url!r} is neither http(s) nor magnet")
    published = entry.get("published_parsed")
    return Release(
        title=title,
        info_hash=info_hash,
        torrent_url=torrent_url,
        view_url=_absolute(str(entry.get("id") or "").strip(), base_url),
        size=parse_size(_text(entry, "nyaa_size")),
        seeders=_count(entry, "nyaa_seeders"),
        leechers=_count(entry, "nyaa_leechers"),
        downloads=_count(entry, "nyaa_downloads"),
        category=_text(entry, "nyaa_categoryid"),
        trusted=_flag(entry, "nyaa_trusted"),
        remake=_flag(entry, "nyaa_remake"),
        published=datetime.fromtimestamp(calendar.timegm(published), UTC) if published else None,
    )


def _text(entry: Any, key: str) -> str:
    return str(entry.get(key) or "").strip()


def _count(entry: Any, key: str) -> int:
    text = _text(entry, key)
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{key} is {text!r}, not a count")
    return int(text)


def _flag(entry: Any, key: str) -> bool:
    text = _text(entry, key)
    try:
        return _YES_NO[text.casefold()]
    except KeyError:
        raise ValueError(f"{key} is {text!r}, not Yes or No") from None


def _absolute(url: str, base_url: str | None) -> str:
    return urljoin(base_url, url) if base_url and url else url
