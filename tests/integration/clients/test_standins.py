"""The stand-ins are only useful if they are honest: compare them with the real captures."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import httpx

from domain.nyaa.feed import parse_feed
from domain.units import parse_size
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import build_feed, format_size

TERM = re.compile(rb"<title>Nyaa - (?:&#34;(.*?)&#34;|Home) - Torrent File RSS</title>")


def test_nyaa_feed_is_byte_for_byte_what_nyaa_renders(corpora: Path) -> None:
    compared = 0
    for path in sorted((corpora / "nyaa").glob("*.xml")):
        raw = path.read_bytes()
        match = TERM.search(raw)
        if (
            not raw.startswith(b'<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:nyaa=')
            or not match
        ):
            continue  # re-indented by whoever saved it, or not nyaa.si
        term = html.unescape(match[1].decode()) if match[1] else None
        # comment counts are not part of a Release; the stand-in always says 0
        expected = re.sub(rb"<nyaa:comments>\d+<", b"<nyaa:comments>0<", raw)
        assert build_feed(parse_feed(raw), term=term) == expected, path.name
        compared += 1
    assert compared >= 4


def test_sizes_are_printed_as_nyaa_prints_them(corpora: Path) -> None:
    sizes = {
        item["size"]
        for twin in (corpora / "nyaa").glob("*.items.json")
        for item in json.loads(twin.read_text(encoding="utf-8"))["items"]
    }
    assert len(sizes) > 50
    for text in sizes:
        assert format_size(parse_size(text)) == text
    assert [format_size(n) for n in (0, 1, 2, 1023, 1024)] == [
        "0 Bytes",
        "1 Byte",
        "2 Bytes",
        "1023 Bytes",
        "1.0 KiB",
    ]


async def test_anilist_stand_in_answers_a_request_it_does_not_know_with_a_graphql_error() -> None:
    async with AniListStandIn() as anilist, httpx.AsyncClient() as http:
        unknown = await http.post(anilist.url, json={"query": "{ Viewer { id } }"})
        assert unknown.status_code == 400
        assert unknown.json()["errors"][0]["status"] == 400
        broken = await http.post(anilist.url, content=b"not json")
        assert broken.status_code == 400 and broken.json()["data"] is None
