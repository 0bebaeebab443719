"""A real headless Chromium: the page reports where playback stopped, and the link opened again
offers to resume and carries on from there; past 85 % of an episode whose show is known, a
viewer signed in to AniList gets "Mark episode N watched", and pressing it writes AniList."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

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


async def eventually(check: Callable[[], object], *, within: float = 20.0) -> None:
    """Waits for `check()` to hold, failing at the deadline."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {within}s")
        await asyncio.sleep(0.05)


async def test_it_remembers_where_playback_stopped_and_resumes_there(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    link = await player_box.video(media.h264)
    rows = player_box.world.positions.rows
    await open_player(page, link)
    assert await page.evaluate("document.getElementById('resume')") is None
    await play_until(page, 4.0)
    await page.evaluate(f"{VIDEO}.pause()")
    await eventually(lambda: any(p.seconds > 4.0 for p in rows.values()))
    [stopped] = rows.values()
    assert stopped.duration == pytest.approx(media.seconds, abs=1)

    await open_player(page, link)  # the link again, later
    offer = await page.until("document.getElementById('resume-yes').textContent")
    assert offer == f"Resume from 0:{int(stopped.seconds):02d}"
    assert await page.evaluate(f"{VIDEO}.currentTime") == 0
    await page.evaluate("document.getElementById('resume-yes').click()")
    await page.until(f"!{VIDEO}.paused && {VIDEO}.currentTime > {stopped.seconds + 0.5}")
    # It went on from there, not from the start and a skip.
    assert await page.evaluate(f"{VIDEO}.played.start(0)") >= stopped.seconds - 1
    assert await page.evaluate("document.getElementById('resume').hidden") is True


async def test_near_the_end_it_offers_to_mark_the_episode_watched(
    player_box: PlayerBox, media: Media, page: Page
) -> None:
    await player_box.sign_in_to_anilist()
    link = await player_box.video(media.h264, request_id=await player_box.episode_request(8))
    button = "document.getElementById('watched')"
    await open_player(page, link)
    await play_until(page, 1.0)
    assert await page.evaluate(f"{button}.hidden") is True  # not at the start
    await page.evaluate(f"{VIDEO}.currentTime = {media.seconds * 0.86}")
    await page.until(f"!{button}.hidden")
    assert await page.evaluate(f"{button}.textContent") == "Mark episode 8 watched"
    await page.evaluate(f"{button}.click()")
    done = await page.until(f"{button}.textContent.startsWith('Episode') && {button}.textContent")
    assert done == "Episode 8 marked watched on AniList"
    assert player_box.anilist_progress() == 8
