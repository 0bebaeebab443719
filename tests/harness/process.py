"""The `iiitorrent` process itself, started as a user would and talked to through its pipes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

ROOT = Path(__file__).resolve().parents[2]


def process_env(settings: Mapping[str, str]) -> dict[str, str]:
    """The machine's environment without any IIITorrent keys of its own, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if k not in _OUR_KEYS}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


_OUR_KEYS = {
    "DATABASE_URL", "DATA_DIR", "DOWNLOAD_DIR", "QBITTORRENT_URL", "QBITTORRENT_USERNAME",
    "QBITTORRENT_PASSWORD", "NYAA_URL", "ANILIST_API_URL", "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL", "DISCORD_BOT_TOKEN", "HTTP_PORT", "HTTP_HOST", "LOG_LEVEL",
}  # fmt: skip


class IIITorrent:
    """`python -m bot.cli <command>` in `cwd` (so no stray .env is read), with pipes.

    `send` writes a line to its standard input; `expect` waits until its standard output, past
    what earlier `expect`s consumed, matches a pattern.
    """

    def __init__(self, command: str, settings: Mapping[str, str], cwd: Path) -> None:
        self.command = command
        self.env = process_env(settings)
        self.cwd = cwd
        self.output = ""
        self.errors = ""
        self._consumed = 0
        self._process: asyncio.subprocess.Process | None = None
        self._readers: list[asyncio.Task[None]] = []
        self._changed = asyncio.Event()

    async def __aenter__(self) -> Self:
        self.cwd.mkdir(parents=True, exist_ok=True)
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", self.command,
            cwd=self.cwd, env={**self.env, "PYTHONPATH": str(ROOT)},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert self._process.stdout and self._process.stderr
        self._readers = [
            asyncio.create_task(self._pump(self._process.stdout, "output")),
            asyncio.create_task(self._pump(self._process.stderr, "errors")),
        ]
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    async def _pump(self, stream: asyncio.StreamReader, into: str) -> None:
        while chunk := await stream.read(65536):
            setattr(self, into, getattr(self, into) + chunk.decode("utf-8", errors="replace"))
            self._changed.set()

    async def send(self, line: str) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(line.encode() + b"\n")
        await self._process.stdin.drain()

    async def expect(self, pattern: str, *, within: float = 30.0, source: str = "output") -> str:
        """The first match of `pattern` past the last one; fails with the output on time-out."""
        deadline = time.monotonic() + within
        regex = re.compile(pattern)
        while True:
            text = getattr(self, source)
            start = self._consumed if source == "output" else 0
            match = regex.search(text, start)
            if match:
                if source == "output":
                    self._consumed = match.end()
                return match.group(0)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self.returncode is not None and not self._changed.is_set()):
                raise AssertionError(
                    f"no {pattern!r} within {within}s (exit {self.returncode});\n"
                    f"stdout:\n{text[start:][-3000:]}\nstderr:\n{self.errors[-3000:]}"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 0.5))

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.returncode

    async def stop(self, *, within: float = 20.0) -> int:
        """SIGTERM (as a service manager would), then SIGKILL if it lingers; the exit code."""
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self._process.wait(), within)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
        await asyncio.gather(*self._readers, return_exceptions=True)
        return self._process.returncode or 0

    async def exited(self, *, within: float = 30.0) -> int:
        """Its exit code once it ends by itself (a refusal at start); fails if it is still up."""
        assert self._process is not None
        try:
            await asyncio.wait_for(self._process.wait(), within)
        except TimeoutError:
            raise AssertionError(
                f"still running after {within}s;\nstderr:\n{self.errors[-3000:]}"
            ) from None
        await asyncio.gather(*self._readers, return_exceptions=True)
        return self._process.returncode

    async def kill(self) -> int:
        """SIGKILL, as a crash or the OOM killer would: no handler, no clean-up; the exit code
        (-9)."""
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGKILL)
        code = await self._process.wait()
        await asyncio.gather(*self._readers, return_exceptions=True)
        return code

    async def close_input(self, *, within: float = 20.0) -> int:
        """End of input: the console finishes and exits by itself."""
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), within)
        finally:
            await self.stop()
        return self._process.returncode or 0

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None:
            await self.stop()
