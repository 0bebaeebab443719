"""The probe and the decisions, from real ffprobe output of real files, and hand-kept shapes
for what cannot be made here (bitmap subtitles, absurd sizes, broken documents)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import UnplayableMedia
from domain.streaming.decisions import Action, Limits, Renderer, decide
from domain.streaming.probe import parse_probe
from tests.unit.streaming.media import Media, probe_json


def test_h264_with_two_aac_tracks_ass_and_a_font(media: Media) -> None:
    probe = parse_probe(probe_json(media.h264))
    assert probe.duration == pytest.approx(media.seconds, abs=0.1)
    (video,) = probe.video
    assert (video.codec, video.bit_depth, video.width, video.height) == ("h264", 8, 320, 240)
    assert [(a.codec, a.language, a.title, a.default) for a in probe.audio] == [
        ("aac", "jpn", "Japanese", True),
        ("aac", "eng", "English dub", False),
    ]
    (subtitle,) = probe.subtitles
    assert (subtitle.codec, subtitle.language, subtitle.title) == ("ass", "eng", "Full subtitles")
    assert [f.filename for f in probe.fonts] == ["DejaVuSans.ttf"]


@pytest.mark.parametrize(
    ("file", "video", "video_reason", "audio", "audio_reason"),
    [
        ("h264", Action.COPY, "8-bit H.264", Action.COPY, "AAC"),
        ("hevc", Action.TRANSCODE, "hevc video", Action.TRANSCODE, "flac audio, 1 channels"),
        (
            "h264_10bit",
            Action.TRANSCODE,
            "10-bit yuv420p10le H.264",
            Action.TRANSCODE,
            "opus audio, 1 channels",
        ),
    ],
)
def test_each_real_file_gets_its_decision(
    media: Media,
    file: str,
    video: Action,
    video_reason: str,
    audio: Action,
    audio_reason: str,
) -> None:
    decision = decide(parse_probe(probe_json(getattr(media, file))))
    assert (decision.video.action, decision.video.reason) == (video, video_reason)
    assert (decision.audio[0].action, decision.audio[0].reason) == (audio, audio_reason)


def test_text_subtitles_are_offered_with_labels(media: Media) -> None:
    decision = decide(parse_probe(probe_json(media.h264)))
    assert [s.label for s in decision.subtitles] == ["Full subtitles · eng"]
    assert [a.label for a in decision.audio] == ["Japanese · jpn", "English dub · eng"]


def _stream(**fields: Any) -> dict[str, Any]:
    return fields


def _document(*streams: dict[str, Any], duration: str = "1420.5") -> dict[str, Any]:
    fmt = {"format_name": "matroska,webm", "duration": duration}
    return {"streams": list(streams), "format": fmt}


H264_1080 = _stream(
    index=0,
    codec_type="video",
    codec_name="h264",
    profile="High",
    pix_fmt="yuv420p",
    width=1920,
    height=1080,
    disposition={"default": 1},
)


def test_bitmap_subtitles_are_left_out_with_a_reason() -> None:
    document = _document(
        H264_1080,
        _stream(index=1, codec_type="subtitle", codec_name="hdmv_pgs_subtitle"),
        _stream(index=2, codec_type="subtitle", codec_name="subrip", tags={"language": "und"}),
        _stream(index=3, codec_type="subtitle", codec_name="dvd_subtitle"),
    )
    decision = decide(parse_probe(document))
    assert [s.stream.index for s in decision.subtitles] == [2]
    assert decision.subtitles[0].label == "Track 2"
    assert decision.skipped == (
        "subtitle 1: hdmv_pgs_subtitle is a picture, not text",
        "subtitle 3: dvd_subtitle is a picture, not text",
    )


def test_a_cover_image_is_not_the_video() -> None:
    cover = _stream(
        index=0,
        codec_type="video",
        codec_name="mjpeg",
        width=600,
        height=600,
        disposition={"attached_pic": 1},
    )
    probe = parse_probe(_document(cover, {**H264_1080, "index": 1}))
    assert [v.index for v in probe.video] == [1]


def test_big_h264_is_scaled_down_when_transcoded_for_another_reason() -> None:
    hi10 = {**H264_1080, "profile": "High 10", "pix_fmt": "yuv420p10le"}
    video = decide(parse_probe(_document(hi10))).video
    assert (video.action, video.scale_height) == (Action.TRANSCODE, 720)


def test_surround_aac_is_mixed_down_and_ac3_transcoded() -> None:
    document = _document(
        H264_1080,
        _stream(index=1, codec_type="audio", codec_name="aac", channels=6),
        _stream(index=2, codec_type="audio", codec_name="ac3", channels=6),
    )
    decision = decide(parse_probe(document))
    assert [a.action for a in decision.audio] == [Action.TRANSCODE, Action.TRANSCODE]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"error": {"code": -1094995529}}, "ffprobe found no streams"),
        ([], "ffprobe output is not an object"),
        (_document(_stream(index=0, codec_type="audio", codec_name="aac")), "no video stream"),
        (_document({**H264_1080, "width": 100_000, "height": 100_000}), "is 100000x100000"),
        (_document({**H264_1080, "width": 0}), "has no picture size"),
        (_document({**H264_1080, "width": "wide"}), "has no picture size"),
        (_document(H264_1080, duration="1e12"), "claims to last"),
        (_document(H264_1080, duration="nan"), "length is unknown"),
        (_document(H264_1080, duration="-5"), "length is unknown"),
    ],
)
def test_broken_or_absurd_files_are_refused(document: object, message: str) -> None:
    with pytest.raises(UnplayableMedia, match=message):
        decide(parse_probe(document))


def test_junk_inside_a_document_is_ignored() -> None:
    document = _document(
        "not a stream",
        {"index": -1, "codec_type": "video"},
        {"index": True, "codec_type": "video"},
        {**H264_1080, "tags": ["not", "a", "map"], "disposition": None},
    )
    probe = parse_probe(document)
    assert [v.index for v in probe.video] == [0]


def test_duration_falls_back_to_matroskas_stream_tag() -> None:
    tagged = {**H264_1080, "tags": {"DURATION": "00:23:40.021000000"}}
    probe = parse_probe({"streams": [tagged], "format": {}})
    assert probe.duration == pytest.approx(1420.021)


def test_ass_goes_to_libass_with_the_files_fonts_and_other_text_to_webvtt(media: Media) -> None:
    decision = decide(parse_probe(probe_json(media.h264)))
    assert [s.renderer for s in decision.subtitles] == [Renderer.LIBASS]
    assert [f.filename for f in decision.fonts] == ["DejaVuSans.ttf"]


FONT = _stream(
    index=5, codec_type="attachment", tags={"filename": "Font.otf", "mimetype": "font/otf"}
)


@pytest.mark.parametrize(
    ("codecs", "renderers", "fonts"),
    [
        (["subrip"], [Renderer.WEBVTT], 0),  # no ASS track: fonts would be drawn by no one
        (["ssa", "subrip"], [Renderer.LIBASS, Renderer.WEBVTT], 1),
        (["webvtt", "ass"], [Renderer.WEBVTT, Renderer.LIBASS], 1),
        ([], [], 0),
    ],
)
def test_who_draws_each_subtitle_and_which_fonts_go_with_them(
    codecs: list[str], renderers: list[Renderer], fonts: int
) -> None:
    subtitles = [
        _stream(index=1 + k, codec_type="subtitle", codec_name=codec)
        for k, codec in enumerate(codecs)
    ]
    decision = decide(parse_probe(_document(H264_1080, *subtitles, FONT)))
    assert [s.renderer for s in decision.subtitles] == renderers
    assert len(decision.fonts) == fonts


def test_fonts_beyond_the_limit_are_left_out_with_a_reason() -> None:
    many = [
        _stream(index=10 + k, codec_type="attachment", tags={"filename": f"f{k}.ttf"})
        for k in range(4)
    ]
    document = _document(
        H264_1080, _stream(index=1, codec_type="subtitle", codec_name="ass"), *many
    )
    decision = decide(parse_probe(document), Limits(max_fonts=2))
    assert [f.index for f in decision.fonts] == [10, 11]
    assert decision.skipped == (
        "attachment 12: more than 2 fonts",
        "attachment 13: more than 2 fonts",
    )
