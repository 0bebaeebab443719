"""A cheap pre-check of an XML body before a slow parser (feedparser) sees it. Pure.

feedparser falls back to a slow pure-Python parser on malformed input and keeps DOCTYPE-declared
entities literal, and it spends seconds per ten thousand nodes. Expat, in C, refuses what is not
well-formed, declares a DTD (entity expansion tricks such as the "billion laughs") or is too large
a tree in milliseconds, so hostile or broken answers stay cheap.
"""

from __future__ import annotations

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


def check_xml(body: bytes, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> None:
    """Raise XmlRefused unless `body` is well-formed XML without a DOCTYPE, with at most
    `max_nodes` elements and attributes and `max_depth` levels."""
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
