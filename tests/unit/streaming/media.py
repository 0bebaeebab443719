"""Real media for the streaming tests, made by ffmpeg: small, short, and what releases carry.

Every file is a testsrc2 picture with sine tones; the ASS track says known lines at known times,
so a test can tell which subtitle is on screen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FPS = 25
GOP_SECONDS = 2  # a keyframe every 2 s: copy-path cuts are deterministic

SUBTITLE_LINES = (
    (1.0, 4.0, "First line"),
    (5.0, 9.0, "Second line"),
    (18.0, 22.0, "Near the end"),
)

_ASS_HEAD = """[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 240

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,DejaVu Sans,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,\
0,0,1,1,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}.{int(seconds * 100) % 100:02d}"


def ass_script() -> str:
    events = "".join(
        f"Dialogue: 0,{_clock(start)},{_clock(end)},Default,,0,0,0,,{{\\b1}}{text}\n"
        for start, end, text in SUBTITLE_LINES
    )
    return _ASS_HEAD + events


@dataclass(frozen=True)
class Media:
    h264: Path  # 8-bit H.264 + two AAC tracks (jpn default, eng) + ASS + an attached font
    hevc: Path  # HEVC + FLAC
    h264_10bit: Path  # 10-bit H.264 + Opus
    garbage: Path  # not a video at all
    truncated: Path  # the start of a real MKV, cut off mid-cluster
    seconds: float  # how long h264 lasts
    short_seconds: float  # how long the transcode-path files last


def have_ffmpeg() -> bool:
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


def _picture(seconds: float) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=size=320x240:rate={FPS}:duration={seconds}"]


def _tone(seconds: float, frequency: int) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}"]


def make_media(folder: Path, seconds: float = 24.0, short_seconds: float = 12.0) -> Media:
    folder.mkdir(parents=True, exist_ok=True)
    ass = folder / "subs.ass"
    ass.write_text(ass_script(), encoding="utf-8")
    h264 = folder / "h264-aac-ass.mkv"
    attach = ["-attach", str(FONT), "-metadata:s:t", "mimetype=font/ttf"] if FONT.exists() else []
    _ffmpeg(
        *_picture(seconds),
        *_tone(seconds, 440),
        *_tone(seconds, 880),
        "-i",
        str(ass),
        *attach,
        *("-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-g", str(FPS * GOP_SECONDS), "-keyint_min", str(FPS * GOP_SECONDS)),
        *("-sc_threshold", "0"),
        *("-c:a", "aac", "-b:a", "64k", "-ac", "2", "-c:s", "ass"),
        *("-metadata:s:a:0", "language=jpn", "-metadata:s:a:0", "title=Japanese"),
        *("-metadata:s:a:1", "language=eng", "-metadata:s:a:1", "title=English dub"),
        *("-disposition:a:0", "default", "-disposition:a:1", "0"),
        *("-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=Full subtitles"),
        str(h264),
    )
    hevc = folder / "hevc-flac.mkv"
    _ffmpeg(
        *_picture(short_seconds),
        *_tone(short_seconds, 440),
        *("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"),
        *("-c:a", "flac"),
        str(hevc),
    )
    ten = folder / "h264-10bit-opus.mkv"
    _ffmpeg(
        *_picture(short_seconds),
        *_tone(short_seconds, 440),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"),
        *("-c:a", "libopus", "-b:a", "64k"),
        str(ten),
    )
    garbage = folder / "garbage.mkv"
    garbage.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 200)
    truncated = folder / "truncated.mkv"
    whole = h264.read_bytes()
    truncated.write_bytes(whole[: len(whole) * 3 // 5])
    return Media(h264, hevc, ten, garbage, truncated, seconds, short_seconds)


def probe_json(path: Path) -> dict[str, object]:
    """What real ffprobe says of a file, as the adapter asks it."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    document: dict[str, object] = json.loads(done.stdout)
    return document
