"""Registering the slash commands with Discord only when they changed.

Syncing replaces the application's global commands, and Discord allows 200 command creations a
day; a bot that syncs at every start (a crash loop, a busy day of deploys) runs into that limit.
So the JSON `CommandTree.sync` would send, with the application it is for, is hashed, and the
hash last synced is kept in a file (`COMMANDS_STATE_FILE` under DATA_DIR): a start syncs only
when the hash differs, or when the file is missing or unreadable. `iiitorrent admin
sync-commands` syncs whatever the file says (`register_commands`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.commands import COMMANDS, Command
from bot.discord.declarations import slash_commands

logger = logging.getLogger(__name__)

COMMANDS_STATE_FILE = "discord-commands.sha256"  # under DATA_DIR
_DIGEST = re.compile(r"[0-9a-f]{64}")


def commands_digest(tree: app_commands.CommandTree[Any]) -> str:
    """SHA-256 of the command table as Discord would receive it (keys sorted), and of the
    application it is registered for: another bot token means another application."""
    table = {
        "application_id": tree.client.application_id,
        "commands": [command.to_dict(tree) for command in tree.get_commands()],
    }
    text = json.dumps(table, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def last_synced(state: Path) -> str | None:
    """The digest the file holds; None when it is missing, unreadable or not a digest."""
    try:
        text = state.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        logger.warning("cannot read %s (%s): syncing the Discord commands", state, exc)
        return None
    if not _DIGEST.fullmatch(text):
        logger.warning("%s holds no command digest: syncing the Discord commands", state)
        return None
    return text


def remember_synced(state: Path, digest: str) -> None:
    """Write the digest atomically (a temporary file beside it, then a rename), so a crash
    leaves the old digest or the new one, never half of one. A failure is logged: the next start
    then syncs once more, which is harmless."""
    temporary: Path | None = None
    try:
        state.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="ascii", dir=state.parent, prefix=f".{state.name}.", delete=False
        ) as file:
            temporary = Path(file.name)
            file.write(digest + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, state)
    except OSError as exc:
        logger.warning("could not record the synced Discord commands in %s: %s", state, exc)
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], state: Path | None, *, force: bool = False
) -> int | None:
    """Sync the tree when forced, when there is no state file to compare with (`state` None:
    always), or when the commands changed since the last sync; then record the new digest.
    Returns how many commands Discord now has, or None when nothing needed syncing. Raises
    discord.HTTPException when Discord refuses."""
    digest = commands_digest(tree)
    if not force and state is not None and last_synced(state) == digest:
        logger.info("the Discord slash commands are unchanged since the last sync")
        return None
    synced = await tree.sync()
    logger.info("registered %d Discord slash commands", len(synced))
    if state is not None:
        remember_synced(state, digest)
    return len(synced)


async def register_commands(
    token: str, state: Path | None, commands: Sequence[Command] = COMMANDS
) -> int:
    """`iiitorrent admin sync-commands`: log in (HTTP only, no gateway session), sync the command
    table whatever the state file says, record it, log out. Returns how many commands Discord
    now has. Raises discord.LoginFailure for a token Discord refuses, discord.HTTPException when
    the sync is refused."""
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for command in slash_commands(commands):
        tree.add_command(command)
    async with client:
        await client.login(token)
        synced = await sync_if_changed(tree, state, force=True)
    return synced or 0
