"""A cheap pre-check of an XML body before a slow parser (feedparser) sees it. Pure.

feedparser falls back to a slow pure-Python parser on malformed input and keeps DOCTYPE-declared
entities literal, and it spends seconds per ten thousand nodes. Expat, in C, refuses what is not
well-formed, declares a DTD (entity expansion tricks such as the "billion laughs") or is too large
a tree in milliseconds, so hostile or broken answers stay cheap.
"""

from __future__ import annotations

import re
import xml.parsers.expat

# A full Nyaa page (75 items of about 17 elements, 4 deep) is some 1,300 elements and
# attributes. The limits leave room for far more, and stop documents built to make feedparser
# burn minutes of CPU on a 4 MiB body.
MAX_NODES = 10_000
MAX_DEPTH = 32


class XmlRefused(ValueError):
    """The body is not well-formed, declares a DOCTYPE, or is too large a tree; the message
    says which. Callers translate it into their own branch of the domain error tree."""

    def __init__(self, message: str, *, malformed: bool) -> None:
        super().__init__(message)
        self.malformed = malformed


class _Stop(Exception):
    pass


# A declaration's encoding, which expat reads only at the very start of the body.
_DECLARED_ENCODING = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


def check_xml(body: bytes, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> None:
    """Raise XmlRefused unless `body` is well-formed XML without a DOCTYPE, with at most
    `max_nodes` elements and attributes and `max_depth` levels."""
    try:
        _check(body, max_nodes, max_depth)
    except XmlRefused:  # a ValueError too, but the body's own verdict
        raise
    except (LookupError, ValueError):
        # An encoding expat cannot read itself (Shift_JIS, EUC-JP, GBK, Big5) or one nobody
        # knows: the same checks on the body read as feedparser would read it, in UTF-8,
        # which expat reads natively.
        _check(_as_utf8(body), max_nodes, max_depth)


def _check(body: bytes, max_nodes: int, max_depth: int) -> None:
    parser = xml.parsers.expat.ParserCreate()
    counts = {"nodes": 0, "depth": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        counts["nodes"] += 1 + len(attributes)
        counts["depth"] += 1
        if counts["nodes"] > max_nodes or counts["depth"] > max_depth:
            raise _Stop(f"more than {max_nodes} elements and attributes or {max_depth} levels")

    def end(name: str) -> None:
        counts["depth"] -= 1

    def doctype(*args: object) -> None:
        raise _Stop("a DOCTYPE")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(body, True)
    except _Stop as exc:
        raise XmlRefused(str(exc), malformed=False) from None
    except xml.parsers.expat.ExpatError as exc:
        raise XmlRefused(f"not well-formed XML: {exc}", malformed=True) from exc


# How a body without a BOM starts in each encoding that is not ASCII-compatible (XML 1.0,
# appendix F): what it is in, whatever its declaration says.
_SNIFFED = {
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00\x00\x00<": "utf-32-be",
    b"<\x00?\x00": "utf-16-le",
    b"\x00<\x00?": "utf-16-be",
}


def _as_utf8(body: bytes) -> bytes:
    """`body` in UTF-8 and declared so: read as its first bytes say, else as its declaration
    says, else as UTF-8, else as windows-1252, feedparser's order. Raises XmlRefused when none
    of them reads it."""
    sniffed = _SNIFFED.get(body[:4])
    if sniffed is not None:
        names: tuple[str, ...] = (sniffed,)
        declared = sniffed
    else:
        match = _DECLARED_ENCODING.match(body[:200].decode("latin-1"))
        declared = match[1] if match is not None else "utf-8"
        names = (declared, "utf-8", "windows-1252")
    for name in names:
        try:
            text = body.decode(name)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        raise XmlRefused(f"not well-formed XML: not in its declared {declared}", malformed=True)
    found = _DECLARED_ENCODING.match(text)
    if found is not None:
        text = f"{text[: found.start(1)]}utf-8{text[found.end(1) :]}"
    return text.encode()
