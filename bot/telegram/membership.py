"""Whether a Telegram user belongs to a group, asked of Telegram (`domain.ports.GroupMembership`);
lets members of an allowed group in without an invite when they write to the bot privately."""

from __future__ import annotations

import logging

from telegram import Bot, ChatMember
from telegram.error import TelegramError

logger = logging.getLogger(__name__)

_IN = frozenset(
    {ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER, ChatMember.RESTRICTED}
)


class TelegramMembership:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def is_member(self, group_id: str, external_id: str) -> bool:
        try:
            member = await self._bot.get_chat_member(int(group_id), int(external_id))
        except (TelegramError, ValueError) as exc:
            # Unknown counts as "not a member": nobody gets in on a failed question.
            logger.warning("could not ask Telegram who is in chat %s: %s", group_id, exc)
            return False
        if member.status == ChatMember.RESTRICTED:
            return bool(getattr(member, "is_member", False))
        return member.status in _IN
