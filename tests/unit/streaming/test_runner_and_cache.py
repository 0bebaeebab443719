"""Jobs are bounded (time, memory, stdout) and leave no process behind; the cache keeps to its
budget, least recently used first out."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest

from bot.streaming.cache import SegmentCache
from bot.streaming.runner import JobLimits, run_tool
from domain.errors import MediaToolFailed


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_job_that_runs_too_long_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    script = f"import os,time; open({str(marker)!r},'w').write(str(os.getpid())); time.sleep(60)"
    started = time.monotonic()
    with pytest.raises(MediaToolFailed, match="ran out of time"):
        await run_tool([sys.executable, "-c", script], JobLimits(seconds=1.5))
    assert time.monotonic() - started < 10
    assert not alive(int(marker.read_text()))


async def test_a_cancelled_job_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    script = f"import os,time; open({str(marker)!r},'w').write(str(os.getpid())); time.sleep(60)"
    task = asyncio.create_task(run_tool([sys.executable, "-c", script], JobLimits(seconds=60)))
    deadline = time.monotonic() + 10
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the child never started"
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not alive(int(marker.read_text()))


async def test_memory_is_bounded() -> None:
    script = "x = bytearray(1024**3); print('allocated')"
    with pytest.raises(MediaToolFailed, match="ended with status 1"):
        await run_tool([sys.executable, "-c", script], JobLimits(seconds=20, memory=512 * 1024**2))


async def test_output_files_are_bounded(tmp_path: Path) -> None:
    target = tmp_path / "big"
    script = f"open({str(target)!r},'wb').write(b'x' * 10_000_000)"
    with pytest.raises(MediaToolFailed, match="File too large"):  # EFBIG (Python ignores SIGXFSZ)
        await run_tool([sys.executable, "-c", script], JobLimits(seconds=20, output_bytes=1000))


async def test_stdout_is_bounded() -> None:
    script = "import sys; sys.stdout.write('y' * 5_000_000)"
    with pytest.raises(MediaToolFailed, match="printed more than"):
        await run_tool([sys.executable, "-c", script], JobLimits(seconds=20, stdout_bytes=1000))


async def test_failure_says_what_the_tool_said() -> None:
    script = "import sys; sys.stderr.write('bad input\\n'); sys.exit(3)"
    with pytest.raises(MediaToolFailed, match="status 3: bad input"):
        await run_tool([sys.executable, "-c", script], JobLimits(seconds=20))


async def test_a_missing_program_is_a_clear_failure() -> None:
    with pytest.raises(MediaToolFailed, match="could not start"):
        await run_tool(["/nonexistent/ffmpeg"], JobLimits(seconds=5))


FOLDER = "0123456789abcdef0123456789abcdef"


def put(cache: SegmentCache, name: str, size: int) -> None:
    scratch = cache.scratch(f"{FOLDER}/{name}")
    scratch.write_bytes(b"x" * size)
    cache.commit(f"{FOLDER}/{name}", scratch)


def test_least_recently_used_goes_first(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, budget=300)
    cache.load()
    put(cache, "a0-0.ts", 100)
    put(cache, "a0-1.ts", 100)
    put(cache, "a0-2.ts", 100)
    fd = cache.open(f"{FOLDER}/a0-0.ts")  # used again: now the newest
    assert fd is not None
    os.close(fd)
    put(cache, "a0-3.ts", 100)
    assert cache.open(f"{FOLDER}/a0-1.ts") is None
    assert cache.used == 300
    kept = sorted(p.name for p in (tmp_path / FOLDER).iterdir())
    assert kept == ["a0-0.ts", "a0-2.ts", "a0-3.ts"]


def test_an_entry_bigger_than_the_budget_stays_until_the_next(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, budget=50)
    put(cache, "a0-0.ts", 100)
    assert (tmp_path / FOLDER / "a0-0.ts").exists()
    put(cache, "a0-1.ts", 100)
    assert not (tmp_path / FOLDER / "a0-0.ts").exists()


def test_what_earlier_runs_left_is_counted_and_leftovers_removed(tmp_path: Path) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "a0-0.ts").write_bytes(b"x" * 200)
    (folder / "a0-1.ts.123.456.part").write_bytes(b"x")
    cache = SegmentCache(tmp_path, budget=1000)
    cache.load()
    assert cache.used == 200
    assert not (folder / "a0-1.ts.123.456.part").exists()


def test_names_are_ours_only(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, budget=1000)
    for bad in ("../etc/passwd", f"{FOLDER}/../../x", "abc/def", f"{FOLDER}/a/b"):
        with pytest.raises(ValueError):
            cache.path(bad)
