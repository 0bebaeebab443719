"""Keeping a download's reply edited with a live progress embed until the download is done.

One task per tracked message. It edits only when the embed changed, and stops when the download
completes, disappears, the message is gone or can no longer be edited, or after a cap; `close`
cancels whatever is still running. discord.py itself waits out rate limits on edits.

A reply is edited through its interaction's webhook while the interaction token lives (15
minutes), then, for a message everyone in the channel sees, through the channel with the bot's
own token; an ephemeral reply can only be edited through the interaction, so it stops there.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

import discord

from bot.commands import Caller, Services
from bot.discord.rendering import progress_embed
from domain.errors import DomainError, ExternalServiceError, NotFound
from domain.models import DownloadState

logger = logging.getLogger(__name__)

DEFAULT_CAP = 6 * 3600.0
_FINAL_STATES = (DownloadState.COMPLETED, DownloadState.MISSING)


class MessageGone(Exception):
    """The tracked message can no longer be edited."""


class MessageEditor(Protocol):
    async def edit(self, embed: discord.Embed) -> None:
        """Show `embed` in the tracked message; raises MessageGone when that is no longer
        possible."""


class InteractionReply:
    """One message an interaction put in a channel."""

    def __init__(
        self, interaction: discord.Interaction[Any], message_id: int, *, ephemeral: bool
    ) -> None:
        self._interaction = interaction
        self._message_id = message_id
        self._ephemeral = ephemeral

    async def edit(self, embed: discord.Embed) -> None:
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


class ProgressTracker:
    def __init__(
        self, services: Services, *, interval: float = 5.0, cap: float = DEFAULT_CAP
    ) -> None:
        if interval <= 0:
            raise ValueError("progress interval must be positive")
        self._services = services
        self._interval = interval
        self._cap = cap
        self._tasks: dict[object, asyncio.Task[None]] = {}
        self._closed = False

    @property
    def active(self) -> int:
        return len(self._tasks)

    def track(self, key: object, caller: Caller, download_id: int, editor: MessageEditor) -> None:
        """Follow `download_id` in the message `key` names; tracking it again replaces the
        previous follower of that message."""
        if self._closed:
            return
        previous = self._tasks.pop(key, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.create_task(
            self._follow(caller, download_id, editor), name=f"discord-progress-{download_id}"
        )
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))

    async def close(self) -> None:
        self._closed = True
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()

    def _forget(self, key: object, task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]

    async def _follow(self, caller: Caller, download_id: int, editor: MessageEditor) -> None:
        try:
            await self._edit_until_done(caller, download_id, editor)
        except asyncio.CancelledError:
            raise
        except MessageGone as exc:
            logger.info("progress of download %d stops: %s", download_id, exc)
        except Exception:
            logger.exception("progress of download %d stopped by an error", download_id)

    async def _edit_until_done(
        self, caller: Caller, download_id: int, editor: MessageEditor
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._cap
        try:
            user = await self._services.accounts.identify(
                caller.platform, caller.external_id, caller.display_name
            )
        except DomainError as exc:
            logger.info("not following download %d: %s", download_id, exc)
            return
        shown: dict[str, Any] | None = None
        cover: str | None = None
        looked_up_cover = False
        first = True
        while loop.time() < deadline:
            if not first:
                await asyncio.sleep(self._interval)
            first = False
            try:
                status = await self._services.downloads.status(user, download_id)
            except NotFound:
                logger.debug("download %d is gone; progress stops", download_id)
                return
            except ExternalServiceError as exc:
                logger.debug("progress of download %d unknown for now: %s", download_id, exc)
                continue
            if not looked_up_cover:
                # Once per download; the catalog's cache makes it cheap, and it may be down.
                cover = await self._services.search.cover(status.download.name)
                looked_up_cover = True
            embed = progress_embed(status, cover)
            wanted = dict(embed.to_dict())
            if wanted != shown:
                try:
                    await editor.edit(embed)
                except discord.HTTPException as exc:
                    logger.debug("editing progress of download %d failed: %s", download_id, exc)
                    continue
                shown = wanted
            if status.state in _FINAL_STATES:
                return
        logger.info("stopped following download %d after %.0fs", download_id, self._cap)
