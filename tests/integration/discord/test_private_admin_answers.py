"""Issue 17: admin commands asked in a server channel are answered ephemerally, like personal
ones: nobody else in the channel sees an invite code or the user list."""

from __future__ import annotations

from tests.integration.discord.people import Person
from tests.standins.discord import EPHEMERAL


async def test_an_invite_asked_in_a_channel_is_ephemeral(admin: Person) -> None:
    in_channel = admin.in_guild()
    interaction = await in_channel.slash("invite")
    acknowledged = await in_channel.callback(interaction)
    answer = await in_channel.answer(interaction)

    assert acknowledged.body["data"]["flags"] & EPHEMERAL
    assert answer.ephemeral
    assert "/start " in answer.content


async def test_the_user_list_asked_in_a_channel_is_ephemeral(admin: Person) -> None:
    in_channel = admin.in_guild()
    interaction = await in_channel.slash("users")
    acknowledged = await in_channel.callback(interaction)
    answer = await in_channel.answer(interaction)

    assert acknowledged.body["data"]["flags"] & EPHEMERAL
    assert answer.ephemeral
    assert answer.content.startswith("Users (")
