"""A Discord reply as the progress follower edits it (see `bot/progress.py`): a live progress
embed, with the show's cover looked up once.

A reply is edited through its interaction's webhook while the interaction token lives (15
minutes), then, for a message everyone in the channel sees, through the channel with the bot's
own token; an ephemeral reply can only be edited through the interaction, so it stops there.
discord.py itself waits out rate limits on edits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discord.rendering import progress_embed
from bot.progress import EditLater, MessageGone
from domain.models import DownloadStatus

Covers = Callable[[str], Awaitable[str | None]]  # a release name to its show's cover image


class InteractionReply:
    """One message an interaction put in a channel."""

    def __init__(
        self,
        interaction: discord.Interaction[Any],
        message_id: int,
        *,
        ephemeral: bool,
        covers: Covers,
    ) -> None:
        self._interaction = interaction
        self._message_id = message_id
        self._ephemeral = ephemeral
        self._covers = covers
        self._cover: str | None = None
        self._looked_up = False

    async def render(self, status: DownloadStatus) -> object:
        if not self._looked_up:
            # Once per message; the catalog's cache makes it cheap, and it may be down.
            self._cover = await self._covers(status.download.name)
            self._looked_up = True
        return progress_embed(status, self._cover).to_dict()

    async def edit(self, view: object) -> None:
        assert isinstance(view, dict)
        embed = discord.Embed.from_dict(view)
        interaction = self._interaction
        try:
            if not interaction.is_expired():
                await interaction.followup.edit_message(self._message_id, embed=embed)
                return
            if self._ephemeral or interaction.channel_id is None:
                raise MessageGone("the interaction token expired and only it could edit this")
            channel = interaction.client.get_partial_messageable(interaction.channel_id)
            await channel.get_partial_message(self._message_id).edit(embed=embed)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise MessageGone(str(exc)) from exc
        except discord.HTTPException as exc:
            raise EditLater(0.0, str(exc)) from exc
