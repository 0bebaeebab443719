"""The small HTML page listing a batch's files. Pure: every name is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.formatting import human_size
from bot.web.headers import content_type
from domain.services.files import FileLink

# No scripts, no outside requests, no framing: the page only shows names and links.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 48rem; padding: 0 1rem; }}
li {{ margin: .5rem 0; word-break: break-word; }}
.size {{ color: #666; white-space: nowrap; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{count} files, {total}. <a href="{zip_url}" download>Download all as one zip</a></p>
<ul>
{items}
</ul>
</body>
</html>
"""


def render_listing(
    title: str, files: Sequence[FileLink], zip_url: str, *, player: bool = False
) -> str:
    """With `player`, each video's link opens the player page (a browser following a file link
    gets it) and says so, and a Download link beside it fetches the file itself."""
    items = "\n".join(_item(f, player=player and _is_video(f.name)) for f in files)
    return _PAGE.format(
        title=escape(title),
        count=len(files),
        total=escape(human_size(sum(f.size for f in files))),
        zip_url=escape(zip_url),
        items=items,
    )


def _item(file: FileLink, *, player: bool) -> str:
    url, size = escape(file.url), escape(human_size(file.size))
    if not player:
        return f'<li><a href="{url}">{escape(file.name)}</a> <span class="size">{size}</span></li>'
    return (
        f'<li><a href="{url}" class="play">\u25b6 Play {escape(file.name)}</a> '
        f'<span class="size">{size}</span> '
        f'<a href="{url}?download=1" download>Download</a></li>'
    )


def _is_video(name: str) -> bool:
    return content_type(name).startswith("video/")
