"""The streamer over real ffmpeg: plans, segments on demand, shared jobs, busy slots."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from bot.streaming.streamer import MediaFile, Streamer
from domain.errors import NoSuchPart, StreamBusy, UnplayableMedia
from domain.streaming.decisions import Action
from tests.unit.streaming.media import FONT, Media


def media_file(path: Path) -> MediaFile:
    return MediaFile(key=f"test:{path.name}", open=lambda: os.open(path, os.O_RDONLY))


def cached(folder: Path, pattern: str) -> list[str]:
    return [p.name for p in folder.glob(pattern)]


def read(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 30)
    finally:
        os.close(fd)


async def test_copy_path_plan_and_a_segment(media: Media, tmp_path: Path) -> None:
    async with Streamer(tmp_path, cache_bytes=1 << 30) as streamer:
        source = media_file(media.h264)
        plan = await streamer.plan(source)
        assert plan.decision.video.action is Action.COPY
        assert len(plan.segments.segments) == 4
        data = read(await streamer.segment(source, plan, 1, 2))
        assert data[:1] == b"\x47"  # an MPEG-TS sync byte
        again = read(await streamer.segment(source, plan, 1, 2))
        assert again == data  # from the cache the second time
        vtt = read(await streamer.subtitle(source, plan, 0)).decode()
        assert vtt.startswith("WEBVTT")
        assert "First line" in vtt and "Near the end" in vtt


async def test_requests_for_one_segment_share_one_job(media: Media, tmp_path: Path) -> None:
    async with Streamer(tmp_path, cache_bytes=1 << 30) as streamer:
        source = media_file(media.hevc)
        plan = await streamer.plan(source)
        fds = await asyncio.gather(*(streamer.segment(source, plan, 0, 0) for _ in range(5)))
        inodes = {os.fstat(fd).st_ino for fd in fds}
        for fd in fds:
            os.close(fd)
        assert len(inodes) == 1
        assert cached(tmp_path, "*/*") == ["a0-0.ts"]


async def test_transcodes_beyond_the_slots_are_told_busy(media: Media, tmp_path: Path) -> None:
    async with Streamer(tmp_path, cache_bytes=1 << 30, busy_wait=0) as streamer:
        source = media_file(media.h264_10bit)
        plan = await streamer.plan(source)
        assert plan.decision.transcodes
        answers = await asyncio.gather(
            streamer.segment(source, plan, 0, 0),
            streamer.segment(source, plan, 0, 1),
            return_exceptions=True,
        )
        made = [a for a in answers if isinstance(a, int)]
        for fd in made:
            os.close(fd)
        # Whichever got the one slot first made its segment; the other was told at once.
        assert len(made) == 1
        assert [type(a) for a in answers if not isinstance(a, int)] == [StreamBusy]


async def test_a_file_ffprobe_cannot_read_is_unplayable_and_not_probed_again(
    media: Media, tmp_path: Path
) -> None:
    opened = []

    def opener() -> int:
        opened.append(1)
        return os.open(media.garbage, os.O_RDONLY)

    async with Streamer(tmp_path, cache_bytes=1 << 30) as streamer:
        source = MediaFile(key="garbage", open=opener)
        with pytest.raises(UnplayableMedia, match="ffprobe cannot read"):
            await streamer.plan(source)
        with pytest.raises(UnplayableMedia):
            await streamer.plan(source)
        assert len(opened) == 1


async def test_out_of_range_positions_are_refused(media: Media, tmp_path: Path) -> None:
    async with Streamer(tmp_path, cache_bytes=1 << 30) as streamer:
        source = media_file(media.h264)
        plan = await streamer.plan(source)
        for audio, index in ((0, 99), (2, 0), (-1, 0), (0, -1)):
            with pytest.raises(NoSuchPart):
                await streamer.segment(source, plan, audio, index)
        with pytest.raises(NoSuchPart):
            await streamer.subtitle(source, plan, 1)
        for position in (1, -1):
            with pytest.raises(NoSuchPart):
                await streamer.ass(source, plan, position)
            with pytest.raises(NoSuchPart):
                await streamer.font(source, plan, position)


async def test_the_ass_script_and_the_attached_font_as_they_are(
    media: Media, tmp_path: Path
) -> None:
    async with Streamer(tmp_path, cache_bytes=1 << 30) as streamer:
        source = media_file(media.h264)
        plan = await streamer.plan(source)
        text = read(await streamer.ass(source, plan, 0)).decode()
        data = read(await streamer.font(source, plan, 0))
    assert text.startswith("[Script Info]") and "{\\b1}Second line" in text
    assert "Style: Default,DejaVu Sans" in text
    assert data == FONT.read_bytes()


async def test_leaving_cancels_running_jobs(media: Media, tmp_path: Path) -> None:
    streamer = Streamer(tmp_path, cache_bytes=1 << 30)
    async with streamer:
        source = media_file(media.hevc)
        plan = await streamer.plan(source)
        waiting = asyncio.create_task(streamer.segment(source, plan, 0, 1))
        deadline = time.monotonic() + 10
        while streamer.running == 0:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
    assert streamer.running == 0
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert cached(tmp_path, "*/*.part") == []
