"""One ffprobe or ffmpeg run with bounded wall time, memory, output file size and stdout.

The child gets its limits from setrlimit before it executes (RLIMIT_AS for memory, RLIMIT_FSIZE
for what it writes, RLIMIT_CPU as a backstop), runs in its own process group, and is killed when
its time is up or the awaiting task is cancelled: no job outlives its caller or hangs the box.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import resource
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from domain.errors import MediaToolFailed

logger = logging.getLogger(__name__)

STDERR_KEPT = 4096  # the tail of ffmpeg's complaints, for the log


@dataclass(frozen=True, slots=True)
class JobLimits:
    seconds: float  # wall time
    memory: int = 2 * 1024**3  # address space
    output_bytes: int = 512 * 1024**2  # the largest file the job may write
    stdout_bytes: int = 16 * 1024**2  # the most it may print


def _limit_child(limits: JobLimits) -> None:
    """Runs in the child between fork and exec: only setrlimit calls, nothing that locks."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
    cpu = int(limits.seconds * (os.cpu_count() or 1)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


async def run_tool(
    argv: Sequence[str], limits: JobLimits, *, pass_fds: Sequence[int] = ()
) -> bytes:
    """The job's stdout when it exits 0; MediaToolFailed when it fails, is killed by a limit,
    prints too much or runs out of time."""
    name = os.path.basename(argv[0])
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            pass_fds=tuple(pass_fds),
            start_new_session=True,
            preexec_fn=lambda: _limit_child(limits),
        )
    except OSError as exc:
        raise MediaToolFailed(f"could not start {name}: {exc}") from exc
    readers = [
        asyncio.ensure_future(_read_capped(process.stdout, limits.stdout_bytes)),
        asyncio.ensure_future(_read_capped(process.stderr, STDERR_KEPT, keep_tail=True)),
    ]
    try:
        async with asyncio.timeout(limits.seconds):
            out, err = await asyncio.gather(*readers)
            status = await process.wait()
    except TimeoutError:
        await _reap(process, readers)
        raise MediaToolFailed(f"{name} ran out of time ({limits.seconds:.0f}s)") from None
    except _TooMuch:
        await _reap(process, readers)
        raise MediaToolFailed(f"{name} printed more than {limits.stdout_bytes} bytes") from None
    except BaseException:
        # Reaped so no zombie is left, without letting a second cancellation stop the reaping.
        with contextlib.suppress(BaseException):
            await asyncio.shield(_reap(process, readers))
        raise
    if status != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        cause = f"signal {-status}" if status < 0 else f"status {status}"
        raise MediaToolFailed(f"{name} ended with {cause}: {' | '.join(tail)}")
    return out


class _TooMuch(Exception):
    pass


async def _read_capped(
    stream: asyncio.StreamReader | None, cap: int, *, keep_tail: bool = False
) -> bytes:
    if stream is None:
        return b""
    kept = bytearray()
    while chunk := await stream.read(64 * 1024):
        kept += chunk
        if len(kept) > cap:
            if not keep_tail:
                raise _TooMuch
            del kept[:-cap]
    return bytes(kept)


async def _reap(
    process: asyncio.subprocess.Process, readers: Sequence[asyncio.Future[bytes]]
) -> None:
    """Kill the job and wait for it. Its pipes are read to their end first: a pipe left full
    keeps its transport paused, and `wait` would never see it close."""
    _kill(process)
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    await asyncio.gather(_drain(process.stdout), _drain(process.stderr))
    await process.wait()


async def _drain(stream: asyncio.StreamReader | None) -> None:
    while stream is not None and await stream.read(64 * 1024):
        pass


def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
