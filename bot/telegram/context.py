"""The typed objects that carry the front-end's collaborators into every handler.

As in python-telegram-bot's contexttypesbot example: `bot_data` is a typed object rather than a
dict of string keys, and handlers receive a `TelegramContext` whose `front_end` is the one
`FrontEnd` that `build_application` bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot

from bot.commands import Command, Dispatcher, Services
from bot.progress import ProgressFollower
from bot.telegram.uploads import PUBLIC_UPLOAD_LIMIT


@dataclass(frozen=True, slots=True)
class FrontEnd:
    dispatcher: Dispatcher
    services: Services
    progress: ProgressFollower
    commands: Sequence[Command]  # what the command menu lists
    admin_chats: tuple[int, ...] = ()  # private chats of the bootstrap admins: the full menu
    upload_limit: int = PUBLIC_UPLOAD_LIMIT  # bytes of a file sent into a chat; bigger: a link


class BotData:
    """python-telegram-bot creates this empty; `build_application` binds the front-end once."""

    __slots__ = ("_front_end",)

    def __init__(self) -> None:
        self._front_end: FrontEnd | None = None

    def bind(self, front_end: FrontEnd) -> None:
        if self._front_end is not None:
            raise RuntimeError("the Telegram front-end is already bound")
        self._front_end = front_end

    @property
    def front_end(self) -> FrontEnd:
        if self._front_end is None:
            raise RuntimeError("the Telegram front-end was not bound; use build_application")
        return self._front_end


class TelegramContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def front_end(self) -> FrontEnd:
        return self.bot_data.front_end


TelegramApplication: TypeAlias = Application[
    ExtBot[None], TelegramContext, dict[Any, Any], dict[Any, Any], BotData, None
]
