"""The player over HTTP: who gets the page and who the file, the HLS output read back by
ffprobe as a client, tokens on every stream request, and a hostile file."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest

from bot.web.player import UNPLAYABLE_TEXT
from bot.web.player_page import CONTENT_SECURITY_POLICY
from tests.integration.web.player.conftest import PlayerBox
from tests.unit.streaming.media import Media

BROWSER = {
    "User-Agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
}
PROGRAMS = [
    {"User-Agent": "curl/7.88.1", "Accept": "*/*"},
    {"User-Agent": "VLC/3.0.18 LibVLC/3.0.18"},
    {"User-Agent": "Wget/1.21.3", "Accept": "*/*"},
    # A download manager passing itself off as a browser still asks for anything, not a page.
    {"User-Agent": BROWSER["User-Agent"], "Accept": "*/*"},
    # The browser's own <video> fetch of the file.
    {**BROWSER, "Sec-Fetch-Dest": "video"},
]


def stream_urls(page: str) -> dict[str, str]:
    found = dict(re.findall(r'(data-src|src|value)="([^"]*stream/[^"]+)"', page))
    return found


def absolute(link: str, relative: str) -> str:
    return str(httpx.URL(link).join(relative))


@pytest.mark.parametrize("headers", PROGRAMS)
async def test_programs_get_the_file_itself(
    player_box: PlayerBox, media: Media, headers: dict[str, str]
) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        answer = await client.get(link, headers=headers)
    assert answer.status_code == 200
    assert answer.content == media.h264.read_bytes()
    assert answer.headers["content-type"] == "video/x-matroska"


async def test_a_browser_gets_the_player_page(player_box: PlayerBox, media: Media) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        page = await client.get(link, headers=BROWSER)
        head = await client.head(link, headers=BROWSER)
        download = await client.get(absolute(link, "?download=1"), headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["referrer-policy"] == "no-referrer"
    text = page.text
    assert '<video id="player"' in text
    assert 'label="Full subtitles · eng" srclang="eng" data-ass="../../stream/' in text
    assert '/s0.ass" default>' in text and 'data-fonts="../../stream/' in text
    assert '<option value="../../stream/' in text and "English dub · eng</option>" in text
    assert 'href="?download=1" download>Download</a>' in text
    # No third party: every src and href on the page is relative to the box.
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert head.headers["content-type"] == "video/x-matroska"  # HEAD is not a visit
    assert download.content == media.h264.read_bytes()


async def test_the_pages_assets_are_served_by_the_box(player_box: PlayerBox) -> None:
    base = player_box.box.base_url
    async with httpx.AsyncClient() as client:
        script = await client.get(f"{base}/static/player.js")
        hls = await client.get(f"{base}/static/hls.light.min.js")
        style = await client.get(f"{base}/static/player.css")
        missing = await client.get(f"{base}/static/VENDORED.md")
        sneaky = await client.get(f"{base}/static/..%2fplayer.py")
    assert script.headers["content-type"].startswith("text/javascript")
    assert b"Hls" in hls.content
    assert style.headers["content-type"].startswith("text/css")
    assert (missing.status_code, sneaky.status_code) == (404, 404)


async def ffprobe_json(url: str, *entries: str) -> dict[str, object]:
    process = await asyncio.create_subprocess_exec(
        "ffprobe",
        "-v",
        "error",
        *entries,
        "-of",
        "json",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    document: dict[str, object] = json.loads(out)
    return document


@pytest.mark.parametrize(
    ("file", "audio"),
    [("h264", 0), ("h264", 1), ("hevc", 0), ("h264_10bit", 0)],
)
async def test_ffprobe_reads_the_stream_back_as_an_hls_client(
    player_box: PlayerBox, media: Media, file: str, audio: int
) -> None:
    link = await player_box.video(getattr(media, file))
    async with httpx.AsyncClient() as client:
        page = (await client.get(link, headers=BROWSER)).text
    playlist = absolute(link, stream_urls(page)["data-src"]).replace("a0.m3u8", f"a{audio}.m3u8")
    document = await ffprobe_json(playlist, "-show_format", "-show_streams", "-count_packets")
    fmt = document["format"]
    assert isinstance(fmt, dict)
    assert fmt["format_name"] == "hls"
    seconds = media.seconds if file == "h264" else media.short_seconds
    assert float(fmt["duration"]) == pytest.approx(seconds, abs=1.0)
    streams = document["streams"]
    assert isinstance(streams, list)
    assert sorted((s["codec_type"], s["codec_name"]) for s in streams) == [
        ("audio", "aac"),
        ("video", "h264"),
    ]
    video = next(s for s in streams if s["codec_type"] == "video")
    assert video["pix_fmt"] == "yuv420p"
    # Every frame of the file arrives, whichever segments it was cut into (testsrc2 at 25 fps).
    assert int(video["nb_read_packets"]) == pytest.approx(seconds * 25, abs=3)


async def test_subtitles_come_as_webvtt(player_box: PlayerBox, media: Media) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        page = (await client.get(link, headers=BROWSER)).text
        vtt = await client.get(absolute(link, stream_urls(page)["src"]))
    assert vtt.headers["content-type"] == "text/vtt; charset=utf-8"
    assert vtt.text.startswith("WEBVTT")
    # On the file's own timeline, which the Matroska muxer started 23 ms in, as the video.
    assert "00:05.023 --> 00:09.023\n<b>Second line</b>" in vtt.text


def tamper(url: str) -> str:
    token = re.search(r"/stream/([^/]+)/", url)
    assert token is not None
    signature = token.group(1)[-43:]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return url.replace(signature, flipped)


async def test_tampered_and_expired_tokens_on_playlist_and_segment(
    player_box: PlayerBox, media: Media
) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        page = (await client.get(link, headers=BROWSER)).text
        playlist = absolute(link, stream_urls(page)["data-src"])
        segment = absolute(playlist, "a0/1.ts")
        assert (await client.get(playlist)).status_code == 200
        assert (await client.get(segment)).content[:1] == b"\x47"
        for url in (playlist, segment):
            assert (await client.get(tamper(url))).status_code == 403
        # Another file's number under the same signature is a forgery too.
        assert (await client.get(playlist.replace(".0.1.", ".1.1.", 1))).status_code == 403
        player_box.box.clock.advance(3601)
        for url in (playlist, segment):
            assert (await client.get(url)).status_code == 410


async def test_only_our_shapes_and_numbers_are_read(player_box: PlayerBox, media: Media) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        page = (await client.get(link, headers=BROWSER)).text
        playlist = absolute(link, stream_urls(page)["data-src"])
        token_base = playlist.rsplit("/", 1)[0]
        answers = {
            suffix: (await client.get(f"{token_base}/{suffix}")).status_code
            for suffix in (
                *("a0/999.ts", "a7/1.ts", "a7.m3u8", "s9.vtt", "s9.ass", "f9"),
                *("a0/-1.ts", "a0/1.mp4", "x.m3u8"),
            )
        }
        posted = await client.post(playlist)
    # Parts the file does not have are not found; malformed addresses are bad requests.
    assert answers == {
        "a0/999.ts": 404,
        "a7/1.ts": 404,
        "a7.m3u8": 404,
        "s9.vtt": 404,
        "s9.ass": 404,
        "f9": 404,
        "a0/-1.ts": 400,
        "a0/1.mp4": 400,
        "x.m3u8": 400,
    }
    assert posted.status_code == 405


async def test_a_listing_token_opens_no_stream(player_box: PlayerBox, media: Media) -> None:
    box = player_box.box
    data = media.h264.read_bytes()
    download = await box.torrent({"Show/01.mkv": data, "Show/02.mkv": data}, name="Show")
    links = await box.files.links(box.owner, download.id)
    assert links.listing_url is not None
    token = box.path(links.listing_url).split("/")[2]
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{box.base_url}/stream/{token}/a0.m3u8")
        listing = await client.get(box.local(links.listing_url), headers=BROWSER)
        episode = links.files[0].url.replace("https://box.example", "")
    assert answer.status_code == 403
    # The batch's page links each episode's link, which opens its player in a browser.
    assert episode.split("/")[2] in listing.text


async def test_a_hostile_file_gets_the_pages_error_and_others_keep_playing(
    player_box: PlayerBox, media: Media
) -> None:
    good = await player_box.video(media.h264, "good.mkv")
    bad = await player_box.video(media.garbage, "bad.mkv")
    async with httpx.AsyncClient() as client:
        page = await client.get(bad, headers=BROWSER)
        good_page = (await client.get(good, headers=BROWSER)).text
        playlist = absolute(good, stream_urls(good_page)["data-src"])
        bad_stream = re.sub(r"/dl/([^/]+)/.*", r"/stream/\1/a0.m3u8", bad)
        bad_segment = await client.get(bad_stream)
        again = await client.get(playlist)
        health = await client.get(f"{player_box.box.base_url}/healthz")
    assert page.status_code == 422
    assert UNPLAYABLE_TEXT.split(" (")[0] in page.text
    assert 'href="?download=1" download>Download</a>' in page.text
    assert bad_segment.status_code == 422
    assert again.status_code == 200 and again.text.startswith("#EXTM3U")
    assert health.status_code == 200
    assert player_box.streamer.running == 0
