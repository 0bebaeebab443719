"""A Telegram message as the progress follower edits it (see `bot/progress.py`).

It edits only when the text changed (Telegram refuses an edit that changes nothing), and turns
Telegram's answers into the follower's terms: a flood wait is `EditLater`, a message that cannot
be edited any more is `MessageGone`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.commands.downloads import render_status
from bot.progress import EditLater, MessageGone
from bot.telegram.ratelimit import retry_seconds
from bot.telegram.splitting import MAX_MESSAGE_LENGTH, utf16_length
from domain.models import DownloadStatus


def compose(header: str, status_text: str) -> str:
    """The reply that announced the download, then its live status. Pure."""
    text = f"{header}\n\n{status_text}"
    return text if utf16_length(text) <= MAX_MESSAGE_LENGTH else status_text


@dataclass(frozen=True, slots=True)
class TrackedMessage:
    """A bot reply in a chat; `header` is its own text, kept above the progress lines."""

    bot: Bot
    chat_id: int
    message_id: int
    header: str

    @property
    def key(self) -> tuple[int, int]:
        return (self.chat_id, self.message_id)

    async def render(self, status: DownloadStatus) -> object:
        return compose(self.header, render_status(status))

    async def edit(self, view: object) -> None:
        try:
            await self.bot.edit_message_text(
                str(view), chat_id=self.chat_id, message_id=self.message_id
            )
        except RetryAfter as exc:
            raise EditLater(retry_seconds(exc), "Telegram asks to wait") from exc
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise MessageGone(exc.message) from exc
        except Forbidden as exc:
            raise MessageGone(exc.message) from exc
        except NetworkError as exc:
            raise EditLater(0.0, str(exc)) from exc
