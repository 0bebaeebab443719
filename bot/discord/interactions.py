"""Interactions in, Dispatcher replies out. Slash commands and component presses become command
text run by the same Dispatcher the console and Telegram use; this module only translates.

Every interaction is acknowledged (deferred) before the Dispatcher is called, so a slow Nyaa or
qBittorrent never makes Discord give up on it after its 3 seconds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import discord

from bot.commands import Caller, Dispatcher, Reply, Services
from bot.discord.errors import EPHEMERAL_KEY, report_error
from bot.discord.permissions import may_manage_channel
from bot.discord.progress import InteractionReply
from bot.discord.rendering import command_of, components, split_message
from bot.discord.suggestions import TitleSuggester
from bot.progress import ProgressFollower
from domain.models import ChatTarget, Platform, TargetKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FrontEnd:
    dispatcher: Dispatcher
    services: Services
    progress: ProgressFollower
    titles: TitleSuggester


def caller_of(interaction: discord.Interaction[Any]) -> Caller:
    """The person, and where they wrote: a server channel (whose notices go to that channel, and
    which they may manage with Manage Channels) or a direct message (notices come by DM)."""
    user = interaction.user
    in_server = interaction.guild_id is not None and interaction.channel_id is not None
    chat = (
        ChatTarget(Platform.DISCORD, str(interaction.channel_id), TargetKind.GROUP)
        if in_server
        else ChatTarget(Platform.DISCORD, str(user.id), TargetKind.PERSON)
    )
    return Caller(
        Platform.DISCORD,
        str(user.id),
        user.display_name or user.name or str(user.id),
        chat=chat,
        is_chat_admin=may_manage_channel(interaction) if in_server else None,
        group_id=str(interaction.guild_id) if interaction.guild_id is not None else None,
    )


async def run_slash(
    front_end: FrontEnd, interaction: discord.Interaction[Any], text: str, *, ephemeral: bool
) -> None:
    """Acknowledge at once, run the command, then put the reply where "thinking…" was.
    Personal and admin commands are always answered ephemerally, whatever the declaration asks.
    Errors go to the command tree's error handler."""
    ephemeral = ephemeral or front_end.dispatcher.answers_privately(text)
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras[EPHEMERAL_KEY] = ephemeral
    caller = replace(caller_of(interaction), private_reply=ephemeral)
    reply = await front_end.dispatcher.handle(caller, text)
    await _answer(front_end, interaction, caller, reply, ephemeral=ephemeral)


async def on_component(front_end: FrontEnd, interaction: discord.Interaction[Any]) -> None:
    """A button or menu carries a command; it runs as whoever pressed it, never as whoever the
    message was for, so the Dispatcher's ownership checks apply to the presser. The asker's own
    press turns the message into the answer; anyone else's gets a private answer, and so does a
    personal or admin command pressed on a message the channel sees (a completion notice's
    "Files", whose links are the presser's alone)."""
    data: dict[str, Any] = dict(interaction.data or {})
    command = command_of(str(data.get("custom_id", "")), list(data.get("values") or []))
    if command is None:
        return  # not one of ours
    message = interaction.message
    seen_by_channel = interaction.guild_id is not None and not (message and message.flags.ephemeral)
    own = _asked_by(interaction) == interaction.user.id and not (
        seen_by_channel and front_end.dispatcher.answers_privately(command)
    )
    try:
        if own:
            await interaction.response.defer()  # "deferred update": the message stays as is
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
            interaction.extras[EPHEMERAL_KEY] = True
        ephemeral = bool(message and message.flags.ephemeral) if own else True
        caller = replace(caller_of(interaction), private_reply=ephemeral)
        reply = await front_end.dispatcher.handle(caller, command)
        await _answer(front_end, interaction, caller, reply, ephemeral=ephemeral)
    except Exception as exc:
        await report_error(interaction, exc)


async def _answer(
    front_end: FrontEnd,
    interaction: discord.Interaction[Any],
    caller: Caller,
    reply: Reply,
    *,
    ephemeral: bool,
) -> None:
    view = components(reply.buttons)  # a bad button fails before anything is shown
    parts = split_message(reply.text) or ["·"]
    first, rest = parts[0], parts[1:]
    shown = await interaction.edit_original_response(
        content=first, embeds=[], view=None if rest else view
    )
    for number, part in enumerate(rest, start=1):
        last = number == len(rest)
        if last and view is not None:
            await interaction.followup.send(part, ephemeral=ephemeral, view=view)
        else:
            await interaction.followup.send(part, ephemeral=ephemeral)
    if reply.track_download is not None:
        editor = InteractionReply(
            interaction, shown.id, ephemeral=ephemeral, covers=front_end.services.search.cover
        )
        front_end.progress.track(shown.id, caller, reply.track_download, editor)


def _asked_by(interaction: discord.Interaction[Any]) -> int | None:
    """Who ran the command the pressed message answers; None for the bot's own posts."""
    message = interaction.message
    if message is None:
        return None
    metadata = message.interaction_metadata
    if metadata is not None:
        return metadata.user.id
    return None
