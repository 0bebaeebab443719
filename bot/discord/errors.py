"""The one error handler: the person gets `describe(exc)`, privately; the log gets the details.

Slash commands reach it through the command tree's `on_error`, button presses directly.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord.rendering import clip, escape
from bot.error_text import describe
from bot.errors import BotError
from domain.errors import DomainError, ExternalServiceError

logger = logging.getLogger(__name__)

EPHEMERAL_KEY = "ephemeral"  # in Interaction.extras: whether our deferred answer is private


async def on_tree_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    await report_error(interaction, original)


async def report_error(interaction: discord.Interaction[Any], exc: BaseException) -> None:
    who = f"discord user {interaction.user.id}"
    if isinstance(exc, ExternalServiceError):
        # Expected, but an admin wants to notice Nyaa or qBittorrent being down.
        logger.warning("%s failed for %s: %s", exc.service, who, exc)
    elif isinstance(exc, DomainError | BotError):
        logger.info("refused %s: %s: %s", who, type(exc).__name__, exc)
    else:
        logger.error("unexpected error handling an interaction from %s", who, exc_info=exc)
    if interaction.type is discord.InteractionType.autocomplete:
        return  # an autocomplete has no place to show words
    text = clip(escape(describe(exc)), 2000)
    try:
        await _tell(interaction, text)
    except discord.HTTPException as send_error:
        logger.warning("could not tell %s what went wrong: %s", who, send_error)


async def _tell(interaction: discord.Interaction[Any], text: str) -> None:
    response = interaction.response
    if not response.is_done():
        await response.send_message(text, ephemeral=True)
        return
    if response.type is discord.InteractionResponseType.deferred_channel_message:
        if interaction.extras.get(EPHEMERAL_KEY, False):
            await interaction.edit_original_response(content=text, embeds=[], view=None)
            return
        # The "thinking…" message is public; what went wrong is only the asker's business.
        await interaction.delete_original_response()
    await interaction.followup.send(text, ephemeral=True)
