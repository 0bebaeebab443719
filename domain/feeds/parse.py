"""A feed's bytes to `FeedItem` values: any RSS 2.0 or Atom feed, Nyaa's and ezRSS's torrent
extensions understood. Pure: no I/O.

Well-formed RSS 2.0 and Atom go through the fast reader (`domain.feeds.reader`, on lxml), which
builds the entries feedparser would. What it declines passes `domain.xml_guard.check_xml`, so a
malformed, DTD-carrying or absurdly large document is refused in milliseconds before
feedparser's slow paths see it, and then feedparser reads the rest (RSS 1.0, other encodings,
odd shapes).

An item's size is the torrent's content length, an enclosure's length, or Nyaa's `nyaa:size`.

An item's key is what stays the same across polls, whatever the order of the feed: the info hash
(`nyaa:infoHash`, `torrent:infoHash`, or the btih of a magnet link), else its GUID, else its link.
Items with none of them, or with no title, are skipped.
"""

from __future__ import annotations

import calendar
import functools
import io
import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from domain.errors import FeedError, InvalidMagnet
from domain.feeds.models import FeedItem
from domain.feeds.reader import read_entries
from domain.magnets import parse_magnet
from domain.units import parse_size
from domain.xml_guard import XmlRefused, check_xml

logger = logging.getLogger(__name__)

MAX_TITLE = 500  # filters run on at most this much of a title
MAX_KEY = 2048
_INFO_HASH = re.compile(r"[0-9a-fA-F]{40}")
_TORRENT_TYPE = "application/x-bittorrent"


def parse_items(body: bytes, *, base_url: str | None = None, fast: bool = True) -> list[FeedItem]:
    """Every usable item, in feed order. Raises FeedError when the body is not a feed.
    `fast=False` reads with feedparser alone (the reference the fast reader is tested against)."""
    read = read_entries(body) if fast else None
    entries = read[1] if read is not None else _feedparser_entries(body)
    items: list[FeedItem] = []
    for entry in entries:
        item = _item(entry, base_url)
        if item is None:
            logger.debug("skipping feed item %r: no title or no key", entry.get("title"))
        else:
            items.append(item)
    return items


def _feedparser_entries(body: bytes) -> list[Any]:
    try:
        check_xml(body)
    except XmlRefused as exc:
        raise FeedError(f"the feed is {exc}" if exc.malformed else f"the feed has {exc}") from None
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        raise FeedError(f"not an RSS or Atom feed ({len(body)} bytes)")
    return list(parsed.get("entries", []))


def _item(entry: Any, base_url: str | None) -> FeedItem | None:
    title = " ".join(str(entry.get("title") or "").split())[:MAX_TITLE]
    guid = str(entry.get("id") or "").strip()
    link = _absolute(str(entry.get("link") or "").strip(), base_url)
    source = _source(entry, link, base_url)
    info_hash = _info_hash(entry, source)
    if info_hash:
        key = f"ih:{info_hash}"
    elif guid:
        key = f"guid:{guid[:MAX_KEY]}"
    elif link:
        key = f"link:{link[:MAX_KEY]}"
    else:
        return None
    if not title:
        return None
    page = link if link and link != source else (guid if guid.startswith("http") else None)
    return FeedItem(
        key=key,
        title=title,
        source=source,
        info_hash=info_hash,
        link=page,
        size=_size(entry),
        published=_published(entry),
    )


def _source(entry: Any, link: str, base_url: str | None) -> str | None:
    """The magnet or .torrent URL of an item: the magnet extension, a torrent enclosure, or a
    link that is itself a magnet or a .torrent."""
    magnet = str(entry.get("torrent_magneturi") or "").strip()
    if magnet.lower().startswith("magnet:"):
        return magnet
    for enclosure in entry.get("enclosures", []) or []:
        href = _absolute(str(enclosure.get("href") or "").strip(), base_url)
        kind = str(enclosure.get("type") or "").lower()
        if href and (kind == _TORRENT_TYPE or _is_torrent_url(href) or _is_magnet(href)):
            return href
    # Nyaa's <link> is its /download/N.torrent, whatever the path looks like; asked first, as
    # it costs a dict look-up where the others split the URL.
    if link and (entry.get("nyaa_infohash") or _is_magnet(link) or _is_torrent_url(link)):
        return link
    return None


def _info_hash(entry: Any, source: str | None) -> str | None:
    for key in ("nyaa_infohash", "torrent_infohash"):
        text = str(entry.get(key) or "").strip()
        if _INFO_HASH.fullmatch(text):
            return text.lower()
    if source is not None and _is_magnet(source):
        try:
            return parse_magnet(source).info_hash
        except InvalidMagnet:
            return None
    return None


def _size(entry: Any) -> int | None:
    """The item's size in bytes: the quota and the free-space floor count it before a feed's
    auto-download is added, so a feed that says one must not pass as empty."""
    text = str(entry.get("torrent_contentlength") or "").strip()
    if text.isascii() and text.isdigit():
        return int(text)
    for enclosure in entry.get("enclosures", []) or []:
        length = str(enclosure.get("length") or "").strip()
        if length.isascii() and length.isdigit() and int(length) > 0:
            return int(length)
    listed = entry.get("nyaa_size")  # "1.4 GiB": Nyaa's feeds and their mirrors
    if listed:
        try:
            return parse_size(str(listed)) or None
        except ValueError:
            return None
    return None


def _published(entry: Any) -> datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        # A time tuple datetime takes is already normalised, so this is the instant the
        # timestamp below names, at a third of the cost.
        year, month, day, hour, minute, second = stamp[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:  # a leap second or a day past the month's end: counted on, as before
        pass
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _is_magnet(url: str) -> bool:
    return url.lower().startswith("magnet:?")


def _is_torrent_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and parts.path.lower().endswith(".torrent")


def _absolute(url: str, base_url: str | None) -> str:
    if not url or not base_url or _is_magnet(url):
        return url
    if _already_absolute(url, base_url):
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url


@functools.lru_cache(maxsize=256)
def _absolute_prefix(base_url: str) -> str | None:
    """`http://` or `https://`, as urljoin sees the base's scheme; None for any other."""
    try:
        scheme = urlsplit(base_url).scheme
    except ValueError:
        return None
    return f"{scheme}://" if scheme in ("http", "https") else None


def _already_absolute(url: str, base_url: str) -> bool:
    """Whether urljoin would hand `url` back as it is, told without splitting it (most feeds'
    links are absolute, and urljoin costs as much as reading the rest of the item): same scheme
    as the base, a host, and none of what urljoin's split and re-join could change (spaces and
    controls, which it drops; `;` params, `#` fragments and a bare `?`, which it rewrites)."""
    prefix = _absolute_prefix(base_url)
    return (
        prefix is not None
        and url.startswith(prefix)
        and url[len(prefix) : len(prefix) + 1] not in ("", "/", "?")
        and url.isascii()
        and url.isprintable()
        and not any(mark in url for mark in " ;#")
        and not url.endswith("?")
    )
