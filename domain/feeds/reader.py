"""A fast reader of well-formed RSS 2.0 and Atom 1.0 items, on lxml. Pure: no I/O.

feedparser spends most of a feed poll in Python callbacks per element. This reader parses in C
(libxml2) and builds, for each item, the same entry that `feedparser.parse` would: the same keys
with the same values for everything the feed and Nyaa parsers read (title, id, link, guidislink,
enclosures, published_parsed, updated_parsed and namespaced fields such as nyaa_infohash). It
reuses feedparser's own URL, date and text clean-ups, so values cannot drift.

It only takes what it understands completely: a UTF-8 document that libxml2 and expat find
well-formed, with no DOCTYPE and within `xml_guard`'s limits, whose items hold only simple
elements of known meaning. Anything else (RSS 1.0/RDF, other encodings, a BOM, xml:base,
markup inside a title, repeated or unknown fields that feedparser would map onto the ones read)
makes it decline with None, and the caller runs the guard and feedparser exactly as before.

libxml2 never resolves entities or fetches anything here (resolve_entities=False,
no_network=True, no DTD loaded, huge_tree=False), and a body with a DOCTYPE is declined before
libxml2 sees it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import xml.parsers.expat
from collections.abc import Callable
from typing import Any

from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin
from lxml import etree

from domain.feeds.dates import parse_date
from domain.xml_guard import MAX_DEPTH, MAX_NODES

Entry = dict[str, Any]

ATOM = "http://www.w3.org/2005/Atom"
_ATOM_PREFIX = f"{{{ATOM}}}"
_ATOM_ENTRY = f"{_ATOM_PREFIX}entry"
_ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
# feedparser's canonical prefixes for the namespaces it knows; '' is the default namespace.
_KNOWN_NAMESPACES: dict[str, str] = {
    uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()
}
_XML_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_DECLARATION = re.compile(rb"xmlns(?::([^\s=]+))?\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
# What feedparser would read differently, outside the items read: an element it would open an
# entry for (item, entry or product, any namespace, any case), or an attribute it reads as a
# base URI (xml:base, or any attribute named `base`). The item readers refuse both inside an
# item, and anything but leaves there (and an author's leaves in Atom), so these look only at
# the root and the document's other children: a few nodes, not every one.
_BASE = "@*[translate(local-name(), 'BASE', 'base') = 'base']"
_ENTRY_OR_BASE = (
    "descendant-or-self::*[translate(local-name(), 'ITEMNRYPODUC', 'itemnrypoduc') = 'item'"
    " or translate(local-name(), 'ITEMNRYPODUC', 'itemnrypoduc') = 'entry'"
    " or translate(local-name(), 'ITEMNRYPODUC', 'itemnrypoduc') = 'product'"
    f" or {_BASE}]"
)
_RSS_OUTSIDE_ITEMS = etree.XPath(f"boolean(/*/{_BASE} or /*/*/*[not(self::item)]/{_ENTRY_OR_BASE})")
_ATOM_OUTSIDE_ENTRIES = etree.XPath(
    f"boolean(/*/{_BASE} or /*/*[not(self::atom:entry)]/{_ENTRY_OR_BASE})",
    namespaces={"atom": ATOM},
)
_TOO_DEEP = etree.XPath("boolean(/*" + "/*" * MAX_DEPTH + ")")
# The same, for an RSS document whose items `_rss_entry` has seen hold only leaves: only the
# channel's other children can reach deeper, and this walks a handful of nodes, not every one.
_RSS_TOO_DEEP = etree.XPath("boolean(/*/*/*[not(self::item)]" + "/*" * (MAX_DEPTH - 2) + ")")
# RSS item children that may carry attributes (no-namespace, case as written, as XPath compares).
_ATTRIBUTED = frozenset({"guid", "enclosure"})
_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})
# Fields both item parsers read. An unknown element of one of these names would land on them.
_READ_KEYS = frozenset(
    {"title", "id", "link", "links", "guidislink", "enclosures", "published", "updated"}
    | {"published_parsed", "updated_parsed", "summary", "content", "tags"}
)
# Item elements feedparser handles specially that change nothing read here.
_RSS_IGNORED = frozenset({"description", "category", "comments", "author"})
_ATOM_IGNORED = frozenset({"summary", "content", "category", "rights"})
_ATOM_TEXT_TYPES = frozenset({"text", "html"})
_ATOM_AUTHOR_PARTS = frozenset({f"{{{ATOM}}}name", f"{{{ATOM}}}email"})
_DATE_KEYS = {"pubdate": "published", "published": "published", "updated": "updated"}

_local = threading.local()  # lxml parsers must not be shared between threads


class _Decline(Exception):
    """The body is not one this reader takes; feedparser will."""


def read_entries(body: bytes) -> tuple[str, list[Entry]] | None:
    """feedparser's version and entries for `body`, or None when this reader declines it."""
    try:
        return _read(body)
    except _Decline:
        return None


def _read(body: bytes) -> tuple[str, list[Entry]]:
    _check_encoding(body)
    if b"<!DOCTYPE" in body:  # XML spells it so; in a comment or CDATA it only declines
        raise _Decline
    # libxml2 refuses all that expat refuses but names holding some non-ASCII characters (it
    # follows XML 1.0's fifth edition there, expat the fourth): an ASCII body, where the two
    # agree, skips expat's pass over the body, a tenth of the reading.
    if not body.isascii():
        _check_expat(body)
    try:
        root = etree.fromstring(body, _parser())
    except etree.LxmlError:  # whatever libxml2 refuses, feedparser and the guard judge as before
        raise _Decline from None
    # Within the guard's limits: every element starts with '<' and every attribute (xmlns ones
    # too) has an '=', so these counts bound what the guard counts; text can only add to them,
    # and near the limit the guard decides.
    if body.count(b"<") + body.count(b"=") > MAX_NODES:
        raise _Decline
    prefixes = _declared_prefixes(body)
    if root.tag == "rss":
        channels = [child for child in root if _is_element(child)]
        if len(channels) != 1 or channels[0].tag != "channel" or channels[0].attrib:
            raise _Decline
        items = [child for child in channels[0] if child.tag == "item"]
        version = _rss_version(root.get("version", ""))
        read: Callable[[Any, dict[str, str], dict[str, str]], Entry]
        read = _rss_entry
        too_deep = _RSS_TOO_DEEP
        outside = _RSS_OUTSIDE_ITEMS
    elif root.tag == f"{{{ATOM}}}feed":
        items = [child for child in root if child.tag == _ATOM_ENTRY]
        version = "atom10"
        read = _atom_entry
        too_deep = _TOO_DEEP
        outside = _ATOM_OUTSIDE_ENTRIES
    else:
        raise _Decline
    keys: dict[str, str] = {}
    entries = [read(item, prefixes, keys) for item in items]
    # After the items: both count on the item readers having refused anything but leaves.
    if too_deep(root) or outside(root):
        raise _Decline
    return version, entries


def _parser() -> etree.XMLParser:
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            recover=False,
            collect_ids=False,
            strip_cdata=True,
        )
        _local.parser = parser
    return parser


def _check_encoding(body: bytes) -> None:
    """UTF-8 only, declared or by default, and no BOM: feedparser reads that as is. UTF-8 XML
    holds no NUL, where UTF-16 and UTF-32 without a BOM hold one in every ASCII character."""
    if b"\x00" in body or body.startswith(
        (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe", b"\x4c\x6f\xa7\x94")
    ):
        raise _Decline
    if body.startswith(b"<?xml"):
        end = body.find(b"?>")
        match = _XML_DECLARATION.match(body, 0, end + 2 if end >= 0 else len(body))
        if match and match[1].lower() != b"utf-8":
            raise _Decline


def _check_expat(body: bytes) -> None:
    """Well-formed for expat: what the guard and feedparser would accept. Without handlers
    expat stays in C, so this costs a fraction of the full guard."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError:
        raise _Decline from None


def _declared_prefixes(body: bytes) -> dict[str, str]:
    """Namespace URI -> the one prefix declared for it. feedparser names an element of an
    unknown namespace by the first prefix declared for its URI, so a URI declared with several
    prefixes (or a prefix bound to several URIs) is left to feedparser: its URI maps to ''."""
    by_uri: dict[str, set[str]] = {}
    by_prefix: dict[str, set[str]] = {}
    for match in _DECLARATION.finditer(body):
        prefix = (match[1] or b"").decode("utf-8", "replace")
        uri = (match[2] if match[2] is not None else match[3] or b"").decode("utf-8", "replace")
        by_uri.setdefault(uri, set()).add(prefix)
        by_prefix.setdefault(prefix, set()).add(uri)
    if any("&" in uri for uri in by_uri):  # a URI spelt with references may hide a second one
        return {}
    prefixes: dict[str, str] = {}
    for uri, names in by_uri.items():
        (name,) = names if len(names) == 1 else ("",)
        prefixes[uri] = name if len(by_prefix.get(name, ())) == 1 else ""
    return prefixes


def _resolve(uri: str) -> str:
    """feedparser's resolution of a URI against its empty base: it only squeezes the slashes
    after `scheme://`, so anything without `:///` comes back as it is."""
    return str(_urljoin("", uri)) if ":///" in uri else uri


def _rss_version(attribute: str) -> str:
    versions = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
    if attribute in versions:
        return versions[attribute]
    return "rss20" if attribute.startswith("2.") else "rss"


def _is_element(node: Any) -> bool:
    return isinstance(node.tag, str)


def _text(element: Any) -> str:
    """An element's text as feedparser returns it: stripped, with its two clean-ups."""
    if len(element):  # markup or a comment inside: feedparser keeps it as text; leave it to it
        raise _Decline
    return _clean((element.text or "").strip())


def _leaf_text(element: Any) -> str:
    """`_text` of an element already known to hold nothing but text."""
    text = element.text
    if not text:
        return ""
    text = text.strip()
    return text if text.isascii() else _clean(text)


def _clean(output: str) -> str:
    """feedparser's clean-ups of stripped text: what was UTF-8 read as Latin-1 is repaired, and
    C1 controls become their windows-1252 characters."""
    if output.isascii():  # neither changes ASCII
        return output
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        output = output.encode("iso-8859-1").decode("utf-8")
    return str(output.translate(_cp1252))


def _attributes(element: Any) -> dict[str, str]:
    """Attributes as feedparser sees them: names lower-cased, `rel` and `type` values too."""
    attributes: dict[str, str] = {}
    for name, value in element.attrib.items():
        if name.startswith("{"):
            raise _Decline
        key = name.lower()
        if key in attributes or key == "base":  # twice, or a base URI
            raise _Decline
        attributes[key] = value.lower() if key in ("rel", "type") else value
    return attributes


def _enforce_href(attributes: dict[str, str]) -> dict[str, str]:
    href = attributes.get("url", attributes.get("uri", attributes.get("href")))
    if href:
        attributes.pop("url", None)
        attributes.pop("uri", None)
        attributes["href"] = href
    return attributes


@functools.lru_cache(maxsize=1024)
def _has_handler(key: str) -> bool:
    return hasattr(_FeedParserMixin, f"_start_{key}") or hasattr(_FeedParserMixin, f"_end_{key}")


def _namespaced_key(tag: str, prefixes: dict[str, str], keys: dict[str, str]) -> str:
    """The entry key feedparser gives an element of another namespace (`nyaa_infohash`);
    `keys` remembers them for the rest of the document."""
    known = keys.get(tag)
    if known is not None:
        return known
    uri, _, local = tag[1:].partition("}")
    if uri.lower() in _KNOWN_NAMESPACES or "backend.userland.com/rss" in uri.lower():
        raise _Decline  # dc:, media:, atom: and the like map onto fields read here
    # The one prefix declared for the URI in the whole document, so the element's own.
    prefix = prefixes.get(uri, "")
    if not prefix:
        raise _Decline
    key = f"{prefix}_{local}".lower()
    if _has_handler(key) or key in _READ_KEYS:
        raise _Decline
    keys[tag] = key
    return key


def _rss_entry(item: Any, prefixes: dict[str, str], keys: dict[str, str]) -> Entry:
    # What this reader leaves to feedparser, checked on the way (one walk over children it
    # reads anyway costs less than an XPath over the whole document): attributes on the item or
    # on its children but guid and enclosure, and anything but text inside its children
    # (`len` counts child elements, comments and processing instructions alike).
    if item.attrib:
        raise _Decline
    entry: Entry = {}
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    for child in item:
        tag = child.tag
        if tag.__class__ is not str:  # a comment or a processing instruction
            continue
        if len(child) or (child.attrib and tag not in _ATTRIBUTED):
            raise _Decline
        if tag[0] == "{":
            key = keys.get(tag) or _namespaced_key(tag, prefixes, keys)
            if key in entry:  # twice, or also as a plain element of that name
                raise _Decline
            text = child.text  # `_leaf_text`, inlined: ten of these in every Nyaa item
            if text:
                text = text.strip()
                if not text.isascii():
                    text = _clean(text)
            entry[key] = text or ""
            continue
        tag = tag.lower()
        if tag in seen and tag != "enclosure":
            raise _Decline
        seen.add(tag)
        if tag in _RSS_IGNORED:  # before its text is read: a description can be long
            continue
        text = _leaf_text(child)
        if tag == "title":
            entry["title"] = text
        elif tag == "link":
            link = _resolve(text)
            if "&" in link:  # feedparser's repair of query strings mistaken for entities
                link = _ENTITY_LIKE.sub(r"&\g<1>", link.replace("&amp;", "&"))
            entry["link"] = link
            links.append(
                {"rel": "alternate", "type": "text/html", "href": link}
                if link
                else {"rel": "alternate", "type": "text/html"}
            )
        elif tag == "guid":
            permalink = _permalink(child)
            entry["id"] = _resolve(text) if permalink and text else text
            entry.setdefault("guidislink", permalink and "link" not in entry)
            if permalink:
                entry.setdefault("link", entry["id"])
        elif tag == "pubdate":
            entry["published"] = text
            entry["published_parsed"] = parse_date(text)
        elif tag == "enclosure":
            attributes = _enforce_href(_attributes(child))
            attributes["rel"] = "enclosure"
            links.append(attributes)
        elif _has_handler(tag) or tag in _READ_KEYS or tag in entry:
            raise _Decline
        else:  # feedparser keeps an element it does not know under its own name
            entry[tag] = text
    _finish(entry, links)
    return entry


def _permalink(guid: Any) -> bool:
    """Whether a guid is a permalink, as feedparser reads `isPermaLink` (any case of the name,
    the value as written); any other attribute is left to feedparser."""
    attributes = guid.items()
    if not attributes:
        return True
    if len(attributes) == 1 and attributes[0][0] == "isPermaLink":  # as RSS spells it
        return bool(attributes[0][1] == "true")
    named = _attributes(guid)
    if set(named) - {"ispermalink"}:
        raise _Decline
    return named.get("ispermalink", "true") == "true"


def _atom_entry(item: Any, prefixes: dict[str, str], keys: dict[str, str]) -> Entry:
    if item.attrib:
        raise _Decline
    entry: Entry = {}
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    for child in item.iterchildren(etree.Element):
        tag = child.tag
        if not tag.startswith(_ATOM_PREFIX):
            key = _namespaced_key(tag, prefixes, keys)
            if child.attrib or key in seen:
                raise _Decline
            seen.add(key)
            entry[key] = _text(child)
            continue
        tag = tag[len(_ATOM_PREFIX) :].lower()
        if tag in seen and tag not in ("link", "category"):
            raise _Decline
        seen.add(tag)
        if tag == "title":
            attributes = _attributes(child)
            if set(attributes) - {"type"} or attributes.get("type", "text") not in _ATOM_TEXT_TYPES:
                raise _Decline
            entry["title"] = _text(child)
        elif tag == "id":
            _no_attributes(child)
            value = _text(child)
            entry["id"] = _resolve(value) if value else value
            entry.setdefault("guidislink", "link" not in entry)
            entry.setdefault("link", entry["id"])
        elif tag == "link":
            _atom_link(child, entry, links)
        elif tag in _DATE_KEYS:
            _date(entry, _DATE_KEYS[tag], child)
        elif tag == "author":
            if child.attrib or any(
                _is_element(part)
                and (part.tag not in _ATOM_AUTHOR_PARTS or len(part) or part.attrib)
                for part in child
            ):
                raise _Decline
        elif tag in _ATOM_IGNORED:
            if len(child) or any(
                name.rpartition("}")[2].lower() == "base" for name in child.attrib
            ):
                raise _Decline
        else:
            raise _Decline
    _finish(entry, links)
    return entry


def _atom_link(child: Any, entry: Entry, links: list[dict[str, str]]) -> None:
    attributes = _attributes(child)
    attributes.setdefault("rel", "alternate")
    default_type = "application/atom+xml" if attributes["rel"] == "self" else "text/html"
    attributes.setdefault("type", default_type)
    attributes = _enforce_href(attributes)
    if "href" not in attributes or len(child):
        raise _Decline  # a link given as text: feedparser's own business
    attributes["href"] = _resolve(attributes["href"])
    links.append(attributes)
    content_type = _FeedParserMixin.map_content_type(attributes["type"])
    if attributes["rel"] == "alternate" and content_type in _HTML_TYPES:
        entry["link"] = attributes["href"]


def _date(entry: Entry, name: str, child: Any) -> None:
    _no_attributes(child)
    value = _text(child)
    entry[name] = value
    entry[f"{name}_parsed"] = parse_date(value)


def _no_attributes(child: Any) -> None:
    if child.attrib:
        raise _Decline


def _finish(entry: Entry, links: list[dict[str, str]]) -> None:
    if not links:  # feedparser has neither key then
        return
    entry["links"] = links
    entry["enclosures"] = [
        {name: value for name, value in link.items() if name != "rel"}
        for link in links
        if link.get("rel") == "enclosure"
    ]
