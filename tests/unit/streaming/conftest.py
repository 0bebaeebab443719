"""Real media files, made once per test run by ffmpeg (skipped, saying why, without it)."""

from __future__ import annotations

import pytest

from tests.unit.streaming.media import Media, have_ffmpeg, make_media


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    if not have_ffmpeg():
        pytest.skip("ffmpeg and ffprobe are not installed (Debian package ffmpeg)")
    return make_media(tmp_path_factory.mktemp("media"))
