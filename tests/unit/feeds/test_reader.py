"""The fast reader against feedparser: on every real Nyaa capture and on odd feeds, the fast path
gives exactly what feedparser gives (feed items and Nyaa releases alike), or declines and leaves
the body to feedparser."""

from __future__ import annotations

import io
import xml.parsers.expat
from pathlib import Path
from typing import Any

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.feeds.parse import parse_items
from domain.feeds.reader import read_entries
from domain.nyaa.feed import parse_feed
from tests.conftest import CORPORA
from tests.standins.feeds import BILLION_LAUGHS, MALFORMED, deep_tree

NYAA = "https://nyaa.si/xmlns/nyaa"
HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
BASE = "https://feeds.example/rss"
# feedparser warns when parse_items falls back from published_parsed to updated_parsed
pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing:DeprecationWarning")


def outcome(parse: Any, body: bytes, **kwargs: Any) -> object:
    """What a parser gives, or the error it raises, as a comparable value."""
    try:
        return parse(body, **kwargs)
    except DomainError as exc:
        return (type(exc).__name__, str(exc))


def assert_same(body: bytes) -> None:
    """Both item parsers give the same result on the fast path as on feedparser alone."""
    for parse in (parse_items, parse_feed):
        for base_url in (None, BASE):
            fast = outcome(parse, body, base_url=base_url)
            slow = outcome(parse, body, base_url=base_url, fast=False)
            assert fast == slow, f"{parse.__name__} differs (base_url={base_url})"


def assert_entries_match_feedparser(body: bytes) -> None:
    """Every field the fast reader fills holds what feedparser puts there."""
    read = read_entries(body)
    assert read is not None
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    assert len(read[1]) == len(parsed.entries)
    for mine, theirs in zip(read[1], parsed.entries, strict=True):
        for key, value in mine.items():
            if key == "links":
                continue
            assert theirs.get(key) == value, key
        for key in theirs:
            if key.startswith(("nyaa_", "torrent_")) or key in ("title", "id", "link"):
                assert key in mine, key


def nyaa_item(
    title: str = "[Group] Show - 01 (1080p)", *, extra: str = "", link: bool = True
) -> str:
    return (
        f"<item><title>{title}</title>"
        + ("<link>https://nyaa.si/download/1.torrent</link>" if link else "")
        + '<guid isPermaLink="true">https://nyaa.si/view/1</guid>'
        "<pubDate>Fri, 06 Oct 2023 16:01:02 -0000</pubDate>"
        "<nyaa:seeders>1</nyaa:seeders><nyaa:leechers>2</nyaa:leechers>"
        f"<nyaa:downloads>3</nyaa:downloads><nyaa:infoHash>{HASH}</nyaa:infoHash>"
        "<nyaa:categoryId>1_2</nyaa:categoryId><nyaa:size>1.4 GiB</nyaa:size>"
        f"<nyaa:trusted>No</nyaa:trusted><nyaa:remake>No</nyaa:remake>{extra}</item>"
    )


def nyaa_rss(items: str, *, declaration: str = "", prefix: str = "nyaa") -> bytes:
    return (
        f'{declaration}<rss xmlns:{prefix}="{NYAA}" version="2.0"><channel><title>t</title>'
        f"{items.replace('nyaa:', f'{prefix}:')}</channel></rss>"
    ).encode()


def rss(items: str) -> bytes:
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


CORPUS = sorted((CORPORA / "nyaa").glob("*.xml")) if CORPORA.is_dir() else []


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_real_nyaa_feed_reads_the_same_on_the_fast_path(path: Path, corpora: Path) -> None:
    body = path.read_bytes()
    assert read_entries(body) is not None, "a real Nyaa feed should take the fast path"
    assert_entries_match_feedparser(body)
    assert_same(body)


def test_the_corpus_is_there(corpora: Path) -> None:
    assert len(list((corpora / "nyaa").glob("*.xml"))) >= 5


ATOM = "http://www.w3.org/2005/Atom"
TAKEN = {
    "atom": f"""<feed xmlns="{ATOM}"><title>t</title><id>urn:f</id>
      <entry><title type="html">One &amp;amp; &lt;b&gt;Two&lt;/b&gt;</title><id>urn:1</id>
        <updated>2024-01-02T03:04:05Z</updated><published>2024-01-01T00:00:00+09:00</published>
        <link href="https://x.example/1"/>
        <link rel="enclosure" type="application/x-bittorrent" length="99" href="/1.torrent"/>
        <author><name>me</name></author><summary>s</summary><category term="anime"/>
        <content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry>
      <entry><title>Two</title><link href="https://x.example/2.torrent"/></entry>
      <entry><title>Three</title><id>tag:x,3</id><link rel="self" href="https://x.example/3"/>
      </entry>
    </feed>""".encode(),
    "cdata and entities in titles": rss(
        "<item><title><![CDATA[[Grp] Tom & Jerry <b>01</b>]]></title><guid>g1</guid></item>"
        "<item><title>A &amp; B &lt;i&gt;c&lt;/i&gt; &#12501;&#x30EA; &quot;q&quot;</title>"
        "<guid>g2</guid></item>"
    ),
    "whitespace and unicode": rss(
        "<item><title>\n  [グループ]  葬送のフリーレン\t- 05 \u00a0</title><guid>g</guid></item>"
        "<item><title>Ã© mojibake and C1 \u0080\u0099 chars</title><guid>h</guid></item>"
    ),
    "magnets, enclosures and relative links": rss(
        f"<item><title>A</title><link>magnet:?xt=urn:btih:{HASH}&amp;dn=A</link></item>"
        '<item><title>B</title><guid isPermaLink="false">/b</guid>'
        '<enclosure url="/f/1.torrent" type="Application/X-BitTorrent" length="99"/></item>'
        "<item><title>C</title><link>/page/3?a=1&amp;amp;b=2&amp;c;</link></item>"
        "<item><title>D</title><guid>https:////x.example/d</guid></item>"
        '<item><title>E</title><guid isPermaLink="false">e</guid>'
        "<link>https://x.example/e.torrent</link><comments>https://x.example/c</comments>"
        "<description>&lt;p&gt;text&lt;/p&gt;</description><category>c</category></item>"
    ),
    "ezRSS torrent fields": (
        '<rss version="2.0" xmlns:torrent="http://xmlns.ezrss.it/0.1/"><channel><title>t</title>'
        f"<item><title>A</title><guid>g</guid><torrent:infoHash>{HASH.upper()}</torrent:infoHash>"
        "<torrent:contentLength>1234</torrent:contentLength>"
        "<torrent:magnetURI><![CDATA[magnet:?xt=urn:btih:"
        f"{HASH}]]></torrent:magnetURI></item></channel></rss>"
    ).encode(),
    "missing fields": nyaa_rss(
        nyaa_item("")
        + nyaa_item(link=False)
        + nyaa_item().replace("<nyaa:size>1.4 GiB</nyaa:size>", "")
        + "<item><title>no key</title></item><item><guid>no title</guid></item>"
        + nyaa_item().replace("Fri, 06 Oct 2023 16:01:02 -0000", "not a date")
    ),
    "guid before link": nyaa_rss(
        nyaa_item()
        .replace("<link>https://nyaa.si/download/1.torrent</link>", "")
        .replace("</guid>", "</guid><link>https://nyaa.si/download/1.torrent</link>")
    ),
    "another prefix for Nyaa's namespace": nyaa_rss(nyaa_item(), prefix="n"),
    "unknown plain elements": rss(
        f"<item><title>A</title><nyaa_infohash>{HASH}</nyaa_infohash><size>9</size>"
        "<torrent_contentlength> 77 </torrent_contentlength><guid>g</guid></item>"
    ),
    "a utf-8 declaration, a stylesheet and comments": nyaa_rss(
        "<!-- c -->" + nyaa_item("[Grp] Über - 01"),
        declaration='<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="s.xsl"?>',
    ),
    "an empty feed": nyaa_rss(""),
    "item tags as text beside the items": rss(
        "<description><![CDATA[<item><title>not one</title></item>]]> &lt;entry&gt;</description>"
        "<!-- <item> --><item><title>A</title><guid>g</guid></item>"
    ),
    "an item field named item in a namespace of its own": (
        b'<rss version="2.0" xmlns:x="https://x.example/ns"><channel><title>t</title>'
        b"<item><title>A</title><guid>g</guid><x:item>1</x:item><x:Entry>2</x:Entry></item>"
        b"</channel></rss>"
    ),
}

DECLINED = {
    "rss 1.0": b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title></channel>
        <item rdf:about="https://x.example/1"><title>One</title>
        <link>https://x.example/1.torrent</link></item></rdf:RDF>""",
    "iso-8859-1": nyaa_rss(nyaa_item("[Grp] Caf\xe9 - 01"), declaration="")
    .replace(b"<rss", b'<?xml version="1.0" encoding="ISO-8859-1"?><rss')
    .replace("é".encode(), b"\xe9"),
    "windows-1252": b'<?xml version="1.0" encoding="windows-1252"?>'
    + rss("<item><title>\x93quoted\x94 \x80</title><guid>g</guid></item>")
    .decode()
    .encode("latin-1"),
    "a BOM": b"\xef\xbb\xbf" + nyaa_rss(nyaa_item()),
    "shift_jis": nyaa_rss(
        nyaa_item("[Grp] 葬送のフリーレン - 05"),
        declaration='<?xml version="1.0" encoding="Shift_JIS"?>',
    )
    .decode()
    .encode("shift_jis"),
    "utf-16 without a BOM, in an encoding nobody knows": nyaa_rss(
        nyaa_item(), declaration='<?xml version="1.0" encoding="x-no-such-name"?>'
    )
    .decode()
    .encode("utf-16-le"),
    "truncated": nyaa_rss(nyaa_item())[:-40],
    "malformed": MALFORMED,
    "a DOCTYPE bomb": BILLION_LAUGHS,
    "too deep": deep_tree(),
    "too many nodes": rss("<item><title>x</title><guid>g</guid></item>" * 3400),
    "markup in a title": rss("<item><title>A <b>bold</b> title</title><guid>g</guid></item>"),
    "a comment in a title": rss("<item><title>A <!-- c --> title</title><guid>g</guid></item>"),
    "an attribute on an item": rss('<item id="1"><title>A</title><guid>g</guid></item>'),
    "an attribute on a title": rss('<item><title lang="en">A</title><guid>g</guid></item>'),
    "an attribute on a namespaced field": nyaa_rss(
        nyaa_item().replace("<nyaa:size>", '<nyaa:size unit="GiB">')
    ),
    "too deep beside the items": rss(
        "<image>" + "<a>" * 31 + "</a>" * 31 + "</image><item><title>A</title><guid>g</guid></item>"
    ),
    "xml:base": rss(
        '<item xml:base="https://other.example/"><title>A</title><guid>g</guid></item>'
    ),
    "a base attribute": rss(
        '<item><title base="https://o.example/">A</title><guid>g</guid></item>'
    ),
    "a base attribute on an enclosure": rss(
        '<item><title>A</title><guid>g</guid><enclosure Base="https://o.example/" '
        'url="1.torrent" type="application/x-bittorrent"/></item>'
    ),
    "xml:base on the root": rss("<item><title>A</title><guid>g</guid></item>").replace(
        b"<rss ", b'<rss xml:base="https://other.example/" '
    ),
    "xml:base beside the items": rss(
        '<image xml:base="https://o.example/"><url>u</url></image>'
        "<item><title>A</title><guid>g</guid></item>"
    ),
    "xml:base in atom": f"""<feed xmlns="{ATOM}" xml:base="https://o.example/"><entry>
      <title>A</title><id>urn:1</id><link href="/1"/></entry></feed>""".encode(),
    "a base attribute on an atom link": f"""<feed xmlns="{ATOM}"><entry><title>A</title>
      <id>urn:1</id><link BASE="https://o.example/" href="/1"/></entry></feed>""".encode(),
    "xml:base on an atom category": f"""<feed xmlns="{ATOM}"><entry><title>A</title>
      <id>urn:1</id><category xml:base="https://o.example/" term="t"/></entry></feed>""".encode(),
    "xml:base on an atom author's name": f"""<feed xmlns="{ATOM}"><entry><title>A</title>
      <id>urn:1</id><author><name xml:base="https://o.example/">me</name></author></entry>
      </feed>""".encode(),
    "dc:date": (
        b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t'
        b"</title><item><title>A</title><guid>g</guid><dc:date>2024-01-01</dc:date></item>"
        b"</channel></rss>"
    ),
    "two titles": rss("<item><title>A</title><title>B</title><guid>g</guid></item>"),
    "items outside the channel": b'<rss version="2.0"><channel/><item><title>A</title>'
    b"<guid>g</guid></item></rss>",
    "an undeclared prefix": rss(
        f"<item><title>A</title><nyaa:infoHash>{HASH}</nyaa:infoHash></item>"
    ),
    "one namespace under two prefixes": (
        f'<rss version="2.0" xmlns:a="{NYAA}"><channel><title>t</title>'
        f'<item xmlns:b="{NYAA}"><title>A</title><b:infoHash>{HASH}</b:infoHash></item>'
        "</channel></rss>"
    ).encode(),
    "an xhtml title in atom": f"""<feed xmlns="{ATOM}"><entry><id>urn:1</id>
      <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>b</b></div></title>
      </entry></feed>""".encode(),
    "atom 0.3": b"""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
      <title>A</title><id>urn:1</id></entry></feed>""",
    "an Item in another case beside the items": rss(
        "<Item><title>B</title><guid>h</guid></Item><item><title>A</title><guid>g</guid></item>"
    ),
    "an atom entry in the channel": (
        f'<rss version="2.0" xmlns:atom="{ATOM}"><channel><title>t</title>'
        "<atom:entry><atom:title>B</atom:title></atom:entry>"
        "<item><title>A</title><guid>g</guid></item></channel></rss>"
    ).encode(),
    "a product deep beside the items": rss(
        "<image><url>u</url><x><product><title>B</title></product></x></image>"
        "<item><title>A</title><guid>g</guid></item>"
    ),
    "an item inside an item": rss(
        "<item><title>A</title><guid>g</guid><item><title>B</title></item></item>"
    ),
    "an rss item beside atom entries": f"""<feed xmlns="{ATOM}"><title>t</title>
      <source><item><title>B</title></item></source>
      <entry><title>A</title><id>urn:1</id></entry></feed>""".encode(),
    "a name libxml2 takes and expat refuses": rss(
        "<x\ufeff>1</x\ufeff><item><title>A</title><guid>g</guid></item>"
    ),
    "a DOCTYPE with nothing in it": b"<!DOCTYPE rss>" + rss("<item><title>A</title></item>"),
    "html": b"<html><body>503</body></html>",
    "empty": b"",
}


@pytest.mark.parametrize("name", list(TAKEN))
def test_odd_feeds_the_fast_path_takes_read_the_same(name: str) -> None:
    body = TAKEN[name]
    assert read_entries(body) is not None
    assert_entries_match_feedparser(body)
    assert_same(body)


@pytest.mark.parametrize("name", list(DECLINED))
def test_what_the_fast_path_declines_is_left_to_feedparser(name: str) -> None:
    body = DECLINED[name]
    assert read_entries(body) is None
    assert_same(body)


def test_html_in_titles_is_kept_as_text_exactly_as_before() -> None:
    body = TAKEN["cdata and entities in titles"]
    titles = [item.title for item in parse_items(body)]
    assert titles == ["[Grp] Tom & Jerry <b>01</b>", 'A & B <i>c</i> フリ "q"']
    assert titles == [item.title for item in parse_items(body, fast=False)]


_PIECES = [*"aZ09 -_[]()&<>\"'.~/:?=;#\t\n", "&amp;", "é", "Ã©", "\u0080", "\u0099", "葬", "\u00a0"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _escape(text: str) -> str:
    # '&amp;' in the alphabet stays a literal entity-looking string once escaped
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, link=_TEXT, guid=_TEXT, size=_TEXT, permalink=st.booleans())
def test_generated_nyaa_items_read_the_same(
    title: str, link: str, guid: str, size: str, permalink: bool
) -> None:
    item = nyaa_item(_escape(title)).replace(
        "https://nyaa.si/download/1.torrent", _escape("https://nyaa.si/" + link)
    )
    item = item.replace(
        '<guid isPermaLink="true">https://nyaa.si/view/1</guid>',
        f'<guid isPermaLink="{str(permalink).lower()}">{_escape(guid)}</guid>',
    )
    item = item.replace("1.4 GiB", _escape(size))
    body = nyaa_rss(item)
    assert read_entries(body) is not None
    assert_same(body)


# Damage of the kinds real feeds carry and parsers disagree on, dropped anywhere into a feed.
_DAMAGE = [
    *"<>&;'\"=/?!-[]:\x01\x0b\r\n",
    *("&foo;", "&#0;", "&#x1;", "&#xD800;", "]]>", "<![CDATA[x]]>", "<!-- a -- b -->"),
    *("<?xml version='1.0'?>", "<?pi x?>", "<!DOCTYPE x>", "<a:b/>", '<x a="1" a="2"/>'),
    *('<x xmlns:a=""/>', '<x xmlns:xml="u"/>', "<1x/>", "<x:/>", "</x>", "<x>"),
    *("\ufeff", "\u00b7", "\u0300", "\u037e", "\u2070", "\ufffe", "葬"),
]


def _expat_accepts(body: bytes) -> bool:
    """What feedparser's own parser makes of it: expat with namespaces, as xml.sax runs it."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(body, True)
    except (xml.parsers.expat.ExpatError, LookupError, ValueError):
        return False
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(sorted(TAKEN)),
    damage=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(_DAMAGE), st.booleans()), min_size=1, max_size=3
    ),
)
def test_damaged_feeds_the_fast_path_takes_are_well_formed_for_feedparser(
    base: str, damage: list[tuple[float, str, bool]]
) -> None:
    """libxml2 alone decides for an ASCII body: whatever it takes, expat (so feedparser's
    strict parser) must take too, else feedparser would read the feed another way."""
    body = TAKEN[base]
    for where, piece, replace in damage:
        at = int(where * len(body))
        encoded = piece.encode()
        body = body[:at] + encoded + body[at + (len(encoded) if replace else 0) :]
    if read_entries(body) is not None:
        assert _expat_accepts(body)
        assert_same(body)
