"""Reading feeds: Nyaa's, generic RSS with magnets or torrent enclosures, Atom; stable keys;
broken and hostile bodies refused cheaply."""

from __future__ import annotations

import calendar
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.errors import FeedError
from domain.feeds.parse import parse_items
from domain.nyaa import parse_feed
from tests.conftest import CORPORA
from tests.standins.feeds import BILLION_LAUGHS, MALFORMED, deep_tree
from tests.standins.nyaa import build_feed, make_release

HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
MAGNET = f"magnet:?xt=urn:btih:{HASH.upper()}&dn=Show"


def rss(items: str) -> bytes:
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_nyaa_items_are_keyed_by_info_hash_and_download_their_torrent() -> None:
    release = make_release("[SubsPlease] Frieren - 05 (1080p)", base_url="http://example.org")
    [item] = parse_items(build_feed([release], base_url="http://example.org"))
    assert item.key == f"ih:{release.info_hash}"
    assert item.info_hash == release.info_hash
    assert item.source == release.torrent_url
    assert item.title == release.title


@pytest.mark.parametrize(
    ("body", "key", "source", "info_hash"),
    [
        (
            f"<item><title>A</title><link>{MAGNET.replace('&', '&amp;')}</link></item>",
            f"ih:{HASH}",
            MAGNET,
            HASH,
        ),
        (
            "<item><title>A</title><guid>tag:x,1</guid>"
            '<enclosure url="/f/1.torrent" type="application/x-bittorrent" length="99"/></item>',
            "guid:tag:x,1",
            "https://feeds.example/f/1.torrent",
            None,
        ),
        (
            "<item><title>A</title><link>https://feeds.example/page/1</link></item>",
            "link:https://feeds.example/page/1",
            None,
            None,
        ),
        (
            '<item xmlns:torrent="http://xmlns.ezrss.it/0.1/"><title>A</title><guid>g</guid>'
            f"<torrent:infoHash>{HASH.upper()}</torrent:infoHash></item>",
            f"ih:{HASH}",
            None,
            HASH,
        ),
    ],
)
def test_keys_prefer_info_hash_then_guid_then_link(
    body: str, key: str, source: str | None, info_hash: str | None
) -> None:
    [item] = parse_items(rss(body), base_url="https://feeds.example/rss")
    assert (item.key, item.source, item.info_hash) == (key, source, info_hash)


NYAA_CAPTURES = sorted((CORPORA / "nyaa").glob("*.xml")) if CORPORA.is_dir() else []


@pytest.mark.parametrize("fast", [True, False], ids=["fast reader", "feedparser"])
@pytest.mark.parametrize("path", NYAA_CAPTURES, ids=[p.name for p in NYAA_CAPTURES])
def test_a_nyaa_feed_item_carries_the_size_nyaa_lists(
    path: Path, fast: bool, corpora: Path
) -> None:
    # The quota and the free-space floor count this before a feed's auto-download is added.
    body = path.read_bytes()
    listed = {release.info_hash: release.size for release in parse_feed(body, fast=fast)}
    items = parse_items(body, fast=fast)
    assert {item.info_hash: item.size for item in items if item.info_hash in listed} == listed


@pytest.mark.parametrize(
    ("size", "expected"),
    [("1.4 GiB", 1_503_238_554), ("512 Bytes", 512), ("2 furlongs", None), ("", None)],
)
def test_a_size_nyaa_style_feeds_list_is_read_and_nonsense_is_left_unknown(
    size: str, expected: int | None
) -> None:
    body = (
        f'<rss version="2.0" xmlns:nyaa="https://nyaa.si/xmlns/nyaa"><channel><title>t</title>'
        f"<item><title>A</title><guid>g</guid><nyaa:size>{size}</nyaa:size></item>"
        "</channel></rss>"
    ).encode()
    [item] = parse_items(body)
    assert item.size == expected


def test_items_without_a_key_or_a_title_are_skipped() -> None:
    body = rss("<item><title>no key</title></item><item><guid>g</guid></item>")
    assert parse_items(body) == []


def test_atom_feeds_are_read() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>One</title><id>urn:1</id><link href="https://x.example/1.torrent"/></entry>
    </feed>"""
    [item] = parse_items(body)
    assert (item.key, item.source) == ("guid:urn:1", "https://x.example/1.torrent")


@pytest.mark.parametrize(
    ("body", "says", "read_by_feedparser"),
    [
        (MALFORMED, "not well-formed", False),
        (BILLION_LAUGHS, "DOCTYPE", False),
        (deep_tree(), "levels", False),
        (b"<html><body>503</body></html>", "not an RSS or Atom feed", True),
        (b"", "not well-formed", False),
    ],
)
def test_broken_and_hostile_bodies_are_refused_before_feedparser_reads_them(
    body: bytes, says: str, read_by_feedparser: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # feedparser's slow paths (its pure-Python fallback on malformed XML, entity expansion)
    # are what make hostile bodies expensive: the guard refuses those bodies in C first.
    read: list[int] = []
    real_parse = feedparser.parse

    def parse(source: Any, **options: Any) -> Any:
        read.append(1)
        return real_parse(source, **options)

    monkeypatch.setattr(feedparser, "parse", parse)
    with pytest.raises(FeedError, match=says):
        parse_items(body)
    assert bool(read) is read_by_feedparser


def declared(encoding: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>{body}'


_JAPANESE = rss("<item><title>[Grp] 葬送のフリーレン - 05</title><guid>g</guid></item>").decode()


@pytest.mark.parametrize(
    "body",
    [
        declared("Shift_JIS", _JAPANESE).encode("shift_jis"),
        declared("EUC-JP", _JAPANESE).encode("euc-jp"),
        declared("GBK", _JAPANESE).encode("gbk"),
        declared("Big5", _JAPANESE.replace("のフリーレン", "")).encode("big5"),
        declared("x-no-such-encoding", _JAPANESE).encode(),
        declared("Shift_JIS", _JAPANESE).encode(),  # UTF-8 that says otherwise
        declared("x-no-such-name", _JAPANESE).encode("utf-16-le"),  # no BOM, a name nobody knows
    ],
    ids=["shift_jis", "euc-jp", "gbk", "big5", "unknown", "mislabelled", "utf-16 unknown"],
)
def test_feeds_in_encodings_expat_lacks_are_read_as_feedparser_reads_them(body: bytes) -> None:
    expected = [entry.title for entry in feedparser.parse(io.BytesIO(body)).entries]
    assert expected and "05" in expected[0]
    assert [item.title for item in parse_items(body)] == expected
    assert [item.title for item in parse_items(body, fast=False)] == expected


def test_a_feed_no_encoding_reads_is_refused_with_a_clear_message() -> None:
    body = declared("Shift_JIS", _JAPANESE).encode("shift_jis") + b"\x81\x81\x81\x81\x90"
    with pytest.raises(FeedError, match="not in its declared Shift_JIS"):
        parse_items(body)


_URL_PIECES = ["https://", "http://", "HTTPS://", "x.example", "/", "//", "?", "#", ";", "a=1"]
_URL_PIECES += ["&amp;", "%20", " ", ":", "@", "[", "]", "..", "é", "1.torrent", "view"]


@settings(max_examples=300, deadline=None)
@example(link="https://?:", base="https://feeds.example/rss?q=1")
@example(link="https://x.example/a;b", base="https://feeds.example/")
@example(link="https://x.example/a?", base="https://feeds.example/")
@example(link="HTTPS://x.example/a", base="https://feeds.example/")
@given(
    link=st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join),
    base=st.sampled_from(["https://feeds.example/rss?q=1", "http://feeds.example/", "ftp://f/"]),
)
def test_links_resolve_against_the_feed_url_as_urljoin_does(link: str, base: str) -> None:
    body = rss(f"<item><title>A</title><guid>g</guid><link>{link}</link></item>")
    [read] = parse_items(body)
    [resolved] = parse_items(body, base_url=base)
    # The link is the item's page, or its source when it names a torrent.
    written, got = read.link or read.source, resolved.link or resolved.source
    if written is None:
        assert got is None
        return
    try:
        expected = urljoin(base, written)
    except ValueError:
        expected = written
    assert got == expected


@pytest.mark.parametrize(
    "date",
    [
        "Sat, 02 Mar 2024 02:09:32 -0000",
        "Sat, 02 Mar 2024 02:09:32 +0930",
        "2024-06-30T23:59:60Z",  # a leap second: feedparser keeps second 60
        "Fri, 31 Dec 9999 23:59:59 -0100",  # past datetime's range once in UTC
        "Mon, 01 Jan 0001 00:00:00 +0100",
        "not a date",
    ],
)
@pytest.mark.filterwarnings("ignore:To avoid breaking existing:DeprecationWarning")
def test_an_item_is_dated_at_the_instant_feedparser_reads(date: str) -> None:
    body = rss(f"<item><title>A</title><guid>g</guid><pubDate>{date}</pubDate></item>")
    [entry] = feedparser.parse(io.BytesIO(body)).entries
    stamp = entry.get("published_parsed")
    try:
        expected = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    except (OverflowError, ValueError, OSError):
        expected = None
    for fast in (True, False):
        [item] = parse_items(body, fast=fast)
        assert item.published == expected
