"""A season batch's listing page: each episode's link opens its player in a browser, with a
Download link beside it; other files are listed as before."""

from __future__ import annotations

import re

import httpx

from tests.integration.web.player.conftest import PlayerBox
from tests.integration.web.player.test_player_routes import BROWSER, absolute
from tests.unit.streaming.media import Media


async def test_each_episode_of_a_batch_links_its_player(
    player_box: PlayerBox, media: Media
) -> None:
    video = media.h264.read_bytes()
    box = player_box.box
    download = await box.torrent(
        {
            "Show S1/[Group] Show - 01.mkv": video,
            "Show S1/[Group] Show - 02.mkv": video,
            "Show S1/notes.txt": b"hello",
        },
        name="Show S1",
    )
    links = await box.files.links(box.owner, download.id)
    assert links.listing_url is not None
    async with httpx.AsyncClient() as client:
        listing = await client.get(box.local(links.listing_url), headers=BROWSER)
        plays = re.findall(r'<a href="([^"]+)" class="play">▶ Play ([^<]+)</a>', listing.text)
        assert [name for _, name in plays] == [
            "Show S1/[Group] Show - 01.mkv",
            "Show S1/[Group] Show - 02.mkv",
        ]
        assert "notes.txt</a>" in listing.text and "Play Show S1/notes.txt" not in listing.text
        downloads = re.findall(r'<a href="([^"]+)\?download=1" download>Download</a>', listing.text)
        assert downloads == [url for url, _ in plays]
        # The page is served under /dl/<token>/<folder>; its links are absolute ones to the box.
        second = box.local(plays[1][0])
        page = await client.get(second, headers=BROWSER)
        file = await client.get(absolute(second, "?download=1"), headers=BROWSER)
    assert '<video id="player"' in page.text
    assert "[Group] Show - 02.mkv</h1>" in page.text
    assert file.content == video
