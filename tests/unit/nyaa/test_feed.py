"""parse_feed on real Nyaa captures, on hand-made items and on hostile input."""

from __future__ import annotations

import json
import logging
import re
import time
import tracemalloc
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from domain.errors import IndexerError
from domain.nyaa.feed import parse_feed
from domain.units import parse_size

HEAD = (
    '<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:nyaa="https://nyaa.si/xmlns/nyaa" '
    'version="2.0"><channel><title>Nyaa - &#34;test&#34; - Torrent File RSS</title>'
    "<link>https://nyaa.si/</link>"
)
TAIL = "</channel></rss>"
FIELDS = {
    "title": "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv",
    "link": "<link>https://nyaa.si/download/1700000.torrent</link>",
    "guid": '<guid isPermaLink="true">https://nyaa.si/view/1700000</guid>',
    "pubDate": "<pubDate>Fri, 06 Oct 2023 16:01:02 -0000</pubDate>",
    "seeders": "123",
    "leechers": "4",
    "downloads": "5678",
    "infoHash": "c5b9337296e01ca2c1cc6d7938451f49c47011f2",
    "categoryId": "1_2",
    "size": "1.4 GiB",
    "trusted": "Yes",
    "remake": "No",
}


def item(**changes: str | None) -> str:
    """One Nyaa item; a field set to None is left out."""
    values = {**FIELDS, **changes}
    parts = ["<item>"]
    if values["title"] is not None:
        parts.append(f"<title>{values['title']}</title>")
    parts += [values[key] or "" for key in ("link", "guid", "pubDate")]
    for key in ("seeders", "leechers", "downloads", "infoHash", "categoryId", "size"):
        if values[key] is not None:
            parts.append(f"<nyaa:{key}>{values[key]}</nyaa:{key}>")
    for key in ("trusted", "remake"):
        if values[key] is not None:
            parts.append(f"<nyaa:{key}>{values[key]}</nyaa:{key}>")
    parts.append("</item>")
    return "".join(parts)


def feed(*items: str) -> bytes:
    return (HEAD + "".join(items) + TAIL).encode()


# --- real captures -------------------------------------------------------------------------


def captures(corpora: Path) -> list[Path]:
    found = sorted((corpora / "nyaa").glob("*.xml"))
    assert found, "no Nyaa captures in the corpora"
    return found


def test_every_capture_yields_exactly_its_items_with_a_hex_info_hash(corpora: Path) -> None:
    for path in captures(corpora):
        raw = path.read_bytes()
        hashes = re.findall(rb"<nyaa:infoHash>([0-9a-fA-F]{40})</nyaa:infoHash>", raw)
        releases = parse_feed(raw)
        assert [r.info_hash for r in releases] == [h.decode().lower() for h in hashes], path.name


def test_captures_with_json_twins_match_field_by_field(corpora: Path) -> None:
    twins = sorted((corpora / "nyaa").glob("*.items.json"))
    assert twins
    for twin in twins:
        expected = json.loads(twin.read_text(encoding="utf-8"))["items"]
        xml = twin.with_name(twin.name.removesuffix(".items.json") + ".xml")
        releases = parse_feed(xml.read_bytes())
        assert len(releases) == len(expected), twin.name
        for release, want in zip(releases, expected, strict=True):
            assert release.title == want["title"]
            assert release.info_hash == want["infoHash"]
            assert (release.seeders, release.leechers, release.downloads) == (
                want["seeders"],
                want["leechers"],
                want["downloads"],
            )
            assert release.size == parse_size(want["size"])
            assert release.category == want["categoryId"]
            assert release.trusted is (want["trusted"] == "Yes")
            assert release.remake is (want["remake"] == "Yes")
            assert release.torrent_url == f"https://nyaa.si/download/{want['id']}.torrent"
            assert release.view_url == f"https://nyaa.si/view/{want['id']}"
            assert release.published == parsedate_to_datetime(want["pubDate"]).replace(tzinfo=UTC)


def test_capture_spot_values(corpora: Path) -> None:
    frieren = parse_feed((corpora / "nyaa/nomercy_nyaa_frieren_S01E13_search.xml").read_bytes())
    first = frieren[0]
    assert first.title.startswith("[ToonsHub] Frieren- Beyond Journey's End S01E13")  # &#39;
    assert first.size == 1_717_986_918  # "1.6 GiB"
    assert (first.seeders, first.downloads) == (28, 2723)
    assert first.published == datetime(2024, 3, 2, 2, 9, 32, tzinfo=UTC)

    subsplease = parse_feed(
        (corpora / "nyaa/berth_rss-user.subsplease.kamiina-botan.xml").read_bytes()
    )
    assert subsplease[0].trusted is True
    assert subsplease[0].size == 17_394_617_549  # "16.2 GiB"


def test_remake_flags_match_the_raw_capture(corpora: Path) -> None:
    for path in captures(corpora):
        raw = path.read_bytes()
        releases = parse_feed(raw)
        if len(releases) == raw.count(b"<nyaa:infoHash>"):
            assert sum(r.remake for r in releases) == raw.count(b"<nyaa:remake>Yes<"), path.name
            assert sum(r.trusted for r in releases) == raw.count(b"<nyaa:trusted>Yes<")


def test_empty_search_result_is_an_empty_list_not_an_error(corpora: Path) -> None:
    assert parse_feed((corpora / "nyaa/nomercy_nyaa_empty_result.xml").read_bytes()) == []


def test_old_nyaa_se_feed_without_info_hashes_yields_nothing(
    corpora: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="domain.nyaa.feed"):
        assert parse_feed((corpora / "nyaa/sonarr_Nyaa.xml").read_bytes()) == []
    assert "none of the 4 Nyaa items was usable" in caplog.text


# --- sizes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1.6 GiB", 1_717_986_918),
        ("240.5 MiB", 252_182_528),
        ("16.2 GiB", 17_394_617_549),
        ("1.0 KiB", 1024),
        ("2.5 TiB", 2_748_779_069_440),
        ("1 Byte", 1),
        ("512 Bytes", 512),
        ("0 Bytes", 0),
        ("  3.0   mib ", 3 * 1024**2),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "GiB", "1.6", "1,6 GiB", "-1 MiB", "1.6 GB", "1.6 GiB extra"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


# --- items ---------------------------------------------------------------------------------


def test_item_fields() -> None:
    [release] = parse_feed(feed(item()))
    assert release.title == FIELDS["title"]
    assert release.info_hash == FIELDS["infoHash"]
    assert release.torrent_url == "https://nyaa.si/download/1700000.torrent"
    assert release.view_url == "https://nyaa.si/view/1700000"
    assert release.size == round(1.4 * 1024**3)
    assert (release.seeders, release.leechers, release.downloads) == (123, 4, 5678)
    assert (release.category, release.trusted, release.remake) == ("1_2", True, False)
    assert release.published == datetime(2023, 10, 6, 16, 1, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"infoHash": None}, "no info hash"),
        ({"infoHash": "c5b9337296e01ca2c1cc6d79"}, "short info hash"),
        ({"infoHash": "z5b9337296e01ca2c1cc6d7938451f49c47011f2"}, "non-hex info hash"),
        ({"infoHash": "C5B9337296E01CA2C1CC6D7938451F49C47011F2AA"}, "long info hash"),
        ({"title": None}, "no title"),
        ({"title": "   "}, "blank title"),
        ({"link": None}, "no link: feedparser would offer the view page instead"),
        ({"link": "<link>file:///etc/passwd</link>"}, "a local file is not a torrent"),
        ({"link": "<link>javascript:alert(1)</link>"}, "nor is a script"),
        ({"size": None}, "no size"),
        ({"size": "lots"}, "unreadable size"),
        ({"seeders": None}, "no seeders"),
        ({"seeders": "-1"}, "negative seeders"),
        ({"leechers": "many"}, "unreadable leechers"),
        ({"trusted": "Maybe"}, "trusted is neither Yes nor No"),
        ({"remake": None}, "no remake flag"),
    ],
)
def test_bad_items_are_skipped_alone(
    changes: dict[str, str | None], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = item(title="[Good] Show - 01 (1080p)", infoHash="a" * 40)
    with caplog.at_level(logging.DEBUG, logger="domain.nyaa.feed"):
        releases = parse_feed(feed(item(**changes), good))
    assert [r.title for r in releases] == ["[Good] Show - 01 (1080p)"], reason
    assert "skipping Nyaa item" in caplog.text


def test_upper_case_info_hash_is_lowered() -> None:
    [release] = parse_feed(feed(item(infoHash="C5B9337296E01CA2C1CC6D7938451F49C47011F2")))
    assert release.info_hash == "c5b9337296e01ca2c1cc6d7938451f49c47011f2"


def test_magnet_link_is_kept() -> None:
    magnet = "magnet:?xt=urn:btih:c5b9337296e01ca2c1cc6d7938451f49c47011f2&amp;dn=x"
    [release] = parse_feed(feed(item(link=f"<link>{magnet}</link>")))
    assert release.torrent_url == magnet.replace("&amp;", "&")


def test_relative_links_resolve_against_base_url() -> None:
    body = feed(
        item(
            link="<link>/download/9.torrent</link>", guid='<guid isPermaLink="true">/view/9</guid>'
        )
    )
    [release] = parse_feed(body, base_url="http://127.0.0.1:8080/?page=rss&q=x")
    assert release.torrent_url == "http://127.0.0.1:8080/download/9.torrent"
    assert release.view_url == "http://127.0.0.1:8080/view/9"


def test_missing_pub_date_and_guid_are_tolerated() -> None:
    [release] = parse_feed(feed(item(pubDate=None, guid=None)))
    assert release.published is None
    assert release.view_url == ""


# --- not a feed ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>",
        b'{"error": "rate limited"}',
        b"\x00\xff\xfe garbage \x89PNG",
        b'<?xml version="1.0"?><error>database is down</error>',
        b'<rss version="2.0"><chan',
        b'<rss version="2.0"><channel><title>x</title><item><title>a &nbsp; b</title>',
        b"<html><body>Service unavailable<br></body></html>",
    ],
    ids=[
        "empty",
        "blank",
        "html-502",
        "cloudflare",
        "json",
        "binary",
        "other-xml",
        "cut-head",
        "html-entity",
        "unclosed-html",
    ],
)
def test_not_a_feed_raises_indexer_error(body: bytes) -> None:
    with pytest.raises(IndexerError):
        parse_feed(body)


def test_truncated_feed_is_an_indexer_error(corpora: Path) -> None:
    raw = (corpora / "nyaa/nomercy_nyaa_frieren_S01E13_search.xml").read_bytes()
    third_item = [m.start() for m in re.finditer(rb"<item>", raw)][2]
    cut = raw.index(b"<nyaa:size>", third_item)
    with pytest.raises(IndexerError, match="not well-formed"):
        parse_feed(raw[:cut])


def test_body_naming_a_local_file_is_not_read_as_that_file(tmp_path: Path) -> None:
    # feedparser opens a bytes argument as a path when it names a file; parse_feed must not.
    path = tmp_path / "feed.xml"
    path.write_bytes(feed(item()))
    with pytest.raises(IndexerError):
        parse_feed(str(path).encode())


# --- hostile XML ---------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _refused_quickly(body: bytes) -> str:
    """Parse, asserting it fails with IndexerError while staying small and quick."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(IndexerError) as caught:
            parse_feed(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(body) + 16 * 1024 * 1024, f"parsing peaked at {peak / 1e6:.0f} MB"
    assert time.monotonic() - started < 1
    return str(caught.value)


def test_entity_expansion_bomb_is_refused_unexpanded() -> None:
    body = (BILLION_LAUGHS + HEAD + item(title="&lol9;") + TAIL).encode()
    assert "DOCTYPE" in _refused_quickly(body)


def test_quadratic_entity_blowup_is_refused_unexpanded() -> None:
    declared = '<!DOCTYPE rss [ <!ENTITY a "' + "a" * 50_000 + '"> ]>\n'
    body = (declared + HEAD + item(title="&a;" * 50_000) + TAIL).encode()
    assert "DOCTYPE" in _refused_quickly(body)


def test_external_entities_are_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doctype = f'<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>\n'
    message = _refused_quickly((doctype + HEAD + item(title="x &xxe; y") + TAIL).encode())
    assert "TOP-SECRET-VALUE" not in message


@pytest.mark.parametrize(
    "middle",
    [
        "<x>y</x>" * 20_000,  # many elements (feedparser: tens of seconds)
        "<a>" * 1_000 + "</a>" * 1_000,  # deep nesting
        "<item " + " ".join(f'a{n}="1"' for n in range(20_000)) + "/>",  # many attributes
    ],
    ids=["wide", "deep", "attributes"],
)
def test_absurd_trees_are_refused_before_feedparser_sees_them(middle: str) -> None:
    assert "elements and attributes or" in _refused_quickly((HEAD + middle + TAIL).encode())


def test_a_page_far_larger_than_nyaa_sends_is_still_read() -> None:
    body = feed(*(item(title=f"[G] Show - {n:03}", infoHash=f"{n:040x}") for n in range(500)))
    assert len(parse_feed(body)) == 500
