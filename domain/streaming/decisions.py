"""What to do with each stream of a file so a phone's browser plays it. Pure.

iOS Safari and Chrome for Android both decode 8-bit H.264 and AAC, and little else that anime
releases carry, so that is what the HLS output holds: a stream already in that shape is copied
(cheap), anything else is transcoded (costly, so within the transcode slots). Each decision keeps
its reason, for the logs and the page. Text subtitles are offered; bitmap ones (PGS, VobSub)
need OCR or burning in, and are left out with a reason.

ASS and SSA keep their typesetting only when libass draws them with the file's own fonts: such
a track is offered to the page's libass renderer (WebAssembly) as it is, with the file's font
attachments, and as WebVTT too, for a browser that cannot run it. Other text tracks are WebVTT.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import UnplayableMedia
from domain.streaming.probe import (
    Attachment,
    AudioStream,
    MediaProbe,
    SubtitleStream,
    VideoStream,
)

# H.264 profiles every phone decodes in hardware; "High 10", "High 4:2:2" and the rest do not.
PHONE_H264_PROFILES = frozenset({"baseline", "constrained baseline", "main", "high"})
PHONE_PIXEL_FORMATS = frozenset({"yuv420p", "yuvj420p"})
TEXT_SUBTITLES = frozenset({"ass", "ssa", "subrip", "srt", "webvtt", "mov_text", "text"})
LIBASS_SUBTITLES = frozenset({"ass", "ssa"})
BITMAP_SUBTITLES = frozenset(
    {"hdmv_pgs_subtitle", "dvd_subtitle", "dvb_subtitle", "xsub", "dvb_teletext"}
)


@dataclass(frozen=True, slots=True)
class Limits:
    """What is copied, what is refused outright, and what a transcode aims at."""

    copy_max_width: int = 3840  # phones decode 4K H.264; beyond is for the transcoder
    copy_max_height: int = 2160
    max_width: int = 8192  # a larger picture is a hostile or broken file: refused
    max_height: int = 8192
    max_duration: float = 12 * 3600.0
    transcode_max_height: int = 720  # what a small box keeps up with in real time
    max_audio_tracks: int = 16
    max_subtitle_tracks: int = 64
    max_fonts: int = 64  # attached fonts offered to the libass renderer


class Action(StrEnum):
    COPY = "copy"
    TRANSCODE = "transcode"


class Renderer(StrEnum):
    """Who draws a subtitle track on the page."""

    LIBASS = "libass"  # the ASS script as it is, with the file's fonts; WebVTT as the fallback
    WEBVTT = "webvtt"  # the browser's own text track


@dataclass(frozen=True, slots=True)
class VideoDecision:
    stream: VideoStream
    action: Action
    reason: str
    scale_height: int | None = None  # what a transcode scales down to, when it must


@dataclass(frozen=True, slots=True)
class AudioDecision:
    stream: AudioStream
    action: Action
    reason: str

    @property
    def label(self) -> str:
        return _label(self.stream.title, self.stream.language, self.stream.index)


@dataclass(frozen=True, slots=True)
class SubtitleOffer:
    stream: SubtitleStream

    @property
    def renderer(self) -> Renderer:
        return Renderer.LIBASS if self.stream.codec in LIBASS_SUBTITLES else Renderer.WEBVTT

    @property
    def label(self) -> str:
        return _label(self.stream.title, self.stream.language, self.stream.index)


@dataclass(frozen=True, slots=True)
class StreamDecision:
    duration: float
    video: VideoDecision
    audio: tuple[AudioDecision, ...]  # the first is the default choice
    subtitles: tuple[SubtitleOffer, ...]
    skipped: tuple[str, ...]  # streams left out, each with its reason
    fonts: tuple[Attachment, ...] = ()  # for the libass renderer; none without an ASS track

    @property
    def transcodes(self) -> bool:
        """Whether a segment needs the costly encoder (audio alone is cheap)."""
        return self.video.action is Action.TRANSCODE

    def with_video(self, video: VideoDecision) -> StreamDecision:
        return StreamDecision(
            self.duration, video, self.audio, self.subtitles, self.skipped, self.fonts
        )


def decide(probe: MediaProbe, limits: Limits = Limits()) -> StreamDecision:
    """The plan for one file; UnplayableMedia when nothing sensible can be made of it."""
    if not probe.video:
        raise UnplayableMedia("the file has no video stream")
    if probe.duration <= 0:
        raise UnplayableMedia("the file's length is unknown")
    if probe.duration > limits.max_duration:
        raise UnplayableMedia(f"the file claims to last {probe.duration:.0f}s")
    main = next((v for v in probe.video if v.default), probe.video[0])
    video = decide_video(main, limits)
    skipped: list[str] = []
    audio: list[AudioDecision] = []
    for stream in probe.audio:
        if len(audio) == limits.max_audio_tracks:
            skipped.append(f"audio {stream.index}: more than {limits.max_audio_tracks} tracks")
            continue
        audio.append(decide_audio(stream))
    # The file's default track first: it is what plays until the viewer picks another.
    audio.sort(key=lambda a: not a.stream.default)
    subtitles: list[SubtitleOffer] = []
    for sub in probe.subtitles:
        if sub.codec in BITMAP_SUBTITLES:
            skipped.append(f"subtitle {sub.index}: {sub.codec} is a picture, not text")
        elif sub.codec not in TEXT_SUBTITLES:
            skipped.append(f"subtitle {sub.index}: unknown subtitle format {sub.codec!r}")
        elif len(subtitles) == limits.max_subtitle_tracks:
            skipped.append(f"subtitle {sub.index}: more than {limits.max_subtitle_tracks} tracks")
        else:
            subtitles.append(SubtitleOffer(sub))
    subtitles.sort(key=lambda s: not s.stream.default)
    fonts: list[Attachment] = []
    if any(s.renderer is Renderer.LIBASS for s in subtitles):
        for font in probe.fonts:
            if len(fonts) == limits.max_fonts:
                skipped.append(f"attachment {font.index}: more than {limits.max_fonts} fonts")
                continue
            fonts.append(font)
    return StreamDecision(
        probe.duration, video, tuple(audio), tuple(subtitles), tuple(skipped), tuple(fonts)
    )


def decide_video(stream: VideoStream, limits: Limits = Limits()) -> VideoDecision:
    width, height = stream.width, stream.height
    if width <= 0 or height <= 0:
        raise UnplayableMedia(f"video {stream.index} has no picture size")
    if width > limits.max_width or height > limits.max_height:
        raise UnplayableMedia(f"video {stream.index} is {width}x{height}")
    scale = height if height <= limits.transcode_max_height else limits.transcode_max_height
    scale_height = None if scale == height else scale
    if stream.codec != "h264":
        return VideoDecision(stream, Action.TRANSCODE, f"{stream.codec} video", scale_height)
    if stream.bit_depth != 8 or stream.pix_fmt not in PHONE_PIXEL_FORMATS:
        reason = f"{stream.bit_depth}-bit {stream.pix_fmt or 'unknown pixel format'} H.264"
        return VideoDecision(stream, Action.TRANSCODE, reason, scale_height)
    if stream.profile.lower() not in PHONE_H264_PROFILES:
        reason = f"H.264 profile {stream.profile or 'unknown'}"
        return VideoDecision(stream, Action.TRANSCODE, reason, scale_height)
    if width > limits.copy_max_width or height > limits.copy_max_height:
        return VideoDecision(stream, Action.TRANSCODE, f"{width}x{height} H.264", scale_height)
    return VideoDecision(stream, Action.COPY, "8-bit H.264", scale_height)


def decide_audio(stream: AudioStream) -> AudioDecision:
    if stream.codec == "aac" and 1 <= stream.channels <= 2:
        return AudioDecision(stream, Action.COPY, "AAC")
    reason = f"{stream.codec or 'unknown'} audio, {stream.channels} channels"
    return AudioDecision(stream, Action.TRANSCODE, reason)


def _label(title: str, language: str, index: int) -> str:
    parts = [p for p in (title, language) if p]
    if len(parts) == 2 and parts[0].lower() == parts[1].lower():
        parts = parts[:1]
    return " · ".join(parts) or f"Track {index}"
