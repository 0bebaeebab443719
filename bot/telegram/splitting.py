"""Cutting a reply into messages Telegram accepts. Pure."""

from __future__ import annotations

MAX_MESSAGE_LENGTH = 4096  # counted in UTF-16 code units, as Telegram counts


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Chunks of at most `limit` units, as few as will do. Breaks fall between paragraphs (blank
    lines) where possible, else between lines, else between words, else anywhere; never inside a
    character. Never an empty chunk."""
    if limit < 2:
        raise ValueError("limit must leave room for at least one character")
    paragraphs = [p.strip("\n") for p in text.split("\n\n")]
    pieces: list[str] = []
    for paragraph in paragraphs:
        if paragraph.strip():
            fits = utf16_length(paragraph) <= limit
            pieces.extend([paragraph] if fits else _pack(paragraph.split("\n"), "\n", limit))
    return _pack(pieces, "\n\n", limit)


def _pack(parts: list[str], joiner: str, limit: int) -> list[str]:
    """Greedily join consecutive parts while they fit; a part too long alone is cut further."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    gap = utf16_length(joiner)
    for part in parts:
        for piece in _cut_line(part, limit):
            units = utf16_length(piece)
            if current and size + gap + units > limit:
                chunks.append(joiner.join(current))
                current, size = [], 0
            size += units + (gap if current else 0)
            current.append(piece)
    chunks.append(joiner.join(current))
    # Blank lines at a break would show as empty space at the top or bottom of a message.
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _cut_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while utf16_length(line) > limit:
        head = _prefix(line, limit)
        space = head.rfind(" ")
        if space > 0:
            head = head[:space]
        pieces.append(head)
        line = line[len(head) :].lstrip(" ")
    pieces.append(line)
    return pieces


def _prefix(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` UTF-16 units, never halving a character."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text
