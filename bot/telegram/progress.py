"""Keeping a download's reply message edited with its progress until the download is done.

One task per tracked message. It edits only when the text changed (Telegram refuses an edit that
changes nothing), waits out a RetryAfter, and stops when the download completes, disappears, the
message can no longer be edited, or after a cap; `close` cancels whatever is still running.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.commands import Caller, Services
from bot.commands.downloads import render_status
from bot.telegram.ratelimit import retry_seconds
from bot.telegram.splitting import MAX_MESSAGE_LENGTH, utf16_length
from domain.errors import DomainError, ExternalServiceError, NotFound
from domain.models import DownloadState

logger = logging.getLogger(__name__)

DEFAULT_CAP = 6 * 3600.0  # seconds; a download still running after this is checked with /status
_FINAL_STATES = (DownloadState.COMPLETED, DownloadState.MISSING)


@dataclass(frozen=True, slots=True)
class TrackedMessage:
    chat_id: int
    message_id: int
    header: str  # the reply's own text, kept above the progress lines


def compose(header: str, status_text: str) -> str:
    """The reply that announced the download, then its live status. Pure."""
    text = f"{header}\n\n{status_text}"
    return text if utf16_length(text) <= MAX_MESSAGE_LENGTH else status_text


class ProgressTracker:
    def __init__(
        self, services: Services, *, interval: float = 5.0, cap: float = DEFAULT_CAP
    ) -> None:
        if interval <= 0:
            raise ValueError("progress interval must be positive")
        self._services = services
        self._interval = interval
        self._cap = cap
        self._tasks: dict[tuple[int, int], asyncio.Task[None]] = {}
        self._closed = False

    @property
    def active(self) -> int:
        """How many messages are being kept up to date."""
        return len(self._tasks)

    def track(self, bot: Bot, caller: Caller, download_id: int, message: TrackedMessage) -> None:
        if self._closed:
            return
        key = (message.chat_id, message.message_id)
        previous = self._tasks.pop(key, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.create_task(
            self._follow(bot, caller, download_id, message),
            name=f"telegram-progress-{message.chat_id}-{message.message_id}",
        )
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))

    async def close(self) -> None:
        self._closed = True
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()

    def _forget(self, key: tuple[int, int], task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]

    async def _follow(
        self, bot: Bot, caller: Caller, download_id: int, message: TrackedMessage
    ) -> None:
        try:
            await self._edit_until_done(bot, caller, download_id, message)
        except asyncio.CancelledError:
            raise
        except Exception:
            # A task nobody awaits must not swallow its failure silently.
            logger.exception("progress of download %d stopped by an error", download_id)

    async def _edit_until_done(
        self, bot: Bot, caller: Caller, download_id: int, message: TrackedMessage
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._cap
        try:
            user = await self._services.accounts.identify(
                caller.platform, caller.external_id, caller.display_name
            )
        except DomainError as exc:
            logger.info("not following download %d: %s", download_id, exc)
            return
        shown = message.header
        delay = self._interval
        while loop.time() < deadline:
            await asyncio.sleep(delay)
            delay = self._interval
            try:
                status = await self._services.downloads.status(user, download_id)
            except NotFound:
                logger.debug("download %d is gone; progress stops", download_id)
                return
            except ExternalServiceError as exc:
                logger.debug("progress of download %d unknown for now: %s", download_id, exc)
                continue
            text = compose(message.header, render_status(status))
            if text != shown:
                try:
                    await bot.edit_message_text(
                        text, chat_id=message.chat_id, message_id=message.message_id
                    )
                except RetryAfter as exc:
                    delay = max(self._interval, retry_seconds(exc))
                    logger.info("Telegram asks to wait %.0fs before editing again", delay)
                    continue
                except BadRequest as exc:
                    if "not modified" not in exc.message.lower():
                        logger.info("progress of download %d stops: %s", download_id, exc.message)
                        return
                except Forbidden as exc:
                    logger.info("progress of download %d stops: %s", download_id, exc.message)
                    return
                except NetworkError as exc:
                    logger.debug("editing progress of download %d failed: %s", download_id, exc)
                    continue
                shown = text
            if status.state in _FINAL_STATES:
                return
        logger.info("stopped following download %d after %.0fs", download_id, self._cap)
