"""A streamed ZIP archive in stored mode (no compression: video does not compress), with ZIP64
for files or archives past 4 GiB. Pure: it makes the bytes around each file's data.

Each file's CRC-32 is only known once its bytes have gone out, so it follows the data in a data
descriptor (flag bit 3); the sizes are known up front, which makes the archive's total length
known before the first byte: downloads show progress and nothing is copied to disk.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

LIMIT_32 = 0xFFFFFFFF
LIMIT_16 = 0xFFFF
_FLAGS = 0x0008 | 0x0800  # sizes and CRC in a data descriptor; names in UTF-8
_MADE_BY = (3 << 8) | 45  # Unix, spec version 4.5 (ZIP64)
_FILE_MODE = 0o100644 << 16  # a plain readable file, for unzip on Unix
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_DESCRIPTOR_32 = struct.Struct("<IIII")
_DESCRIPTOR_64 = struct.Struct("<IIQQ")
_END = struct.Struct("<IHHHHIIH")
_END_64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR_64 = struct.Struct("<IIQI")


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: str  # "/"-separated path inside the archive
    size: int
    modified: datetime

    @property
    def zip64(self) -> bool:
        return self.size >= LIMIT_32

    @property
    def encoded_name(self) -> bytes:
        return self.name.encode("utf-8")


def dos_time(when: datetime) -> tuple[int, int]:
    """(time, date) in MS-DOS form, clamped to the years it can say (1980–2107)."""
    year = min(max(when.year, 1980), 2107)
    if year != when.year:
        when = datetime(year, 1 if year == 1980 else 12, 1 if year == 1980 else 31, 0, 0, 0)
    time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    date = ((year - 1980) << 9) | (when.month << 5) | when.day
    return time, date


def local_header(entry: ZipEntry) -> bytes:
    time, date = dos_time(entry.modified)
    name = entry.encoded_name
    # Sizes and CRC are zero here and given by the descriptor; ZIP64 says so with its extra.
    extra = struct.pack("<HHQQ", 0x0001, 16, 0, 0) if entry.zip64 else b""
    sizes = LIMIT_32 if entry.zip64 else 0
    version = 45 if entry.zip64 else 20
    fixed = _LOCAL.pack(
        0x04034B50, version, _FLAGS, 0, time, date, 0, sizes, sizes, len(name), len(extra)
    )
    return fixed + name + extra


def data_descriptor(entry: ZipEntry, crc: int) -> bytes:
    if entry.zip64:
        return _DESCRIPTOR_64.pack(0x08074B50, crc, entry.size, entry.size)
    return _DESCRIPTOR_32.pack(0x08074B50, crc, entry.size, entry.size)


def central_header(entry: ZipEntry, crc: int, offset: int) -> bytes:
    time, date = dos_time(entry.modified)
    name = entry.encoded_name
    fields: list[int] = []
    if entry.zip64:
        fields += [entry.size, entry.size]  # uncompressed, then compressed, as the spec orders
    if offset >= LIMIT_32:
        fields.append(offset)
    extra = struct.pack(f"<HH{len(fields)}Q", 0x0001, 8 * len(fields), *fields) if fields else b""
    size32 = LIMIT_32 if entry.zip64 else entry.size
    version = 45 if extra else 20
    fixed = _CENTRAL.pack(
        0x02014B50,
        _MADE_BY,
        version,
        _FLAGS,
        0,
        time,
        date,
        crc,
        size32,
        size32,
        len(name),
        len(extra),
        0,
        0,
        0,
        _FILE_MODE,
        min(offset, LIMIT_32),
    )
    return fixed + name + extra


def end_of_archive(count: int, directory_offset: int, directory_size: int) -> bytes:
    """The end records; ZIP64 ones first when a count, size or offset overflows the old ones."""
    tail = b""
    if count >= LIMIT_16 or directory_offset >= LIMIT_32 or directory_size >= LIMIT_32:
        end64_offset = directory_offset + directory_size
        tail = _END_64.pack(
            0x06064B50, 44, _MADE_BY, 45, 0, 0, count, count, directory_size, directory_offset
        ) + _LOCATOR_64.pack(0x07064B50, 0, end64_offset, 1)
    return tail + _END.pack(
        0x06054B50,
        0,
        0,
        min(count, LIMIT_16),
        min(count, LIMIT_16),
        min(directory_size, LIMIT_32),
        min(directory_offset, LIMIT_32),
        0,
    )


def offsets(entries: Sequence[ZipEntry]) -> tuple[list[int], int]:
    """Where each entry's local header starts, and where the central directory starts."""
    starts, position = [], 0
    for entry in entries:
        starts.append(position)
        position += len(local_header(entry)) + entry.size + len(data_descriptor(entry, 0))
    return starts, position


def central_directory(entries: Sequence[ZipEntry], crcs: Sequence[int]) -> bytes:
    starts, directory_offset = offsets(entries)
    directory = b"".join(
        central_header(entry, crc, start)
        for entry, crc, start in zip(entries, crcs, starts, strict=True)
    )
    return directory + end_of_archive(len(entries), directory_offset, len(directory))


def archive_size(entries: Sequence[ZipEntry]) -> int:
    """The exact length of the archive, before any file is read."""
    return len(central_directory(entries, [0] * len(entries))) + offsets(entries)[1]
