from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import UTC, datetime

import pytest

from bot.web.zipstream import (
    LIMIT_32,
    ZipEntry,
    archive_size,
    central_directory,
    central_header,
    data_descriptor,
    dos_time,
    end_of_archive,
    local_header,
)

WHEN = datetime(2026, 3, 4, 5, 6, 8, tzinfo=UTC)


def build(files: dict[str, bytes]) -> tuple[bytes, list[ZipEntry]]:
    """An archive made exactly as the server streams it."""
    entries = [ZipEntry(name, len(data), WHEN) for name, data in files.items()]
    out, crcs = io.BytesIO(), []
    for entry, data in zip(entries, files.values(), strict=True):
        crc = zlib.crc32(data)
        crcs.append(crc)
        out.write(local_header(entry) + data + data_descriptor(entry, crc))
    out.write(central_directory(entries, crcs))
    return out.getvalue(), entries


FILES = {
    "Frieren S01/Frieren - 01.mkv": b"\x1aE\xdf\xa3" + bytes(range(256)) * 40,
    "Frieren S01/subs/日本語.ass": b"[Script Info]\n",
    "Frieren S01/empty.nfo": b"",
}


def test_pythons_zipfile_reads_it_back_byte_for_byte() -> None:
    archive, entries = build(FILES)
    assert len(archive) == archive_size(entries)  # the Content-Length sent up front
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == list(FILES)
        for name, data in FILES.items():
            info = zf.getinfo(name)
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.date_time == (2026, 3, 4, 5, 6, 8)
            assert zf.read(name) == data


def test_an_empty_archive_is_valid() -> None:
    archive, entries = build({})
    assert len(archive) == archive_size(entries) == 22
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert zf.namelist() == []


def test_a_file_over_4_gib_gets_zip64_fields() -> None:
    size = 5 * 1024**3
    entry = ZipEntry("big.mkv", size, WHEN)
    header = local_header(entry)
    assert struct.unpack_from("<IHHHHHIII", header)[0] == 0x04034B50
    version, _, _, _, _, crc, compressed, uncompressed = struct.unpack_from("<HHHHHIII", header, 4)
    assert crc == 0  # given by the descriptor
    assert (version, compressed, uncompressed) == (45, LIMIT_32, LIMIT_32)
    assert header.endswith(struct.pack("<HHQQ", 1, 16, 0, 0))
    assert data_descriptor(entry, 0xDEADBEEF) == struct.pack(
        "<IIQQ", 0x08074B50, 0xDEADBEEF, size, size
    )
    central = central_header(entry, 0xDEADBEEF, 6 * 1024**3)
    assert central.endswith(struct.pack("<HH3Q", 1, 24, size, size, 6 * 1024**3))
    assert struct.unpack_from("<I", central, 42)[0] == LIMIT_32  # the offset is in the extra


def test_zipfile_reads_the_directory_of_a_huge_archive() -> None:
    """Sizes and offsets past 4 GiB, checked by parsing the central directory and end records
    that the server would send (the data itself is not needed to read them)."""
    entries = [ZipEntry("a.mkv", 5 * 1024**3, WHEN), ZipEntry("b.mkv", 3, WHEN)]
    tail = central_directory(entries, [1, 2])
    first = len(local_header(entries[0])) + entries[0].size + len(data_descriptor(entries[0], 0))
    total = archive_size(entries)

    class Sparse(io.RawIOBase):
        """Zeros up to the directory, then the real end of the archive."""

        pos = 0

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return True

        def seek(self, offset: int, whence: int = 0) -> int:
            self.pos = {0: 0, 1: self.pos, 2: total}[whence] + offset
            return self.pos

        def tell(self) -> int:
            return self.pos

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            start = total - len(tail)
            data = bytearray(len(buffer))
            for i in range(len(buffer)):
                at = self.pos + i
                if at >= total:
                    data = data[:i]
                    break
                data[i] = tail[at - start] if at >= start else 0
            buffer[: len(data)] = data
            self.pos += len(data)
            return len(data)

    with zipfile.ZipFile(Sparse()) as zf:
        a, b = zf.infolist()
        assert (a.filename, a.file_size, a.compress_size, a.header_offset) == (
            "a.mkv",
            5 * 1024**3,
            5 * 1024**3,
            0,
        )
        assert (b.file_size, b.header_offset, b.CRC) == (3, first, 2)


def test_many_entries_use_zip64_end_records() -> None:
    record = end_of_archive(70_000, 10, 20)
    assert record.startswith(struct.pack("<I", 0x06064B50))
    assert struct.unpack_from("<HH", record, len(record) - 22 + 8) == (0xFFFF, 0xFFFF)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 3, 4, 5, 6, 9), (2026, 3, 4, 5, 6, 8)),
        (datetime(1970, 1, 1), (1980, 1, 1, 0, 0, 0)),
        (datetime(2200, 1, 1), (2107, 12, 31, 0, 0, 0)),
    ],
)
def test_dos_time_clamps(when: datetime, expected: tuple[int, ...]) -> None:
    time, date = dos_time(when)
    decoded = (
        (date >> 9) + 1980,
        (date >> 5) & 15,
        date & 31,
        time >> 11,
        (time >> 5) & 63,
        (time & 31) * 2,
    )
    assert decoded == expected
