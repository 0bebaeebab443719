"""Segment plans and the VOD playlist."""

from __future__ import annotations

import pytest

from domain.errors import UnplayableMedia
from domain.streaming.decisions import Action, decide
from domain.streaming.planning import plan_stream
from domain.streaming.probe import parse_probe
from domain.streaming.segments import Segment, fixed_plan, keyframe_plan, playlist
from tests.unit.streaming.media import Media, probe_json


def starts(plan: object) -> list[float]:
    return [round(s.start, 3) for s in plan.segments]  # type: ignore[attr-defined]


def test_fixed_plan_covers_the_file_and_folds_a_tiny_tail() -> None:
    plan = fixed_plan(24.5, 6.0)
    assert starts(plan) == [0, 6, 12, 18]
    assert plan.segments[-1].duration == pytest.approx(6.5)
    assert starts(fixed_plan(25.5, 6.0)) == [0, 6, 12, 18, 24]
    assert starts(fixed_plan(3.0, 6.0)) == [0]


def test_keyframe_plan_cuts_at_keyframes_at_least_target_apart() -> None:
    keyframes = [0.023 + 2 * i for i in range(12)]  # a 2 s GOP, as testsrc2 is made
    plan = keyframe_plan(24.023, keyframes, 6.0)
    assert starts(plan) == [0, 6.023, 12.023, 18.023]
    assert sum(s.duration for s in plan.segments) == pytest.approx(24.023)


def test_keyframe_plan_ignores_junk_and_a_keyframe_at_the_very_end() -> None:
    keyframes = [float("nan"), -1.0, 30.0, 9.0, 3.0, 23.5]
    assert starts(keyframe_plan(24.0, keyframes, 3.0)) == [0, 3, 9]


def test_segment_lookup() -> None:
    plan = fixed_plan(20.0, 5.0)
    assert plan.segment(3) == Segment(3, 15.0, 5.0)
    assert plan.segment(4) is None
    assert plan.segment(-1) is None


def test_playlist_lists_every_segment_for_seeking() -> None:
    plan = fixed_plan(12.5, 6.0)
    text = playlist(plan, lambda s: f"a0/{s.index}.ts")
    assert text == (
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:7\n#EXT-X-MEDIA-SEQUENCE:0\n"
        "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        "#EXTINF:6.000000,\na0/0.ts\n#EXTINF:6.500000,\na0/1.ts\n#EXT-X-ENDLIST\n"
    )


@pytest.mark.parametrize("duration", [0.0, -1.0, float("inf"), 10.0**9])
def test_absurd_lengths_are_refused(duration: float) -> None:
    with pytest.raises(UnplayableMedia):
        fixed_plan(duration)


def test_copy_plan_from_real_keyframes(media: Media) -> None:
    from tests.unit.streaming.test_commands import real_keyframes

    decision = decide(parse_probe(probe_json(media.h264)))
    plan = plan_stream(decision, real_keyframes(media.h264), target=6.0)
    assert plan.decision.video.action is Action.COPY
    assert starts(plan.segments) == [0, 6.023, 12.023, 18.023]


def test_keyframes_too_far_apart_means_transcoding(media: Media) -> None:
    decision = decide(parse_probe(probe_json(media.h264)))
    plan = plan_stream(decision, [0.0], target=6.0, max_copy_segment=10.0)
    assert plan.decision.video.action is Action.TRANSCODE
    assert plan.decision.video.reason == "keyframes up to 24s apart"
    assert starts(plan.segments) == [0, 6, 12, 18]
    assert plan_stream(decision, None).decision.video.reason == "no keyframes found"
