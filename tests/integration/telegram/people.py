"""Who talks to the bot in these tests, what Nyaa and AniList know, and how a person chats."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.telegram.context import TelegramApplication
from domain.models import Media
from tests.fakes import release
from tests.standins.telegram import ApiCall, ChatMessage, TelegramStandIn

ADMIN_ID = 1001  # in ADMIN_TELEGRAM_IDS
MEMBER_ID = 2002  # known, not an admin
STRANGER_ID = 3003  # nobody invited them
GROUP_ID = -100200300
REPLY_WITHIN = 5.0  # seconds; the issue asks for a clear reply "within seconds"

BEST_HASH = "a" * 40
FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    synonyms=("Frieren",),
    episodes=28,
    status="FINISHED",
)
RELEASES = [
    release("[SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv", BEST_HASH, seeders=900),
    release("[SubsPlease] Sousou no Frieren - 05 (720p) [0B3D5E7F].mkv", "b" * 40, seeders=400),
    release("[Erai-raws] Sousou no Frieren - 05 [1080p].mkv", "c" * 40, seeders=800, remake=True),
    release("[Nobody] Sousou no Frieren - 05 (1080p).mkv", "d" * 40, seeders=0),
    release("[SubsPlease] Sousou no Frieren - 06 (1080p) [6A1B2C3D].mkv", "e" * 40, seeders=700),
]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone writing to the bot, privately or in a group."""

    standin: TelegramStandIn
    user_id: int
    first_name: str
    chat_id: int | None = None  # None: their private chat with the bot

    @property
    def chat(self) -> int:
        return self.user_id if self.chat_id is None else self.chat_id

    def in_group(self, group_id: int = GROUP_ID) -> Person:
        return Person(self.standin, self.user_id, self.first_name, group_id)

    async def send(self, text: str) -> ChatMessage:
        """Write `text` and return the bot's (first) message in answer."""
        mark = len(self.standin.calls)
        self.write(text)
        call = await self.standin.wait_for(self._sent_here, REPLY_WITHIN, since=mark)
        assert call.message_id is not None
        return self.standin.message(self.chat, call.message_id)

    def write(self, text: str) -> int:
        """Write `text` without waiting for an answer; returns the message's id in the chat."""
        chat_type = "private" if self.chat_id is None else "supergroup"
        return self.standin.push_message(
            self.user_id, text, self.chat_id, chat_type=chat_type, first_name=self.first_name
        )

    async def press(self, message: ChatMessage, data: str) -> ApiCall:
        """Press the button carrying `data` under `message`; returns what the bot did in answer
        (an edit of that message, or a new message)."""
        assert data in message.button_data, f"no button {data!r} under {message.text!r}"
        mark = len(self.standin.calls)
        query_id = self.standin.push_callback(
            self.user_id, data, message.message_id, self.chat, first_name=self.first_name
        )
        await self.standin.wait_for(
            lambda c: (
                c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
            ),
            REPLY_WITHIN,
            since=mark,
        )
        return await self.standin.wait_for(
            # Progress edits of other messages in the chat are not the answer to this press.
            lambda c: (
                self._sent_here(c)
                or (
                    c.method == "editMessageText"
                    and c.ok
                    and c.chat_id == self.chat
                    and c.message_id == message.message_id
                )
            ),
            REPLY_WITHIN,
            since=mark,
        )

    async def press_refused(self, message: ChatMessage, data: str) -> str:
        """Press a button the bot refuses this person; returns the alert only they see."""
        assert data in message.button_data, f"no button {data!r} under {message.text!r}"
        mark = len(self.standin.calls)
        query_id = self.standin.push_callback(
            self.user_id, data, message.message_id, self.chat, first_name=self.first_name
        )
        answer = await self.standin.wait_for(
            lambda c: (
                c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
            ),
            REPLY_WITHIN,
            since=mark,
        )
        assert answer.params.get("show_alert") is True, answer.params
        return str(answer.params.get("text", ""))

    def _sent_here(self, call: ApiCall) -> bool:
        return call.method == "sendMessage" and call.chat_id == self.chat and call.ok


async def settled(application: TelegramApplication, standin: TelegramStandIn) -> None:
    """Until the Application has no update left in hand, so every answer's calls are made: the
    bot is on this loop, so each pass through `sleep(0)` lets it run; none waits for time."""
    processor, queue = application.update_processor, application.update_queue

    def busy() -> bool:  # fetched, queued or being handled
        return bool(
            standin.pending_updates() or queue.qsize() or processor.current_concurrent_updates
        )

    async with asyncio.timeout(REPLY_WITHIN):
        while busy():  # noqa: ASYNC110
            await asyncio.sleep(0)
