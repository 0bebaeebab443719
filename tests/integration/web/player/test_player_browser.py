"""A real headless Chromium opens the player from a link: it plays, seeks, shows the right
subtitle line and switches the audio track (hls.js over Media Source Extensions)."""

from __future__ import annotations

import json

import pytest

from tests.integration.web.player.cdp import Page
from tests.integration.web.player.conftest import (
    VIDEO,
    PlayerBox,
    needs_chromium,
    open_player,
    play_until,
)
from tests.unit.streaming.media import Media

pytestmark = needs_chromium


async def test_plays_seeks_and_shows_subtitles(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    link = await player_box.video(media.h264)
    await open_player(page, link)
    assert await page.evaluate(f"{VIDEO}.duration") == pytest.approx(media.seconds, abs=1)
    await play_until(page, 1.5)
    # Chromium has no HLS of its own here: the box's hls.js feeds it through MSE.
    assert (await page.evaluate(f"{VIDEO}.currentSrc")).startswith("blob:")

    # Seek to 80 %: it plays on from there, from segments made on demand for that spot.
    target = media.seconds * 0.8
    await page.evaluate(f"{VIDEO}.currentTime = {target}")
    await page.until(f"!{VIDEO}.seeking && {VIDEO}.currentTime > {target + 1}")

    # The line the ASS track has at 6 s is the one showing at 6 s.
    await page.evaluate(f"{VIDEO}.pause(); {VIDEO}.textTracks[0].mode = 'hidden'")
    await page.evaluate(f"{VIDEO}.currentTime = 6")
    cues = await page.until(
        # Read once the seek has landed: until then the cues are those of the last spot.
        f"(() => {{ const v = {VIDEO}, c = v.textTracks[0].activeCues;"
        " if (v.seeking || Math.abs(v.currentTime - 6) > 0.5) return null;"
        " return c && c.length ? Array.from(c).map(x => x.text) : null; })()"
    )
    assert cues == ["<b>Second line</b>"]
    assert "Full subtitles" in await page.evaluate(f"{VIDEO}.textTracks[0].label")


async def test_the_second_audio_track_can_be_chosen(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    link = await player_box.video(media.h264)
    await open_player(page, link)
    await play_until(page, 1.0)
    labels = await page.evaluate(
        "Array.from(document.getElementById('audio').options).map(o => o.text)"
    )
    assert labels == ["Japanese · jpn", "English dub · eng"]
    await page.evaluate(
        "(() => { const s = document.getElementById('audio'); s.selectedIndex = 1;"
        " s.dispatchEvent(new Event('change')); })()"
    )
    # Its own segments are fetched, and playback carries on from where it was.
    await page.until("performance.getEntriesByType('resource').some(e => e.name.includes('/a1/'))")
    await page.until(f"!{VIDEO}.paused && {VIDEO}.currentTime > 2")


async def test_a_transcoded_file_plays(player_box: PlayerBox, media: Media, page: Page) -> None:
    link = await player_box.video(media.hevc)
    await open_player(page, link)
    await play_until(page, 1.0)
    errors = await page.evaluate("document.getElementById('status').textContent")
    assert json.dumps(errors) == '""'


async def test_a_hostile_file_shows_the_pages_error(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    link = await player_box.video(media.garbage)
    await page.call("Page.navigate", url=link)
    text = await page.until("(document.getElementById('status')||{}).textContent")
    assert text.startswith("This video cannot be played in the browser")
    assert await page.evaluate("document.getElementById('download').textContent") == "Download"
