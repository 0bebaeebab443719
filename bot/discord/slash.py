"""What every slash command has in common: its option values become the chat command's text, run
by the Dispatcher the console and Telegram use; and what its autocompleted options suggest.

The commands themselves are declared in `declarations`; they reach the front-end through the
client the interaction came to (`interaction.client.front_end`), so one declaration serves every
client, including the log-in-only one `iiitorrent admin sync-commands` builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord.interactions import caller_of, run_slash
from bot.discord.suggestions import download_choices, title_choice

if TYPE_CHECKING:
    from bot.discord.client import DiscordBot


def command_text(name: str, *words: object) -> str:
    """The chat command these option values stand for: `/get frieren 5`. Options left empty
    (None) are left out; each value is put on one line, so a pasted newline cannot change how
    the command reads its words."""
    parts = [f"/{name}"]
    for word in words:
        if word is None:
            continue
        text = " ".join(str(word).split())
        if text:
            parts.append(text)
    return " ".join(parts)


async def run(
    interaction: discord.Interaction[DiscordBot],
    name: str,
    *words: object,
    ephemeral: bool = True,  # personal answers are seen only by whoever asked
) -> None:
    """Run `/name words…` as whoever used the slash command."""
    text = command_text(name, *words)
    await run_slash(interaction.client.front_end, interaction, text, ephemeral=ephemeral)


async def titles(
    interaction: discord.Interaction[DiscordBot], current: str
) -> list[app_commands.Choice[str]]:
    """Show titles from the catalog (AniList) for what the person has typed so far."""
    front_end = interaction.client.front_end
    found = await front_end.titles.suggest(str(interaction.user.id), current)
    choices = [title_choice(media) for media in found]
    return [app_commands.Choice(name=name, value=value) for name, value in choices]


async def downloads(
    interaction: discord.Interaction[DiscordBot], current: str
) -> list[app_commands.Choice[int]]:
    """The caller's own downloads, by number or part of the name. Discord sends what is typed
    into an integer option as text, half-typed as it may be."""
    front_end = interaction.client.front_end
    found = await download_choices(front_end.services, caller_of(interaction), str(current))
    return [app_commands.Choice(name=name, value=value) for name, value in found]
