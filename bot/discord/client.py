"""Assembling the discord.py client and running it inside someone else's loop.

As in discord.py's advanced_startup example, the front-end's collaborators are passed into the
client's constructor and `bot/app.py` owns its lifetime with `async with`. The client is an
AutoShardedClient: with one shard it behaves like a plain client, and when the bot is in enough
servers Discord asks for more shards and gets them without a code change. Given `Shards`
(DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS), it runs only those of the count, so several
processes share the bot's servers: Discord sends each one's events to one shard alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.commands import COMMANDS, Command, Dispatcher, Services
from bot.discord.declarations import slash_commands
from bot.discord.endpoint import use_gateway_url
from bot.discord.errors import on_tree_error
from bot.discord.interactions import FrontEnd, on_component
from bot.discord.suggestions import TitleSuggester
from bot.discord.sync import sync_if_changed
from bot.progress import ProgressFollower, SnapshotSource

logger = logging.getLogger(__name__)

# A rate limit longer than this fails the call (the notifier's caller retries later) instead of
# holding a task, and everything queued behind it, for minutes.
MAX_RATE_LIMIT_WAIT = 30.0
CLOSE_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Shards:
    """The shards of the bot in all, and the ones this client runs (None: all of them)."""

    count: int
    ids: tuple[int, ...] | None = None


class DiscordBot(discord.AutoShardedClient):
    def __init__(
        self,
        front_end: FrontEnd,
        *,
        commands: Sequence[Command] = COMMANDS,
        sync_commands: bool = True,
        sync_state: Path | None = None,
        shards: Shards | None = None,
    ) -> None:
        sharding: dict[str, Any] = {}
        if shards is not None:
            sharding["shard_count"] = shards.count
            if shards.ids is not None:
                sharding["shard_ids"] = list(shards.ids)
        super().__init__(
            # Slash commands and buttons need no privileged intents, not even message content.
            intents=discord.Intents(guilds=True),
            # Nothing the bot says pings anyone, whatever a release title contains.
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT,
            **sharding,
        )
        self.front_end = front_end
        self._sync_commands = sync_commands
        self._sync_state = sync_state
        self.tree: app_commands.CommandTree[DiscordBot] = app_commands.CommandTree(self)
        for command in slash_commands(commands):
            self.tree.add_command(command)
        self.tree.error(on_tree_error)

    async def setup_hook(self) -> None:
        if not self._sync_commands:
            return
        try:
            # Only when the command table changed since the last sync (see bot.discord.sync).
            await sync_if_changed(self.tree, self._sync_state)
        except (discord.HTTPException, discord.RateLimited) as exc:
            # Commands registered by an earlier start still work; a failed update (Discord's
            # daily limit on command creations, say) is no reason to stay offline.
            logger.warning("could not register the Discord slash commands: %s", exc)

    async def launch_shards(self) -> None:
        if self.shard_count is not None and not self.is_closed():
            # Told the count, discord.py would dial its built-in gateway address; ask Discord
            # (through DISCORD_API_BASE_URL) where the gateway is, as it does when not told.
            recommended, url, _ = await self.http.get_bot_gateway()
            use_gateway_url(url)
            if recommended > self.shard_count:
                logger.warning(
                    "Discord recommends %d shards; DISCORD_SHARD_COUNT is %d",
                    recommended,
                    self.shard_count,
                )
        await super().launch_shards()

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.component:
            await on_component(self.front_end, interaction)

    async def on_ready(self) -> None:
        logger.info(
            "Discord bot %s is connected (shards %s of %d, %d servers)",
            self.user,
            ", ".join(str(shard) for shard in sorted(self.shards)),
            self.shard_count or 1,
            len(self.guilds),
        )

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self.front_end.progress.close()
            await self.front_end.titles.close()


def build_client(
    dispatcher: Dispatcher,
    services: Services,
    snapshots: SnapshotSource,
    *,
    progress_interval: float = 2.0,
    commands: Sequence[Command] = COMMANDS,
    sync_commands: bool = True,
    sync_state: Path | None = None,
    shards: Shards | None = None,
) -> DiscordBot:
    """A client wired to the Dispatcher, not yet logged in; run it with `run_discord`.

    `sync_state` is the file that remembers which command table was last synced
    (`DATA_DIR / bot.discord.sync.COMMANDS_STATE_FILE`): a start then syncs only when the table
    changed. None syncs at every start; `sync_commands=False` never syncs. `shards`: the shards
    this client runs; None runs as many as Discord asks for."""
    front_end = FrontEnd(
        dispatcher=dispatcher,
        services=services,
        progress=ProgressFollower(
            services, snapshots, interval=progress_interval, name="discord-progress"
        ),
        titles=TitleSuggester(services),
    )
    return DiscordBot(
        front_end,
        commands=commands,
        sync_commands=sync_commands,
        sync_state=sync_state,
        shards=shards,
    )


@asynccontextmanager
async def run_discord(client: DiscordBot, token: str) -> AsyncIterator[DiscordBot]:
    """Log in (a bad token fails here, at start), keep the gateway connection in a task while the
    block runs, and close cleanly on the way out."""
    async with client:
        await client.login(token)
        gateway = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        gateway.add_done_callback(_report_end)
        try:
            yield client
        finally:
            await client.close()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(gateway, CLOSE_TIMEOUT)


def _report_end(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        logger.error("the Discord gateway connection ended", exc_info=exc)
