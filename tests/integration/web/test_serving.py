"""One file through a link: headers, HEAD, ranges, If-Range, a resumed download."""

from __future__ import annotations

import hashlib
import itertools
import random
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from tests.integration.web.conftest import Box

EPISODE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv"


def payload(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


async def one_link(box: Box, data: bytes, name: str = EPISODE) -> str:
    download = await box.torrent({name: data})
    links = await box.files.links(box.owner, download.id)
    (link,) = links.files
    assert links.listing_url is None and links.zip_url is None  # one file: no page, no zip
    return box.local(link.url)


async def test_a_whole_file_with_headers_a_phone_needs(box: Box) -> None:
    data = payload(300_000)
    url = await one_link(box, data)
    async with httpx.AsyncClient() as client:
        answer = await client.get(url)
    assert answer.status_code == 200
    assert answer.content == data
    assert answer.headers["content-type"] == "video/x-matroska"
    assert answer.headers["accept-ranges"] == "bytes"
    assert answer.headers["content-length"] == str(len(data))
    assert answer.headers["content-disposition"].startswith('inline; filename="[SubsPlease]')
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["etag"].startswith('"')


async def test_head_gives_the_headers_and_no_body(box: Box) -> None:
    data = payload(5000)
    url = await one_link(box, data)
    async with httpx.AsyncClient() as client:
        answer = await client.head(url)
        ranged = await client.head(url, headers={"Range": "bytes=10-19"})
    assert (answer.status_code, answer.content) == (200, b"")
    assert answer.headers["content-length"] == "5000"
    assert ranged.status_code == 206
    assert ranged.headers["content-range"] == "bytes 10-19/5000"


@pytest.mark.parametrize(
    ("range_header", "status", "content_range", "piece"),
    [
        ("bytes=0-0", 206, "bytes 0-0/1000", slice(0, 1)),
        ("bytes=100-199", 206, "bytes 100-199/1000", slice(100, 200)),
        ("bytes=900-", 206, "bytes 900-999/1000", slice(900, 1000)),
        ("bytes=-10", 206, "bytes 990-999/1000", slice(990, 1000)),
        ("bytes=990-5000", 206, "bytes 990-999/1000", slice(990, 1000)),
        ("bytes=0-1,5-6", 200, None, slice(0, 1000)),
        ("bytes=1000-", 416, "bytes */1000", slice(0, 0)),
        ("bytes=5000-6000", 416, "bytes */1000", slice(0, 0)),
    ],
)
async def test_ranges(
    box: Box, range_header: str, status: int, content_range: str | None, piece: slice
) -> None:
    data = payload(1000)
    url = await one_link(box, data)
    async with httpx.AsyncClient() as client:
        answer = await client.get(url, headers={"Range": range_header})
    assert answer.status_code == status
    assert answer.headers.get("content-range") == content_range
    if status != 416:
        assert answer.content == data[piece]


async def test_if_range_with_a_stale_validator_gets_the_whole_file(box: Box) -> None:
    data = payload(2000)
    url = await one_link(box, data)
    async with httpx.AsyncClient() as client:
        first = await client.head(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        long_ago = format_datetime(datetime(2001, 1, 1, tzinfo=UTC), usegmt=True)
        cases = {
            etag: 206,
            modified: 206,
            '"stale-etag"': 200,
            "W/" + etag: 200,
            long_ago: 200,
            "garbage": 200,
        }
        for validator, status in cases.items():
            answer = await client.get(url, headers={"Range": "bytes=0-9", "If-Range": validator})
            assert answer.status_code == status, validator
            assert answer.content == (data[:10] if status == 206 else data)


async def test_a_resumed_download_adds_up_to_the_file(box: Box) -> None:
    """A phone on a flaky campus network: random pieces, fetched out of order, then joined."""
    data = payload(3 * 1024 * 1024 + 17, seed=7)
    url = await one_link(box, data)
    rng = random.Random(42)
    cuts = sorted({0, len(data), *(rng.randrange(len(data)) for _ in range(12))})
    pieces = list(itertools.pairwise(cuts))
    rng.shuffle(pieces)
    got: dict[int, bytes] = {}
    async with httpx.AsyncClient() as client:
        first = await client.head(url)
        for start, end in pieces:
            answer = await client.get(
                url,
                headers={"Range": f"bytes={start}-{end - 1}", "If-Range": first.headers["etag"]},
            )
            assert answer.status_code == 206
            assert answer.headers["content-range"] == f"bytes {start}-{end - 1}/{len(data)}"
            got[start] = answer.content
    joined = b"".join(got[start] for start in sorted(got))
    assert hashlib.sha256(joined).hexdigest() == hashlib.sha256(data).hexdigest()


async def test_an_empty_file(box: Box) -> None:
    url = await one_link(box, b"", name="empty.txt")
    async with httpx.AsyncClient() as client:
        answer = await client.get(url)
        ranged = await client.get(url, headers={"Range": "bytes=0-"})
    assert (answer.status_code, answer.content) == (200, b"")
    assert ranged.status_code == 416


async def test_only_get_and_head(box: Box) -> None:
    url = await one_link(box, b"x")
    async with httpx.AsyncClient() as client:
        answer = await client.post(url)
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
