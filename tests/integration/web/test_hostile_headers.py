"""Range and If-Range as a hostile client writes them (issue 17): whatever arrives, the link
server never answers 5xx, and a 200 or 206 carries exactly the bytes it says it does."""

from __future__ import annotations

import random
import re

import pytest

from tests.integration.web.conftest import Box, RawAnswer, raw_request
from tests.integration.web.test_serving import one_link, payload

SIZE = 1000
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")

NASTY_DATES = [
    "Sun, 06 Nov 99999 08:49:37 GMT",  # year out of range: ValueError
    "06 Nov 999999999999999999999 08:49:37 GMT",  # year too long for a C long: OverflowError
    "Sun, 06 Nov -1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 +9999",  # offset out of range
    "Sun, 06 Nov 1994 08:49:37 -9999",
    "Sun, 06 Nov 1994 99:99:99 GMT",
    "Sun, 31 Dec 9999 23:59:59 -2359",
    "Mon, 01 Jan 0001 00:00:00 +2359",
    "Sun, 06 Nov 1994",
    "Sun,",
    "0",
    "-1",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "9" * 5_000,
    "Sun, 06 Nov \u0661\u0669\u0669\u0664 08:49:37 GMT",  # Arabic-Indic digits
    "\u00e9t\u00e9 \u2603",
    '"',
    "W/",
    'W/"' + "a" * 5000,
]

NASTY_RANGES = [
    "bytes=0-0," * 10_000,
    "bytes=0-0," * 100,
    "bytes=-",
    "bytes=",
    "bytes",
    "=",
    "bytes=99999999999999999999-",
    "bytes=9999999999999999999-",
    "bytes=-99999999999999999999",
    "bytes=-9999999999999999999",
    "bytes=0-99999999999999999999",
    "bytes=0-9999999999999999999",
    "bytes=-0",
    "bytes=--1",
    "bytes=-1-",
    "bytes=1--2",
    "bytes=\x00-1",
    "bytes=0-\x00",
    "bytes=\u0661-\u0662",  # non-ASCII digits: not a range
    "bytes=\uff10-\uff11",  # full-width digits
    "bytes=0-1\u00a0",
    "\u00e9=0-1",
    "bytes=" + "1" * 10_000 + "-",
    "bytes=0-" + "9" * 10_000,
    "bytes = 0 - 9",
    "bytes=0-9;x",
    "x" * 10_000,
]


def _send(value: str) -> bytes:
    # As a client's bytes on the wire: UTF-8, which aiohttp reads as such (or refuses).
    return value.replace("\r", "").replace("\n", "").encode("utf-8", "surrogatepass")


def assert_sound(answer: RawAnswer, data: bytes, label: str) -> None:
    assert answer.status < 500, (label[:80], answer.status)
    if answer.status == 200:
        assert answer.body == data, label[:80]
    elif answer.status == 206:
        match = _CONTENT_RANGE.fullmatch(answer.headers["content-range"])
        assert match is not None, label[:80]
        start, end, size = map(int, match.groups())
        assert size == len(data) and 0 <= start <= end < size, label[:80]
        assert answer.body == data[start : end + 1], label[:80]
    elif answer.status == 416:
        assert answer.headers["content-range"] == f"bytes */{len(data)}", label[:80]
    else:
        # 400 and 431 come from aiohttp's own parser (a NUL, a line too long).
        assert answer.status in (400, 431), (label[:80], answer.status)


async def _ask(box: Box, url: str, headers: dict[str, str]) -> RawAnswer:
    extra = b"".join(name.encode() + b": " + _send(v) + b"\r\n" for name, v in headers.items())
    assert url.startswith(box.base_url)
    return await raw_request(box.port, url[len(box.base_url) :].encode(), extra=extra)


@pytest.fixture
async def served(box: Box) -> tuple[Box, str, bytes]:
    data = payload(SIZE, seed=17)
    return box, await one_link(box, data), data


async def test_nasty_if_range_values_get_the_whole_file(served: tuple[Box, str, bytes]) -> None:
    box, url, data = served
    for value in NASTY_DATES:
        answer = await _ask(box, url, {"Range": "bytes=0-9", "If-Range": value})
        assert_sound(answer, data, value)
        if answer.status != 400:  # aiohttp refuses a NUL itself
            assert answer.status == 200, value[:80]


async def test_nasty_range_values_never_break_the_server(served: tuple[Box, str, bytes]) -> None:
    box, url, data = served
    for value in NASTY_RANGES:
        assert_sound(await _ask(box, url, {"Range": value}), data, value)
        assert_sound(await _ask(box, url, {"Range": value, "If-Range": "garbage"}), data, value)


async def test_well_formed_input_still_gets_its_range(served: tuple[Box, str, bytes]) -> None:
    box, url, data = served
    answer = await _ask(box, url, {"Range": "bytes=9999999999999999999-"})
    assert answer.status == 416
    answer = await _ask(box, url, {"Range": "bytes=-9999999999999999999"})
    assert (answer.status, answer.body) == (206, data)
    answer = await _ask(box, url, {"Range": "bytes=0-9999999999999999999"})
    assert (answer.status, answer.body) == (206, data)


_ALPHABET = '0123456789-=,; bytesBYTES"W/:+GMT \x00\u0661\uff10\u00e9Sun,Nov'


async def test_random_range_and_if_range_values(served: tuple[Box, str, bytes]) -> None:
    box, url, data = served
    rng = random.Random(17)
    for _ in range(150):
        rng_range = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        headers = {"Range": "bytes=" + rng_range if rng.random() < 0.7 else rng_range}
        if rng.random() < 0.5:
            headers["If-Range"] = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        assert_sound(await _ask(box, url, headers), data, repr(headers))
