"""ffprobe's JSON (`-show_format -show_streams`) as a value. Pure.

Only what the decisions need is kept; anything missing, of the wrong type or absurd is read as
absent rather than trusted, and a document with no usable shape at all is UnplayableMedia.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import UnplayableMedia

_BIT_DEPTH = re.compile(r"p(9|10|12|14|16)(le|be)?$")
FONT_MIMETYPES = frozenset(
    {
        "font/ttf",
        "font/otf",
        "font/sfnt",
        "font/collection",
        "font/woff",
        "font/woff2",
        "application/x-truetype-font",
        "application/x-font-ttf",
        "application/x-font-otf",
        "application/x-font-opentype",
        "application/vnd.ms-opentype",
        "application/font-sfnt",
    }
)
FONT_EXTENSIONS = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


@dataclass(frozen=True, slots=True)
class VideoStream:
    index: int  # the stream's number in the file, as ffmpeg's -map 0:<index> takes it
    codec: str
    profile: str
    pix_fmt: str
    bit_depth: int
    width: int
    height: int
    default: bool


@dataclass(frozen=True, slots=True)
class AudioStream:
    index: int
    codec: str
    profile: str
    channels: int
    language: str
    title: str
    default: bool


@dataclass(frozen=True, slots=True)
class SubtitleStream:
    index: int
    codec: str
    language: str
    title: str
    default: bool
    forced: bool


@dataclass(frozen=True, slots=True)
class Attachment:
    index: int
    filename: str
    mimetype: str

    @property
    def is_font(self) -> bool:
        return self.mimetype.lower() in FONT_MIMETYPES or self.filename.lower().endswith(
            FONT_EXTENSIONS
        )


@dataclass(frozen=True, slots=True)
class MediaProbe:
    format_name: str
    duration: float  # seconds; 0.0 when neither the container nor a stream says
    video: tuple[VideoStream, ...]
    audio: tuple[AudioStream, ...]
    subtitles: tuple[SubtitleStream, ...]
    attachments: tuple[Attachment, ...]

    @property
    def fonts(self) -> tuple[Attachment, ...]:
        return tuple(a for a in self.attachments if a.is_font)


def parse_probe(document: object) -> MediaProbe:
    """The probe of one file from ffprobe's decoded JSON; UnplayableMedia when it has no
    `streams` list (ffprobe found nothing it could read)."""
    if not isinstance(document, Mapping):
        raise UnplayableMedia("ffprobe output is not an object")
    streams = document.get("streams")
    if not isinstance(streams, list):
        raise UnplayableMedia("ffprobe found no streams")
    fmt = document.get("format")
    fmt = fmt if isinstance(fmt, Mapping) else {}
    video: list[VideoStream] = []
    audio: list[AudioStream] = []
    subtitles: list[SubtitleStream] = []
    attachments: list[Attachment] = []
    durations: list[float] = []
    for raw in streams:
        if not isinstance(raw, Mapping):
            continue
        index = _int(raw.get("index"))
        if index is None or index < 0:
            continue
        kind = _text(raw.get("codec_type"))
        tags = _tags(raw)
        disposition = raw.get("disposition")
        flags = disposition if isinstance(disposition, Mapping) else {}
        default = _int(flags.get("default")) == 1
        codec = _text(raw.get("codec_name")).lower()
        if kind == "video":
            if _int(flags.get("attached_pic")) == 1:
                continue  # a cover image, not the picture
            pix_fmt = _text(raw.get("pix_fmt")).lower()
            video.append(
                VideoStream(
                    index=index,
                    codec=codec,
                    profile=_text(raw.get("profile")),
                    pix_fmt=pix_fmt,
                    bit_depth=_bit_depth(pix_fmt, raw.get("bits_per_raw_sample")),
                    width=_int(raw.get("width")) or 0,
                    height=_int(raw.get("height")) or 0,
                    default=default,
                )
            )
        elif kind == "audio":
            audio.append(
                AudioStream(
                    index=index,
                    codec=codec,
                    profile=_text(raw.get("profile")),
                    channels=_int(raw.get("channels")) or 0,
                    language=_language(tags),
                    title=tags.get("title", ""),
                    default=default,
                )
            )
        elif kind == "subtitle":
            subtitles.append(
                SubtitleStream(
                    index=index,
                    codec=codec,
                    language=_language(tags),
                    title=tags.get("title", ""),
                    default=default,
                    forced=_int(flags.get("forced")) == 1,
                )
            )
        elif kind == "attachment":
            attachments.append(
                Attachment(
                    index=index,
                    filename=tags.get("filename", ""),
                    mimetype=tags.get("mimetype", ""),
                )
            )
        if kind in ("video", "audio"):
            found = _seconds(raw.get("duration")) or _clock_seconds(tags.get("duration", ""))
            if found:
                durations.append(found)
    duration = _seconds(fmt.get("duration")) or max(durations, default=0.0)
    return MediaProbe(
        format_name=_text(fmt.get("format_name")),
        duration=duration,
        video=tuple(video),
        audio=tuple(audio),
        subtitles=tuple(subtitles),
        attachments=tuple(attachments),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _seconds(value: Any) -> float:
    """A positive finite number of seconds, or 0.0."""
    try:
        seconds = float(value) if isinstance(value, str | int | float) else 0.0
    except ValueError:
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def _clock_seconds(text: str) -> float:
    """Matroska's DURATION tag, "00:23:40.021000000"."""
    match = re.fullmatch(r"(\d{1,3}):([0-5]\d):([0-5]\d(?:\.\d+)?)", text.strip())
    if match is None:
        return 0.0
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _tags(raw: Mapping[str, Any]) -> dict[str, str]:
    tags = raw.get("tags")
    if not isinstance(tags, Mapping):
        return {}
    # Matroska spells some tags in capitals (DURATION, FILENAME in old muxers).
    return {str(k).lower(): v.strip() for k, v in tags.items() if isinstance(v, str)}


def _language(tags: Mapping[str, str]) -> str:
    language = tags.get("language", "")
    return "" if language in ("und", "") else language


def _bit_depth(pix_fmt: str, bits: Any) -> int:
    """From the pixel format ("yuv420p10le" is 10), else ffprobe's bits_per_raw_sample."""
    match = _BIT_DEPTH.search(pix_fmt)
    if match:
        return int(match.group(1))
    raw = _int(bits)
    if raw is not None and 1 <= raw <= 16:
        return raw
    return 8
