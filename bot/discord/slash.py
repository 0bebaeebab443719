"""Turning slash-command declarations into discord.py application commands.

discord.py reads a command's options from its callback's signature; each declaration gets a
callback whose signature is built from its options, so the table in `declarations` stays the
one place a command's shape is written down.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Optional

import discord
from discord import app_commands

from bot.discord.declarations import Kind, Option, SlashCommand, Suggest
from bot.discord.interactions import FrontEnd, caller_of, run_slash
from bot.discord.suggestions import download_choices, title_choice

Autocomplete = Callable[[discord.Interaction[Any], str], Awaitable[list[Any]]]


def app_command(spec: SlashCommand, front_end: FrontEnd) -> app_commands.Command[Any, Any, None]:
    async def callback(interaction: discord.Interaction[Any], **values: object) -> None:
        await run_slash(front_end, interaction, spec.text(values), ephemeral=spec.ephemeral)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for option in spec.options:
        parameters.append(
            inspect.Parameter(
                option.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    attributes = vars(callback)
    attributes["__signature__"] = inspect.Signature(parameters)
    attributes["__discord_app_commands_param_description__"] = {
        o.name: o.description for o in spec.options
    }
    suggesters = _suggesters(front_end)
    attributes["__discord_app_commands_param_autocomplete__"] = {
        o.name: suggesters[o.suggest] for o in spec.options if o.suggest is not None
    }
    return app_commands.Command(
        name=spec.name,
        description=spec.description,
        callback=callback,  # type: ignore[arg-type]  # its real signature is set above
    )


def _annotation(option: Option) -> Any:
    kind: Any
    if option.kind is Kind.FLAG:
        kind = bool
    elif option.kind is Kind.INTEGER:
        kind = app_commands.Range[int, option.min_value, option.max_value]
    elif option.max_length is not None:
        kind = app_commands.Range[str, 1, option.max_length]
    else:
        kind = str
    return kind if option.required else Optional[kind]  # noqa: UP045 (a runtime annotation)


def _suggesters(front_end: FrontEnd) -> dict[Suggest, Autocomplete]:
    async def titles(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        found = await front_end.titles.suggest(str(interaction.user.id), current)
        choices = [title_choice(media) for media in found]
        return [app_commands.Choice(name=name, value=value) for name, value in choices]

    async def downloads(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        caller = caller_of(interaction)
        found = await download_choices(front_end.services, caller, str(current))
        return [app_commands.Choice(name=name, value=value) for name, value in found]

    return {Suggest.TITLES: titles, Suggest.DOWNLOADS: downloads}
