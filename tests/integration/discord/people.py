"""Who talks to the bot in these tests, and how a person uses slash commands, autocomplete and
buttons: each action is the INTERACTION_CREATE payload Discord's gateway would send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.standins.discord import (
    ApiCall,
    DiscordStandIn,
    StoredMessage,
    dm_channel_id,
    user_object,
)

ADMIN_ID = 111_111_111_111_111_111  # in ADMIN_DISCORD_IDS
MEMBER_ID = 222_222_222_222_222_222  # known, not an admin
STRANGER_ID = 333_333_333_333_333_333
GUILD_ID = 444_444_444_444_444_444
CHANNEL_ID = 555_555_555_555_555_555
REPLY_WITHIN = 5.0

MANAGE_CHANNELS = 1 << 4
SEND_MESSAGES = 1 << 11
_OPTION_TYPES = {str: 3, int: 4, bool: 5}


@dataclass(frozen=True, slots=True)
class Person:
    standin: DiscordStandIn
    user_id: int
    name: str
    guild_id: int | None = None  # None: a direct message with the bot
    permissions: int = SEND_MESSAGES
    guild_channel_id: int = CHANNEL_ID  # where in the server they write

    def in_guild(
        self,
        permissions: int = SEND_MESSAGES,
        *,
        guild_id: int = GUILD_ID,
        channel_id: int = CHANNEL_ID,
    ) -> Person:
        return Person(self.standin, self.user_id, self.name, guild_id, permissions, channel_id)

    @property
    def channel_id(self) -> int:
        return self.guild_channel_id if self.guild_id else dm_channel_id(self.user_id)

    async def slash(self, name: str, **options: object) -> int:
        """Run `/name` with options; returns the interaction id."""
        data: dict[str, Any] = {"id": "1", "name": name, "type": 1}
        given = [
            {"name": key, "type": _OPTION_TYPES[type(value)], "value": value}
            for key, value in options.items()
            if value is not None
        ]
        if given:
            data["options"] = given
        return await self._push(2, data)

    async def type_into(self, name: str, option: str, typed: str, kind: type = str) -> int:
        """Type into an option that autocompletes; returns the interaction id."""
        data = {
            "id": "1",
            "name": name,
            "type": 1,
            "options": [
                {"name": option, "type": _OPTION_TYPES[kind], "value": typed, "focused": True}
            ],
        }
        return await self._push(4, data)

    async def press(self, message: StoredMessage, custom_id: str) -> int:
        assert custom_id in message.custom_ids, f"no {custom_id!r} in {message.custom_ids}"
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._push(3, data, message=self.standin.message_payload(message.id))

    async def pick(self, message: StoredMessage, value: str) -> int:
        assert value in message.select_values(), f"no {value!r} in {message.select_values()}"
        data = {"custom_id": "pick", "component_type": 3, "values": [value]}
        return await self._push(3, data, message=self.standin.message_payload(message.id))

    async def answer(self, interaction_id: int) -> StoredMessage:
        """The message the interaction's answer ended up in, once it has its words."""
        await self.standin.wait_until(
            lambda: (
                (message := self.standin.original(interaction_id)) is not None
                and bool(message.content)
            ),
            REPLY_WITHIN,
        )
        message = self.standin.original(interaction_id)
        assert message is not None
        return message

    async def told(self, interaction_id: int) -> ApiCall:
        """The follow-up message an interaction got (where errors go after "thinking…")."""
        token = f"interaction-token-{interaction_id}"
        return await self.standin.wait_for(
            lambda c: c.method == "POST" and c.path.endswith(f"/{token}"), REPLY_WITHIN
        )

    async def callback(self, interaction_id: int) -> ApiCall:
        return await self.standin.wait_for(lambda c: c.is_callback(interaction_id), REPLY_WITHIN)

    async def _push(self, kind: int, data: dict[str, Any], **extra: Any) -> int:
        interaction_id = self.standin.new_id()
        user = user_object(self.user_id, self.name)
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.standin.application_id),
            "type": kind,
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "data": data,
            "channel_id": str(self.channel_id),
            "locale": "en-US",
            "attachment_size_limit": 8 * 1024 * 1024,
            "app_permissions": str(SEND_MESSAGES),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)} if self.guild_id else {},
            **extra,
        }
        if self.guild_id:
            payload["guild_id"] = str(self.guild_id)
            payload["channel"] = {
                "id": str(self.channel_id),
                "type": 0,
                "guild_id": str(self.guild_id),
                "name": "anime-club",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            }
            payload["member"] = {
                "user": user,
                "roles": [],
                "permissions": str(self.permissions),
                "joined_at": "2025-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
            payload["context"] = 0
        else:
            payload["channel"] = {"id": str(self.channel_id), "type": 1, "recipients": [user]}
            payload["user"] = user
            payload["context"] = 1
        await self.standin.push_interaction(payload)
        return interaction_id
