"""Cutting a file into HLS segments, and the VOD playlist that lists them all. Pure.

Every segment is listed up front (`#EXT-X-PLAYLIST-TYPE:VOD`), so a player can seek anywhere and
ask for the segment there; the server makes it on demand. A copied video stream can only be cut
at its keyframes, so its boundaries are keyframe times, each segment at least `target` long; a
transcoded one starts every segment with a fresh keyframe, so its boundaries are fixed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.errors import UnplayableMedia

TARGET_SECONDS = 6.0
MAX_COPY_SEGMENT = 20.0  # keyframes further apart than this: transcode instead of copying
MAX_SEGMENTS = 20_000  # 12 hours at 2 s; a plan beyond is a broken file


@dataclass(frozen=True, slots=True)
class Segment:
    index: int
    start: float  # seconds from the file's start
    duration: float


@dataclass(frozen=True, slots=True)
class SegmentPlan:
    segments: tuple[Segment, ...]

    @property
    def target_duration(self) -> int:
        """EXT-X-TARGETDURATION: no segment may be longer once rounded (RFC 8216 4.3.3.1)."""
        return max(1, math.ceil(max(s.duration for s in self.segments)))

    @property
    def longest(self) -> float:
        return max(s.duration for s in self.segments)

    def segment(self, index: int) -> Segment | None:
        return self.segments[index] if 0 <= index < len(self.segments) else None


def fixed_plan(duration: float, target: float = TARGET_SECONDS) -> SegmentPlan:
    """Boundaries every `target` seconds; a last piece under a second joins the one before."""
    _check(duration, target)
    count = max(1, math.ceil(duration / target))
    if count > 1 and duration - (count - 1) * target < 1.0:
        count -= 1
    starts = [i * target for i in range(count)]
    return _plan(starts, duration)


def keyframe_plan(
    duration: float, keyframes: Sequence[float], target: float = TARGET_SECONDS
) -> SegmentPlan:
    """Boundaries at keyframes, each segment at least `target` long (the last may be shorter).

    The first segment starts at 0 whatever the first keyframe's time, so nothing before it is
    lost; keyframes outside the file or out of order are ignored.
    """
    _check(duration, target)
    starts = [0.0]
    for time in sorted(k for k in keyframes if math.isfinite(k) and 0 < k < duration):
        if time - starts[-1] >= target and duration - time >= 1.0:
            starts.append(time)
    return _plan(starts, duration)


def playlist(plan: SegmentPlan, uri: Callable[[Segment], str]) -> str:
    """The media playlist: every segment, then the end (RFC 8216)."""
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{plan.target_duration}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-INDEPENDENT-SEGMENTS",  # every segment starts at a keyframe
    ]
    for segment in plan.segments:
        lines.append(f"#EXTINF:{segment.duration:.6f},")
        lines.append(uri(segment))
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def _check(duration: float, target: float) -> None:
    if not (math.isfinite(duration) and duration > 0):
        raise UnplayableMedia(f"cannot cut a file lasting {duration!r}s")
    if not target > 0:
        raise ValueError("segment length must be positive")
    if duration / target > MAX_SEGMENTS:
        raise UnplayableMedia(f"a file lasting {duration:.0f}s needs too many segments")


def _plan(starts: list[float], duration: float) -> SegmentPlan:
    ends = [*starts[1:], duration]
    return SegmentPlan(
        tuple(
            Segment(i, start, end - start)
            for i, (start, end) in enumerate(zip(starts, ends, strict=True))
        )
    )
