"""Response headers for served files: type, disposition, validators. Pure."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote

# Only types a browser shows without running anything; everything else downloads as bytes, so a
# torrent's .html or .svg can never script our origin.
CONTENT_TYPES: dict[str, str] = {
    ".mkv": "video/x-matroska",
    ".mk3d": "video/x-matroska",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".avi": "video/x-msvideo",
    ".mov": "video/quicktime",
    ".ts": "video/mp2t",
    ".m2ts": "video/mp2t",
    ".ogv": "video/ogg",
    ".wmv": "video/x-ms-wmv",
    ".flv": "video/x-flv",
    ".mka": "audio/x-matroska",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".srt": "application/x-subrip",
    ".ass": "text/x-ssa; charset=utf-8",
    ".ssa": "text/x-ssa; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".nfo": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".7z": "application/x-7z-compressed",
    ".rar": "application/vnd.rar",
    ".pdf": "application/octet-stream",  # pdf viewers run scripts; download it instead
}
FALLBACK_TYPE = "application/octet-stream"
_INLINE_PREFIXES = ("video/", "audio/", "image/")


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), FALLBACK_TYPE)


def content_disposition(name: str, *, inline: bool | None = None) -> str:
    """`inline` for media a phone plays from the link, `attachment` otherwise, with an ASCII
    `filename` every client reads and the exact UTF-8 name in `filename*` (RFC 6266/8187).

    Quotes, backslashes, control characters (CR/LF) and non-ASCII never reach the quoted form.
    """
    if inline is None:
        inline = content_type(name).startswith(_INLINE_PREFIXES)
    clean = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in name)
    clean = clean.strip() or "download"
    exact = quote(name.replace("\x00", ""), safe="")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{clean}\"; filename*=UTF-8''{exact}"


def entity_tag(size: int, mtime_ns: int) -> str:
    """A strong validator: changes whenever the file is rewritten or resized."""
    return f'"{mtime_ns:x}-{size:x}"'


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def modified_at(mtime_ns: int) -> datetime:
    return datetime.fromtimestamp(mtime_ns // 1_000_000_000, tz=UTC)
