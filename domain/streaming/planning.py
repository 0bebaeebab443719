"""A file's decision and its segment plan, together. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.streaming.decisions import Action, StreamDecision, VideoDecision
from domain.streaming.segments import (
    MAX_COPY_SEGMENT,
    TARGET_SECONDS,
    SegmentPlan,
    fixed_plan,
    keyframe_plan,
)


@dataclass(frozen=True, slots=True)
class StreamPlan:
    decision: StreamDecision
    segments: SegmentPlan


def plan_stream(
    decision: StreamDecision,
    keyframes: Sequence[float] | None,
    *,
    target: float = TARGET_SECONDS,
    max_copy_segment: float = MAX_COPY_SEGMENT,
) -> StreamPlan:
    """Copying video needs keyframes close enough together to cut at; without them (none
    found, or a segment longer than `max_copy_segment`) the video is transcoded instead."""
    video = decision.video
    if video.action is Action.COPY:
        if keyframes:
            plan = keyframe_plan(decision.duration, keyframes, target)
            if plan.longest <= max_copy_segment:
                return StreamPlan(decision, plan)
            reason = f"keyframes up to {plan.longest:.0f}s apart"
        else:
            reason = "no keyframes found"
        transcoded = VideoDecision(video.stream, Action.TRANSCODE, reason, video.scale_height)
        decision = decision.with_video(transcoded)
    return StreamPlan(decision, fixed_plan(decision.duration, target))
