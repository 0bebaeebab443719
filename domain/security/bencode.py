"""A bencode reader for untrusted .torrent files: bounded in size, depth and element count, and
strict (canonical integers, sorted unique keys), so a hostile file costs little and fails with
InvalidTorrent. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidTorrent

MAX_TORRENT_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 32
MAX_ELEMENTS = 200_000

Value = int | bytes | list["Value"] | dict[bytes, "Value"]


@dataclass(frozen=True, slots=True)
class Decoded:
    value: Value
    info_span: tuple[int, int] | None  # where the top-level "info" dict's bytes are


class _Reader:
    def __init__(self, data: bytes, max_elements: int) -> None:
        self.data = data
        self.pos = 0
        self.left = max_elements
        self.info_span: tuple[int, int] | None = None

    def fail(self, why: str) -> InvalidTorrent:
        return InvalidTorrent(f"{why} at byte {self.pos}")

    def value(self, depth: int) -> Value:
        if depth > MAX_DEPTH:
            raise self.fail("nested too deeply")
        self.left -= 1
        if self.left < 0:
            raise self.fail("too many elements")
        if self.pos >= len(self.data):
            raise self.fail("unexpected end")
        lead = self.data[self.pos]
        if lead == ord("i"):
            return self.integer()
        if lead == ord("l"):
            self.pos += 1
            items: list[Value] = []
            while self._peek() != ord("e"):
                items.append(self.value(depth + 1))
            self.pos += 1
            return items
        if lead == ord("d"):
            return self.dictionary(depth)
        if ord("0") <= lead <= ord("9"):
            return self.string()
        raise self.fail("not bencode")

    def _peek(self) -> int:
        if self.pos >= len(self.data):
            raise self.fail("unexpected end")
        return self.data[self.pos]

    def integer(self) -> int:
        end = self.data.find(b"e", self.pos + 1, self.pos + 1 + 32)
        if end < 0:
            raise self.fail("unterminated or oversized integer")
        text = self.data[self.pos + 1 : end]
        digits = text[1:] if text.startswith(b"-") else text
        if (
            not digits.isdigit()
            or not digits.isascii()
            or (digits.startswith(b"0") and len(digits) > 1)
            or text == b"-0"
        ):
            raise self.fail("malformed integer")
        self.pos = end + 1
        return int(text)

    def string(self) -> bytes:
        colon = self.data.find(b":", self.pos, self.pos + 12)
        if colon < 0:
            raise self.fail("malformed string length")
        length_text = self.data[self.pos : colon]
        if not length_text.isdigit() or (length_text.startswith(b"0") and len(length_text) > 1):
            raise self.fail("malformed string length")
        start, end = colon + 1, colon + 1 + int(length_text)
        if end > len(self.data):
            raise self.fail("string runs past the end")
        self.pos = end
        return self.data[start:end]

    def dictionary(self, depth: int) -> dict[bytes, Value]:
        self.pos += 1
        result: dict[bytes, Value] = {}
        previous: bytes | None = None
        while self._peek() != ord("e"):
            if not ord("0") <= self._peek() <= ord("9"):
                raise self.fail("dictionary key is not a string")
            key = self.string()
            if previous is not None and key <= previous:
                raise self.fail("dictionary keys not sorted or repeated")
            previous = key
            start = self.pos
            result[key] = self.value(depth + 1)
            if depth == 0 and key == b"info":
                self.info_span = (start, self.pos)
        self.pos += 1
        return result


def decode(
    data: bytes, *, max_bytes: int = MAX_TORRENT_BYTES, max_elements: int = MAX_ELEMENTS
) -> Decoded:
    """One bencoded value filling `data` exactly; InvalidTorrent for anything else."""
    if len(data) > max_bytes:
        raise InvalidTorrent(f"larger than {max_bytes} bytes")
    reader = _Reader(data, max_elements)
    value = reader.value(0)
    if reader.pos != len(data):
        raise InvalidTorrent(f"trailing bytes after byte {reader.pos}")
    return Decoded(value, reader.info_span)
