"""ASS subtitles drawn by libass (JASSUB, vendored WebAssembly) with the MKV's attached font, in
a real headless Chromium: the line is drawn over the video at its time and gone after it, the
script and the font come from the box, and the page asks no one else."""

from __future__ import annotations

from tests.integration.web.player.cdp import Page
from tests.integration.web.player.conftest import (
    VIDEO,
    PlayerBox,
    needs_chromium,
    open_player,
)
from tests.unit.streaming.media import Media

pytestmark = needs_chromium

CANVAS = "document.querySelector('.JASSUB canvas')"


async def libass_draws_something(page: Page) -> bool:
    """Whether the page looks different with libass's canvas hidden."""
    await page.evaluate(f"{CANVAS}.style.visibility = 'hidden'")
    without = await page.screenshot()
    await page.evaluate(f"{CANVAS}.style.visibility = 'visible'")
    return await page.screenshot() != without


async def until_drawn(page: Page, expected: bool, *, within: float = 20.0) -> None:
    for _ in range(int(within / 0.25)):
        if await libass_draws_something(page) == expected:
            return
        await page.evaluate("new Promise(r => setTimeout(r, 250))", wait=True)
    raise AssertionError(f"libass drawing {not expected} after {within}s")


async def test_ass_is_drawn_by_libass_with_the_files_font(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    link = await player_box.video(media.h264)
    await page.call("Network.enable")
    await open_player(page, link)
    await page.until(f"{CANVAS} !== null")
    # The browser's own rendering of the track is off: no line drawn twice.
    assert await page.evaluate(f"{VIDEO}.textTracks[0].mode") == "hidden"

    await page.evaluate(f"{VIDEO}.pause(); {VIDEO}.currentTime = 6")
    await page.until(f"!{VIDEO}.seeking && Math.abs({VIDEO}.currentTime - 6) < 0.5")
    await until_drawn(page, True)  # "Second line", 5 s to 9 s
    await page.evaluate(f"{VIDEO}.currentTime = 14")
    await page.until(f"!{VIDEO}.seeking && Math.abs({VIDEO}.currentTime - 14) < 0.5")
    await until_drawn(page, False)  # nothing between 9 s and 18 s

    requested = page.requested()
    # The worker fetched the script and the MKV's own font from the box (its requests are the
    # worker's, so they are read from what the box made for it).
    made = {path.name for path in player_box.cache.rglob("*") if path.is_file()}
    assert {"s0.ass", "f0.font"} <= made
    base = player_box.box.base_url
    assert f"{base}/static/jassub.umd.js" in requested
    strangers = [u for u in requested if not u.startswith((base + "/", "blob:", "data:"))]
    assert strangers == []
