"""ffprobe and ffmpeg command lines, built only from our own decisions. Pure.

The input is always `/dev/fd/<n>`: a descriptor the caller opened with `open_inside`, handed to
the child with pass_fds, so no path is ever spelled on a command line. Every number is formatted
here from values the probe gave; nothing else goes in.
"""

from __future__ import annotations

from domain.streaming.decisions import Action, AudioDecision, StreamDecision
from domain.streaming.segments import Segment

FFPROBE = "ffprobe"
FFMPEG = "ffmpeg"
_QUIET = ("-nostdin", "-hide_banner", "-loglevel", "error")
# Only plain files through the descriptor: a crafted container cannot make ffmpeg open a URL.
_INPUT_GUARD = ("-protocol_whitelist", "file,pipe")
X264_PRESET = "veryfast"  # what a few ARM cores keep up with at 720p
AUDIO_BITRATE = "160k"


def source(fd: int) -> str:
    return f"/dev/fd/{int(fd)}"


def probe_command(fd: int) -> list[str]:
    return [
        FFPROBE,
        *_QUIET[1:],
        *_INPUT_GUARD,
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        source(fd),
    ]


def keyframes_command(fd: int, stream_index: int) -> list[str]:
    """Every packet's time and flags for one stream, read without decoding."""
    return [
        FFPROBE,
        *_QUIET[1:],
        *_INPUT_GUARD,
        "-select_streams",
        str(int(stream_index)),
        "-show_entries",
        "packet=pts_time,flags",
        "-of",
        "csv=p=0",
        source(fd),
    ]


def parse_keyframes(output: bytes) -> list[float]:
    """Times of the packets flagged K in `keyframes_command`'s output."""
    times = []
    for line in output.decode("ascii", "replace").splitlines():
        time, _, flags = line.partition(",")
        if flags.startswith("K"):
            try:
                times.append(float(time))
            except ValueError:
                continue
    return times


def segment_command(
    fd: int,
    decision: StreamDecision,
    audio: AudioDecision | None,
    segment: Segment,
    output: str,
) -> list[str]:
    """One MPEG-TS segment: the file from `segment.start` for `segment.duration`, its timestamps
    kept on the file's timeline (-output_ts_offset) so segments made apart join up."""
    video = decision.video
    argv = [
        FFMPEG,
        *_QUIET,
        *_INPUT_GUARD,
        "-ss",
        _seconds(segment.start),
        "-i",
        source(fd),
        "-t",
        _seconds(segment.duration),
        "-map",
        f"0:{int(video.stream.index)}",
    ]
    if audio is not None:
        argv += ["-map", f"0:{int(audio.stream.index)}"]
    if video.action is Action.COPY:
        argv += ["-c:v", "copy"]
    else:
        argv += [
            "-c:v",
            "libx264",
            "-preset",
            X264_PRESET,
            "-crf",
            "23",
            "-profile:v",
            "high",
            "-pix_fmt",
            "yuv420p",
            "-threads",
            "0",
        ]
        if video.scale_height is not None:
            argv += ["-vf", f"scale=-2:{int(video.scale_height)}"]
    if audio is not None:
        if audio.action is Action.COPY:
            argv += ["-c:a", "copy"]
        else:
            argv += ["-c:a", "aac", "-ac", "2", "-b:a", AUDIO_BITRATE]
    argv += [
        "-sn",
        "-dn",
        "-map_metadata",
        "-1",
        "-map_chapters",
        "-1",
        "-output_ts_offset",
        _seconds(segment.start),
        "-f",
        "mpegts",
        "-y",
        output,
    ]
    return argv


def subtitle_command(fd: int, stream_index: int, output: str) -> list[str]:
    """One text subtitle track as WebVTT (styling is lost; positions and times are kept)."""
    return _one_track(fd, stream_index, output, codec="webvtt", form="webvtt")


def ass_command(fd: int, stream_index: int, output: str) -> list[str]:
    """One ASS or SSA track as an .ass script, as it is: for libass on the page."""
    return _one_track(fd, stream_index, output, codec="copy", form="ass")


def _one_track(fd: int, stream_index: int, output: str, *, codec: str, form: str) -> list[str]:
    return [
        FFMPEG,
        *_QUIET,
        *_INPUT_GUARD,
        "-i",
        source(fd),
        "-map",
        f"0:{int(stream_index)}",
        "-c:s",
        codec,
        "-f",
        form,
        "-y",
        output,
    ]


def font_command(fd: int, attachment_index: int, output: str) -> list[str]:
    """One attachment's bytes written to `output`; nothing is decoded (`-t 0` to a null sink,
    which ffmpeg needs to have an output at all)."""
    return [
        FFMPEG,
        *_QUIET,
        *_INPUT_GUARD,
        "-y",
        f"-dump_attachment:{int(attachment_index)}",
        output,
        "-i",
        source(fd),
        "-t",
        "0",
        "-f",
        "null",
        "-",
    ]


def _seconds(value: float) -> str:
    return f"{max(0.0, float(value)):.6f}"
