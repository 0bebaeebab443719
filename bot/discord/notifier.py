"""Delivering notifications to Discord channels and direct messages.

A person's target is their user id: the bot opens (or reuses) the direct-message channel and
posts there. A group's target is a channel id. discord.py waits out rate limits (per route and
global) itself, up to the client's `max_ratelimit_timeout`; a longer wait comes back as
`DeliveryFailed` with `retry_after`, for the caller to retry later. Someone who does not accept
direct messages from the bot (Discord code 50007), a channel that is gone, or one the bot may no
longer post in is `TargetGone`: retrying would never help.
"""

from __future__ import annotations

import logging

import aiohttp
import discord

from bot.commands import Button
from bot.discord.rendering import MAX_CUSTOM_ID, components, custom_id, notification_embed
from domain.errors import DeliveryFailed, TargetGone
from domain.models import ChatTarget, Notification, Platform, TargetKind

logger = logging.getLogger(__name__)

CANNOT_MESSAGE_USER = 50007


class DiscordNotifier:
    platform = Platform.DISCORD

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def deliver(self, target: ChatTarget, notification: Notification) -> None:
        if target.platform is not Platform.DISCORD:
            raise ValueError(f"a {target.platform} target given to the Discord notifier")
        if not target.chat_id.isdigit():
            raise TargetGone(f"{target.chat_id!r} is not a Discord id")
        target_id = int(target.chat_id)
        embed = notification_embed(notification)
        view = components(_buttons(notification))
        try:
            if target.kind is TargetKind.PERSON:
                channel: discord.abc.Messageable = await self._client.create_dm(
                    discord.Object(target_id)
                )
            else:
                channel = self._client.get_partial_messageable(target_id)
            if view is None:
                await channel.send(embed=embed)
            else:
                await channel.send(embed=embed, view=view)
        except discord.Forbidden as exc:
            why = (
                "does not accept direct messages" if exc.code == CANNOT_MESSAGE_USER else "refused"
            )
            raise TargetGone(f"discord {target.kind} {target_id} {why}: {exc.text}") from exc
        except discord.NotFound as exc:
            raise TargetGone(f"discord {target.kind} {target_id} is gone: {exc.text}") from exc
        except discord.RateLimited as exc:
            raise DeliveryFailed("Discord rate limit", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise DeliveryFailed(f"Discord answered {exc.status}: {exc.text}") from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise DeliveryFailed(f"Discord unreachable: {exc!r}") from exc


def _buttons(notification: Notification) -> tuple[Button, ...]:
    """The notification's actions that fit in a button; one that does not is left off (and
    logged) rather than costing the whole notification."""
    buttons = []
    for action in notification.actions:
        if len(custom_id(action.command)) > MAX_CUSTOM_ID:
            logger.warning("leaving off action %r: its command is too long", action.label)
            continue
        buttons.append(Button(action.label, action.command))
    return tuple(buttons)
