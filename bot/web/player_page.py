"""The player page and its error page. Pure: every value is escaped, no script is inline.

URLs on the page are relative to the link's own path (`/dl/<token>/<name>`), so they keep
working when the box is reached under a path prefix; the page's one token is the link's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.formatting import human_size

# Only the box's own assets: its script, hls.js, its style sheet; media from the same origin
# (hls.js feeds the video through a blob: URL and runs its demuxer in a blob: worker).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; media-src 'self' blob:; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    url: str
    language: str = ""


_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="{root}static/player.css">
{scripts}</head>
<body>
<h1>{title}</h1>
"""

_FOOT = """<div class="controls">
{audio}<a class="button" id="download" href="{download}" download>Download</a>
<span class="note">{size}</span>
</div>
{notes}</body>
</html>
"""


def render_player(
    *,
    title: str,
    root: str,
    download_url: str,
    size: int,
    audio: Sequence[Choice],
    subtitles: Sequence[Choice],
    notes: Sequence[str] = (),
) -> str:
    """`root` leads from the page's URL to the server's root ("../../"); `audio[0]` plays first."""
    scripts = (
        f'<script src="{escape(root)}static/hls.light.min.js" defer></script>\n'
        f'<script src="{escape(root)}static/player.js" defer></script>\n'
    )
    tracks = "".join(
        f'<track kind="subtitles" src="{escape(s.url)}" label="{escape(s.label)}"'
        + (f' srclang="{escape(s.language)}"' if s.language else "")
        + (" default" if i == 0 else "")
        + ">\n"
        for i, s in enumerate(subtitles)
    )
    video = (
        f'<video id="player" controls playsinline preload="metadata" '
        f'data-src="{escape(audio[0].url)}">\n{tracks}</video>\n'
        '<p id="status" class="status" role="status"></p>\n'
    )
    picker = ""
    if len(audio) > 1:
        options = "".join(
            f'<option value="{escape(a.url)}">{escape(a.label)}</option>' for a in audio
        )
        picker = f'<label>Audio <select id="audio">{options}</select></label>\n'
    return (
        _HEAD.format(title=escape(title), root=escape(root), scripts=scripts)
        + video
        + _foot(download_url, size, picker, notes)
    )


def render_unplayable(*, title: str, root: str, download_url: str, size: int, message: str) -> str:
    """The page for a file the browser cannot be given: why, and the Download button."""
    body = f'<p id="status" class="status error" role="alert">{escape(message)}</p>\n'
    return (
        _HEAD.format(title=escape(title), root=escape(root), scripts="")
        + body
        + _foot(download_url, size, "", ())
    )


def _foot(download_url: str, size: int, picker: str, notes: Sequence[str]) -> str:
    lines = "".join(f'<p class="note">{escape(n)}</p>\n' for n in notes)
    return _FOOT.format(
        audio=picker, download=escape(download_url), size=escape(human_size(size)), notes=lines
    )
