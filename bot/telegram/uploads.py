"""Sending a download's files into the chat, for those under the Bot API's upload limit.

Files are opened with the same `open_inside` the link server uses: nothing below DOWNLOAD_DIR that
is a symlink or not a regular file is ever read. A file is read whole before it is sent
(python-telegram-bot uploads from memory), so the limit also bounds memory.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import TelegramError

from bot.commands.base import Reply, Upload
from bot.formatting import human_size
from bot.telegram.replies import send_reply
from bot.web.safe_open import Refused, open_inside

logger = logging.getLogger(__name__)

PUBLIC_API_HOST = "api.telegram.org"
PUBLIC_UPLOAD_LIMIT = 50_000_000  # bytes the public Bot API takes in one upload
LOCAL_UPLOAD_LIMIT = 2_000_000_000  # bytes a local telegram-bot-api server takes
UPLOAD_TIMEOUT = 600.0  # seconds to write one upload; the default suits short requests only


class _TooBig(Exception):
    """The file grew past the limit after it was listed."""


def upload_limit_for(base_url: str) -> int:
    """The public Bot API takes 50 MB; a local telegram-bot-api server takes 2000 MB."""
    host = (urlsplit(base_url).hostname or "").lower()
    return PUBLIC_UPLOAD_LIMIT if host == PUBLIC_API_HOST else LOCAL_UPLOAD_LIMIT


async def send_uploads(bot: Bot, chat_id: int, uploads: Sequence[Upload], limit: int) -> int:
    """Send each file that fits as a document; say which did not fit (their links are in the
    reply above). Returns how many were sent."""
    sent = 0
    too_big: list[Upload] = []
    for upload in uploads:
        if upload.size > limit:
            too_big.append(upload)
            continue
        try:
            data = await asyncio.to_thread(_read, Path(upload.base), upload.parts, limit)
        except _TooBig:
            too_big.append(upload)
            continue
        except (Refused, OSError) as exc:
            # The link server refuses the same file; the log says why, the chat keeps the link.
            logger.warning("not sending %s into chat %d: %s", upload.parts, chat_id, exc)
            continue
        try:
            await bot.send_document(
                chat_id, data, filename=upload.name, write_timeout=UPLOAD_TIMEOUT
            )
        except TelegramError as exc:
            logger.warning("Telegram did not take %s for chat %d: %s", upload.name, chat_id, exc)
            continue
        sent += 1
    if too_big:
        names = ", ".join(f"{u.name} ({human_size(u.size)})" for u in too_big)
        text = f"Too big to send here (over {human_size(limit)}): {names}. Use the link above."
        await send_reply(bot, chat_id, Reply(text))  # many names may need splitting
    return sent


def _read(base: Path, parts: Sequence[str], limit: int) -> bytes:
    fd, info = open_inside(base, parts)
    with os.fdopen(fd, "rb") as file:
        if info.st_size > limit:
            raise _TooBig(f"{info.st_size} bytes")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise _TooBig(f"over {limit} bytes")
    return data
