"""The player's adapter: probes a file once, then makes its segments and subtitles on demand.

Jobs are shared: any number of requests for the same segment wait on one ffmpeg, which runs as
a task of its own, so a viewer who leaves does not kill a segment another is waiting for, and
the made segment is cached either way. Transcodes wait for one of `transcode_slots` (StreamBusy
when none frees up in `busy_wait` seconds); copies, which cost little, share their own bound.
Leaving the `async with` cancels every job, which kills its process.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import shutil
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from bot.streaming import commands
from bot.streaming.cache import SegmentCache
from bot.streaming.runner import JobLimits, run_tool
from domain.errors import MediaToolFailed, NoSuchPart, StreamBusy, StreamError, UnplayableMedia
from domain.streaming.decisions import Action, Limits, Renderer, decide
from domain.streaming.planning import StreamPlan, plan_stream
from domain.streaming.probe import parse_probe
from domain.streaming.segments import TARGET_SECONDS

logger = logging.getLogger(__name__)

T = TypeVar("T")

PROBE_LIMITS = JobLimits(seconds=20, memory=1024**3, output_bytes=0, stdout_bytes=4 * 1024**2)
KEYFRAME_LIMITS = JobLimits(seconds=90, memory=1024**3, output_bytes=0, stdout_bytes=64 * 1024**2)
COPY_LIMITS = JobLimits(seconds=30, memory=1024**3, output_bytes=256 * 1024**2)
TRANSCODE_LIMITS = JobLimits(seconds=120, memory=2 * 1024**3, output_bytes=256 * 1024**2)
SUBTITLE_LIMITS = JobLimits(seconds=60, memory=1024**3, output_bytes=32 * 1024**2)
FONT_LIMITS = JobLimits(seconds=30, memory=1024**3, output_bytes=64 * 1024**2)  # CJK fonts are big
CACHE_FOLDER = "stream-cache"  # under DATA_DIR
PLANS_KEPT = 256
FAILURE_KEPT = 120.0  # seconds a file that failed to probe is not probed again


def tools_installed() -> bool:
    return all(shutil.which(tool) for tool in (commands.FFMPEG, commands.FFPROBE))


@dataclass(frozen=True, slots=True)
class MediaFile:
    """One file the box downloaded, as the streamer sees it."""

    key: str  # changes whenever the file's content may have (download, file, inode, size, mtime)
    open: Callable[[], int]  # a fresh read-only descriptor of it; blocking


class Streamer:
    def __init__(
        self,
        cache_dir: Path,
        *,
        cache_bytes: int,
        transcode_slots: int = 1,
        copy_slots: int = 4,
        busy_wait: float = 15.0,
        limits: Limits | None = None,
        target: float = TARGET_SECONDS,
    ) -> None:
        if transcode_slots < 1 or copy_slots < 1:
            raise ValueError("streaming needs at least one slot of each kind")
        self.cache = SegmentCache(cache_dir, cache_bytes)
        self.transcode_slots = transcode_slots
        self._transcodes = asyncio.Semaphore(transcode_slots)
        self._copies = asyncio.Semaphore(copy_slots)
        self._busy_wait = busy_wait
        self._limits = limits or Limits()
        self._target = target
        # Cached entries depend on how segments are cut and made, not only on the file.
        self._salt = f"{target}|{commands.X264_PRESET}|{self._limits}".encode()
        self._jobs: dict[str, asyncio.Task[None]] = {}
        self._plans: OrderedDict[str, StreamPlan] = OrderedDict()
        self._planning: dict[str, asyncio.Task[StreamPlan]] = {}
        self._failed: dict[str, tuple[float, StreamError]] = {}

    async def __aenter__(self) -> Streamer:
        await asyncio.to_thread(self.cache.load)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tasks = [*self._jobs.values(), *self._planning.values()]
        for task in tasks:
            task.cancel()
        # Each cancelled job kills and reaps its process before its task ends.
        await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def transcodes_busy(self) -> bool:
        """Whether every transcode slot is taken right now."""
        return self._transcodes.locked()

    @property
    def running(self) -> int:
        """Jobs in progress (ffmpeg or ffprobe running or waiting for a slot)."""
        return len(self._jobs) + len(self._planning)

    async def plan(self, media: MediaFile) -> StreamPlan:
        """What the file's streams become and how it is cut; StreamError if it cannot play."""
        plan = self._plans.get(media.key)
        if plan is not None:
            self._plans.move_to_end(media.key)
            return plan
        failed = self._failed.get(media.key)
        if failed is not None and time.monotonic() - failed[0] < FAILURE_KEPT:
            raise failed[1]
        task = self._planning.get(media.key)
        if task is None:
            task = asyncio.create_task(self._make_plan(media))
            self._planning[media.key] = task
            task.add_done_callback(lambda _: self._planning.pop(media.key, None))
        return await asyncio.shield(task)

    async def segment(self, media: MediaFile, plan: StreamPlan, audio: int, index: int) -> int:
        """A descriptor of segment `index` with audio track `audio` (positions in the plan)."""
        segment = plan.segments.segment(index)
        if segment is None:
            raise NoSuchPart(f"no segment {index}")
        decision = plan.decision
        if decision.audio and not 0 <= audio < len(decision.audio):
            raise NoSuchPart(f"no audio track {audio}")
        track = decision.audio[audio] if decision.audio else None
        name = f"{self._folder(media)}/a{audio}-{index}.ts"
        costly = decision.transcodes

        async def make(fd: int, scratch: str) -> None:
            argv = commands.segment_command(fd, decision, track, segment, scratch)
            limits = TRANSCODE_LIMITS if costly else COPY_LIMITS
            await run_tool(argv, limits, pass_fds=(fd,))

        return await self._entry(name, media, make, transcode=costly)

    async def subtitle(self, media: MediaFile, plan: StreamPlan, position: int) -> int:
        """A descriptor of subtitle track `position` of the plan, as WebVTT."""
        offers = plan.decision.subtitles
        if not 0 <= position < len(offers):
            raise NoSuchPart(f"no subtitle track {position}")
        stream_index = offers[position].stream.index
        name = f"{self._folder(media)}/s{position}.vtt"

        async def make(fd: int, scratch: str) -> None:
            argv = commands.subtitle_command(fd, stream_index, scratch)
            await run_tool(argv, SUBTITLE_LIMITS, pass_fds=(fd,))

        return await self._entry(name, media, make, transcode=False)

    async def ass(self, media: MediaFile, plan: StreamPlan, position: int) -> int:
        """A descriptor of subtitle track `position` of the plan as its own ASS script; only for
        a track the libass renderer draws."""
        offers = plan.decision.subtitles
        if not 0 <= position < len(offers) or offers[position].renderer is not Renderer.LIBASS:
            raise NoSuchPart(f"no ASS subtitle track {position}")
        stream_index = offers[position].stream.index
        name = f"{self._folder(media)}/s{position}.ass"

        async def make(fd: int, scratch: str) -> None:
            await run_tool(
                commands.ass_command(fd, stream_index, scratch), SUBTITLE_LIMITS, pass_fds=(fd,)
            )

        return await self._entry(name, media, make, transcode=False)

    async def font(self, media: MediaFile, plan: StreamPlan, position: int) -> int:
        """A descriptor of font `position` of the plan (an attachment of the file)."""
        fonts = plan.decision.fonts
        if not 0 <= position < len(fonts):
            raise NoSuchPart(f"no font {position}")
        attachment_index = fonts[position].index
        name = f"{self._folder(media)}/f{position}.font"

        async def make(fd: int, scratch: str) -> None:
            argv = commands.font_command(fd, attachment_index, scratch)
            await run_tool(argv, FONT_LIMITS, pass_fds=(fd,))

        return await self._entry(name, media, make, transcode=False)

    async def _make_plan(self, media: MediaFile) -> StreamPlan:
        try:
            plan = await self._with_source(media, self._probe_and_plan)
        except StreamError as exc:
            self._failed[media.key] = (time.monotonic(), exc)
            raise
        self._failed.pop(media.key, None)
        self._plans[media.key] = plan
        while len(self._plans) > PLANS_KEPT:
            self._plans.popitem(last=False)
        return plan

    async def _probe_and_plan(self, fd: int) -> StreamPlan:
        try:
            raw = await run_tool(commands.probe_command(fd), PROBE_LIMITS, pass_fds=(fd,))
            document = json.loads(raw)
        except (MediaToolFailed, ValueError) as exc:
            raise UnplayableMedia(f"ffprobe cannot read the file: {exc}") from exc
        decision = decide(parse_probe(document), self._limits)
        keyframes = None
        if decision.video.action is Action.COPY:
            argv = commands.keyframes_command(fd, decision.video.stream.index)
            async with self._copies:
                output = await run_tool(argv, KEYFRAME_LIMITS, pass_fds=(fd,))
            keyframes = commands.parse_keyframes(output)
        plan = plan_stream(decision, keyframes, target=self._target)
        video = plan.decision.video
        logger.info(
            "stream plan: video %s (%s), %d segments, audio %s, %d subtitle tracks",
            video.action.value,
            video.reason,
            len(plan.segments.segments),
            ", ".join(f"{a.action.value} ({a.reason})" for a in plan.decision.audio) or "none",
            len(plan.decision.subtitles),
        )
        return plan

    async def _entry(
        self,
        name: str,
        media: MediaFile,
        make: Callable[[int, str], Awaitable[None]],
        *,
        transcode: bool,
    ) -> int:
        for _ in range(2):  # once more should the entry be evicted between making and opening
            fd = await asyncio.to_thread(self.cache.open, name)
            if fd is not None:
                return fd
            task = self._jobs.get(name)
            if task is None:
                task = asyncio.create_task(self._job(name, media, make, transcode=transcode))
                self._jobs[name] = task
                task.add_done_callback(lambda _: self._jobs.pop(name, None))
            await asyncio.shield(task)
        raise MediaToolFailed(f"{name} was evicted as soon as it was made")

    async def _job(
        self,
        name: str,
        media: MediaFile,
        make: Callable[[int, str], Awaitable[None]],
        *,
        transcode: bool,
    ) -> None:
        slots = self._transcodes if transcode else self._copies
        if slots.locked():
            try:
                async with asyncio.timeout(self._busy_wait):
                    await slots.acquire()
            except TimeoutError:
                kind = "transcode" if transcode else "copy"
                raise StreamBusy(f"no {kind} slot free in {self._busy_wait:.0f}s") from None
        else:
            await slots.acquire()
        try:
            scratch = await asyncio.to_thread(self.cache.scratch, name)
            try:

                async def run(fd: int) -> None:
                    await make(fd, str(scratch))

                await self._with_source(media, run)
                await asyncio.to_thread(self.cache.commit, name, scratch)
            finally:
                with contextlib.suppress(OSError):
                    scratch.unlink(missing_ok=True)
        finally:
            slots.release()

    async def _with_source(self, media: MediaFile, use: Callable[[int], Awaitable[T]]) -> T:
        fd = await asyncio.to_thread(media.open)
        try:
            return await use(fd)
        finally:
            os.close(fd)

    def _folder(self, media: MediaFile) -> str:
        return hashlib.sha256(self._salt + b"\n" + media.key.encode()).hexdigest()[:32]
