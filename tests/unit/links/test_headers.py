from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from bot.web.headers import content_disposition, content_type


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("[SubsPlease] Frieren - 05 (1080p).mkv", "video/x-matroska"),
        ("EP.MP4", "video/mp4"),
        ("a.webm", "video/webm"),
        ("a.ass", "text/x-ssa; charset=utf-8"),
        ("a.html", "application/octet-stream"),  # never rendered on our origin
        ("a.svg", "application/octet-stream"),
        ("noext", "application/octet-stream"),
    ],
)
def test_content_types(name: str, expected: str) -> None:
    assert content_type(name) == expected


HOSTILE = [
    'say "hi".mkv',
    "line\r\nSet-Cookie: x=1.mkv",
    "back\\slash.mkv",
    "葬送のフリーレン 第5話.mkv",
    "emoji 🎬.mp4",
    "semi;colon=equals.mkv",
    "%2e%2e.mkv",
    "tab\tand\x7fdel.mkv",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_dispositions_are_safe_and_exact(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii() and header.isprintable()
    match = re.fullmatch(
        r"(inline|attachment); filename=\"([^\"\\]*)\"; filename\*=UTF-8''(\S+)", header
    )
    assert match, header
    assert unquote(match[3], encoding="utf-8") == name  # the exact name for clients that read it


def test_video_plays_inline_and_other_files_download() -> None:
    assert content_disposition("a.mkv").startswith("inline;")
    assert content_disposition("a.html").startswith("attachment;")
    assert content_disposition("a.mkv", inline=False).startswith("attachment;")
