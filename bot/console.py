"""The console front-end: the same commands as the chat bots, typed in a terminal.

Whoever runs `iiitorrent console` has the machine's shell already, so they act as an admin.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable

from bot.commands import Caller, Dispatcher, Reply
from bot.error_text import describe
from bot.errors import BotError
from domain.errors import DomainError
from domain.models import Platform

logger = logging.getLogger(__name__)

OPERATOR = Caller(Platform.CONSOLE, "operator", "operator")
PROMPT = "iiitorrent> "
QUIT = frozenset({"/quit", "/exit", "quit", "exit"})


def render(reply: Reply) -> str:
    lines = [reply.text]
    for button in reply.buttons:
        lines.append(f"  [{button.label}]  {button.command}")
    return "\n".join(lines)


class Console:
    def __init__(
        self,
        dispatcher: Dispatcher,
        reader: asyncio.StreamReader,
        write: Callable[[str], None],
        *,
        caller: Caller = OPERATOR,
        prompt: str = "",
    ) -> None:
        self._dispatcher = dispatcher
        self._reader = reader
        self._write = write
        self._caller = caller
        self._prompt = prompt

    async def answer(self, text: str) -> str:
        """One line in, one reply out; every failure becomes a sentence, never a crash."""
        try:
            return render(await self._dispatcher.handle(self._caller, text))
        except (DomainError, BotError) as exc:
            logger.info("console command failed: %s", exc)
            return describe(exc)
        except Exception as exc:
            logger.exception("console command %r crashed", text[:80])
            return describe(exc)

    async def run(self) -> None:
        """Answer lines until end of input or /quit."""
        while True:
            if self._prompt:
                self._write(self._prompt)
            raw = await self._reader.readline()
            if not raw:
                return
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            if line.lower() in QUIT:
                return
            if not line.startswith("/"):
                line = "/" + line  # the slash is optional at a terminal
            self._write(await self.answer(line) + "\n")


async def stdin_reader() -> asyncio.StreamReader:
    """Standard input as a stream; a regular file (`< commands.txt`) is read the same way."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    except ValueError:
        # connect_read_pipe takes pipes, sockets and terminals but not regular files.
        reader.feed_data(sys.stdin.buffer.read())
        reader.feed_eof()
    return reader


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
