"""Who may change what a channel receives: members with Manage Channels there, checked by the
bot itself from the permissions Discord computed for the member in that channel, not only by the
command's default permissions (a server can override those for everyone)."""

from __future__ import annotations

from typing import Any

import discord


def may_manage_channel(interaction: discord.Interaction[Any]) -> bool:
    """In a server: Manage Channels (or Administrator) in this channel. In a direct message the
    person is the whole audience, so it is theirs to manage."""
    if interaction.guild_id is None:
        return True
    permissions = interaction.permissions
    return permissions.manage_channels or permissions.administrator
