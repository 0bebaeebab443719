"""Command lines are ours alone, and real ffmpeg makes joinable segments from them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.streaming import commands
from domain.streaming.decisions import decide
from domain.streaming.planning import plan_stream
from domain.streaming.probe import parse_probe
from tests.unit.streaming.media import Media, probe_json


def real_keyframes(path: Path) -> list[float]:
    fd = os.open(path, os.O_RDONLY)
    try:
        done = subprocess.run(
            commands.keyframes_command(fd, 0), pass_fds=(fd,), capture_output=True, check=True
        )
    finally:
        os.close(fd)
    return commands.parse_keyframes(done.stdout)


def test_parse_keyframes_keeps_only_flagged_packets() -> None:
    output = b"0.023000,K_\n0.063000,__\n2.023000,K_,\nN/A,K_\n\n4.0,KD\n"
    assert commands.parse_keyframes(output) == [0.023, 2.023, 4.0]


def test_the_input_is_a_descriptor_never_a_path() -> None:
    argv = commands.probe_command(7)
    assert argv[-1] == "/dev/fd/7"
    assert "-protocol_whitelist" in argv


def segment_start(path: Path) -> float:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=start_time", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    )
    return float(json.loads(done.stdout)["format"]["start_time"])


@pytest.mark.parametrize("file", ["h264", "hevc"])
def test_segments_keep_the_files_timeline(media: Media, file: str, tmp_path: Path) -> None:
    path: Path = getattr(media, file)
    decision = decide(parse_probe(probe_json(path)))
    plan = plan_stream(decision, real_keyframes(path), target=4.0)
    first_starts = []
    for segment in plan.segments.segments[:3]:
        out = tmp_path / f"{segment.index}.ts"
        fd = os.open(path, os.O_RDONLY)
        try:
            argv = commands.segment_command(fd, plan.decision, decision.audio[0], segment, str(out))
            subprocess.run(argv, pass_fds=(fd,), check=True, timeout=60)
        finally:
            os.close(fd)
        first_starts.append(segment_start(out) - segment.start)
    # Each segment starts where the plan says, give or take the muxer's constant delay.
    assert max(first_starts) - min(first_starts) < 0.1
