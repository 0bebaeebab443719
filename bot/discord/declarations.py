"""The slash commands, declared with discord.py's own decorators.

Every command in the shared command list becomes a slash command. Those declared here get typed
options (integers with ranges, autocompleted titles and downloads, flags); any other takes its
arguments as one text option (`generic`), so a command someone adds to the list works on Discord
at once and gets a nicer form with one more declaration here. Descriptions come from the command
list, so both platforms describe a command the same way.

Each callback turns its option values back into the chat command's text (`slash.run`), in the
order the chat command reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.commands import COMMANDS, Command
from bot.discord.slash import downloads, run, titles
from bot.formatting import shorten
from domain.services.search import MAX_EPISODE, MAX_QUERY_LENGTH

if TYPE_CHECKING:
    from bot.discord.client import DiscordBot

MAX_DESCRIPTION = 100  # Discord's limit for command and option descriptions
MAX_DOWNLOAD_ID = 999_999_999
MAX_CODE = 64

SlashCommand = app_commands.Command[Any, ..., None]

# Option types; discord.py reads the bounds into the option's min/max value or length.
Title = app_commands.Range[str, 1, MAX_QUERY_LENGTH]
Episode = app_commands.Range[int, 0, MAX_EPISODE]
DownloadNumber = app_commands.Range[int, 1, MAX_DOWNLOAD_ID]
Code = app_commands.Range[str, 1, MAX_CODE]

_SUMMARIES = {command.name: command.summary for command in COMMANDS}


def _about(name: str) -> str:
    """The command list's summary of `name`, as a slash command's description."""
    return shorten(_SUMMARIES[name], MAX_DESCRIPTION)


# -- finding and getting shows -------------------------------------------------------------


@app_commands.command(name="search", description=_about("search"))
@app_commands.describe(words="what to search Nyaa for")
@app_commands.autocomplete(words=titles)
async def search(interaction: discord.Interaction[DiscordBot], words: Title) -> None:
    await run(interaction, "search", words, ephemeral=False)


@app_commands.command(name="get", description=_about("get"))
@app_commands.describe(
    title="the show, as you would search for it",
    episode="the episode number",
    magnet="a magnet link, instead of a title and episode",
)
@app_commands.autocomplete(title=titles)
async def get(
    interaction: discord.Interaction[DiscordBot],
    title: Title | None = None,
    episode: Episode | None = None,
    magnet: str | None = None,
) -> None:
    # Public: the progress embed outlives the interaction's 15-minute token.
    await run(interaction, "get", title, episode, magnet, ephemeral=False)


# -- one's downloads -----------------------------------------------------------------------


@app_commands.command(name="status", description=_about("status"))
@app_commands.describe(
    download="one download, by number", everyone="everyone's downloads (admins only)"
)
@app_commands.rename(everyone="all")
@app_commands.autocomplete(download=downloads)
async def status(
    interaction: discord.Interaction[DiscordBot],
    download: DownloadNumber | None = None,
    everyone: bool = False,
) -> None:
    await run(interaction, "status", download, "all" if everyone else None)


@app_commands.command(name="pause", description=_about("pause"))
@app_commands.describe(download="the download to pause")
@app_commands.autocomplete(download=downloads)
async def pause(interaction: discord.Interaction[DiscordBot], download: DownloadNumber) -> None:
    await run(interaction, "pause", download)


@app_commands.command(name="resume", description=_about("resume"))
@app_commands.describe(download="the download to resume")
@app_commands.autocomplete(download=downloads)
async def resume(interaction: discord.Interaction[DiscordBot], download: DownloadNumber) -> None:
    await run(interaction, "resume", download)


@app_commands.command(name="delete", description=_about("delete"))
@app_commands.describe(download="the download to delete; you'll be asked first")
@app_commands.autocomplete(download=downloads)
async def delete(interaction: discord.Interaction[DiscordBot], download: DownloadNumber) -> None:
    await run(interaction, "delete", download)


# -- joining and accounts ------------------------------------------------------------------


@app_commands.command(name="start", description=_about("start"))
@app_commands.describe(code="an invite code, to join the box")
async def start(interaction: discord.Interaction[DiscordBot], code: Code | None = None) -> None:
    await run(interaction, "start", code)


@app_commands.command(name="connect", description=_about("connect"))
@app_commands.describe(code="the code /connect gave you on Telegram; empty: get one")
async def connect(interaction: discord.Interaction[DiscordBot], code: Code | None = None) -> None:
    await run(interaction, "connect", code)


@app_commands.command(name="help", description=_about("help"))
async def help_(interaction: discord.Interaction[DiscordBot]) -> None:
    await run(interaction, "help")


_DECLARATIONS: tuple[SlashCommand, ...] = (
    search,
    get,
    status,
    pause,
    resume,
    delete,
    start,
    connect,
    help_,
)
DECLARED: Mapping[str, SlashCommand] = {command.name: command for command in _DECLARATIONS}


def generic(command: Command) -> SlashCommand:
    """A command nobody declared: its words as one text option, described by its usage."""
    name, description = command.name, shorten(command.summary, MAX_DESCRIPTION)
    if not command.usage:

        @app_commands.command(name=name, description=description)
        async def bare(interaction: discord.Interaction[DiscordBot]) -> None:
            await run(interaction, name)

        return bare

    @app_commands.command(name=name, description=description)
    @app_commands.describe(arguments=shorten(command.usage, MAX_DESCRIPTION))
    async def with_words(
        interaction: discord.Interaction[DiscordBot], arguments: str | None = None
    ) -> None:
        await run(interaction, name, arguments)

    return with_words


def slash_commands(
    commands: Sequence[Command], declared: Mapping[str, SlashCommand] = DECLARED
) -> list[SlashCommand]:
    """One slash command per chat command, in the list's order: its declaration, or else the
    generic form."""
    return [declared.get(command.name) or generic(command) for command in commands]
