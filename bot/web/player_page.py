"""The player page and its error page. Pure: every value is escaped, no script is inline.

URLs on the page are relative to the link's own path (`/dl/<token>/<name>`), so they keep
working when the box is reached under a path prefix; the page's one token is the link's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.formatting import human_size

# Only the box's own assets: its script, hls.js, JASSUB, its style sheet; media from the same
# origin (hls.js feeds the video through a blob: URL and runs its demuxer in a blob: worker;
# JASSUB's worker is /static/jassub-worker.js and compiles libass's WebAssembly, which is what
# 'wasm-unsafe-eval' allows: no JavaScript eval). JASSUB positions its canvas
# through the CSSOM, which style-src does not govern.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; media-src 'self' blob:; "
    "style-src 'self'; connect-src 'self'; img-src 'self'; "
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    url: str
    language: str = ""
    ass: str = ""  # a subtitle's own ASS script, for libass; "" for a WebVTT-only track


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
    fonts: Sequence[str] = (),
    notes: Sequence[str] = (),
    position_url: str | None = None,
    resume_at: float | None = None,
    watched: tuple[int, str] | None = None,
) -> str:
    """`root` leads from the page's URL to the server's root ("../../"); `audio[0]` plays first.

    With `position_url` the page reports where the viewer is there; `resume_at` (seconds) offers
    to carry on from there; `watched` (episode, URL) offers, late in the file, to mark it
    watched."""
    libass = any(s.ass for s in subtitles)
    scripts = (
        f'<script src="{escape(root)}static/hls.light.min.js" defer></script>\n'
        + (f'<script src="{escape(root)}static/jassub.umd.js" defer></script>\n' if libass else "")
        + f'<script src="{escape(root)}static/player.js" defer></script>\n'
    )
    tracks = "".join(
        f'<track kind="subtitles" src="{escape(s.url)}" label="{escape(s.label)}"'
        + (f' srclang="{escape(s.language)}"' if s.language else "")
        + (f' data-ass="{escape(s.ass)}"' if s.ass else "")
        + (" default" if i == 0 else "")
        + ">\n"
        for i, s in enumerate(subtitles)
    )
    data = f' data-src="{escape(audio[0].url)}"'
    if libass:
        data += f' data-static="{escape(root)}static/"'
        data += f' data-fonts="{escape(" ".join(fonts))}"'
    if position_url is not None:
        data += f' data-position-url="{escape(position_url)}"'
    offers = ""
    if resume_at is not None:
        data += f' data-resume="{resume_at:.1f}"'
        offers += (
            '<div id="resume" class="offer">\n'
            f'<button type="button" id="resume-yes">Resume from {clock(resume_at)}</button>\n'
            '<button type="button" id="resume-no">Start over</button>\n</div>\n'
        )
    if watched is not None:
        episode, url = watched
        offers += (
            f'<button type="button" id="watched" class="offer" data-url="{escape(url)}"'
            f' data-episode="{episode}" hidden>Mark episode {episode} watched</button>\n'
        )
    video = (
        f'<video id="player" controls playsinline preload="metadata"{data}>\n'
        f"{tracks}</video>\n"
        f"{offers}"
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


def clock(seconds: float) -> str:
    """12:34, or 1:02:03 past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
