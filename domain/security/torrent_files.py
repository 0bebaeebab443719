"""Checking a .torrent before qBittorrent sees it: well-formed, bounded, and every path relative,
without `..`, and no symlink entries. Pure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from domain.errors import InvalidTorrent
from domain.security.bencode import MAX_TORRENT_BYTES, Value, decode

MAX_FILES = 10_000
MAX_PATH_PART = 255


@dataclass(frozen=True, slots=True)
class TorrentMeta:
    info_hash: str  # SHA-1 of the info dict, 40 lower-case hex digits
    name: str
    files: tuple[tuple[str, int], ...]  # (relative path, size)

    @property
    def size(self) -> int:
        return sum(size for _, size in self.files)


def _text(value: Value, what: str) -> str:
    if not isinstance(value, bytes):
        raise InvalidTorrent(f"{what} is not a string")
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidTorrent(f"{what} is not UTF-8") from exc
    return text


def _part(value: Value) -> str:
    part = _text(value, "a path part")
    if (
        not part
        or part in (".", "..")
        or "/" in part
        or "\\" in part
        or "\0" in part
        or len(part) > MAX_PATH_PART
        or (len(part) >= 2 and part[1] == ":")  # a Windows drive, C:
    ):
        raise InvalidTorrent(f"unsafe path part {part[:40]!r}")
    return part


def _size(value: Value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidTorrent("a file length is not a non-negative integer")
    return value


def _no_symlink(entry: dict[bytes, Value]) -> None:
    attr = entry.get(b"attr", b"")
    if (isinstance(attr, bytes) and b"l" in attr) or b"symlink path" in entry:
        raise InvalidTorrent("symlink entries are refused")


def parse_torrent(data: bytes, *, max_bytes: int = MAX_TORRENT_BYTES) -> TorrentMeta:
    decoded = decode(data, max_bytes=max_bytes)
    root = decoded.value
    if not isinstance(root, dict) or decoded.info_span is None:
        raise InvalidTorrent("no info dictionary")
    info = root[b"info"]
    if not isinstance(info, dict):
        raise InvalidTorrent("info is not a dictionary")
    name = _part(info.get(b"name", b""))
    _no_symlink(info)
    files: list[tuple[str, int]] = []
    listed = info.get(b"files")
    if listed is None:
        files.append((name, _size(info.get(b"length", -1))))
    else:
        if not isinstance(listed, list) or not listed or len(listed) > MAX_FILES:
            raise InvalidTorrent(f"files must be a list of 1 to {MAX_FILES} entries")
        for entry in listed:
            if not isinstance(entry, dict):
                raise InvalidTorrent("a file entry is not a dictionary")
            _no_symlink(entry)
            path = entry.get(b"path")
            if not isinstance(path, list) or not path:
                raise InvalidTorrent("a file has no path")
            parts = [_part(p) for p in path]
            files.append(("/".join([name, *parts]), _size(entry.get(b"length", -1))))
    start, end = decoded.info_span
    return TorrentMeta(hashlib.sha1(data[start:end]).hexdigest(), name, tuple(files))
