"""Where discord.py sends its HTTP requests and dials its gateway: the seams the loopback
stand-in needs.

discord.py keeps the API base as a class attribute of `discord.http.Route`, shared by the bot's
own requests and by interaction callbacks and webhooks; so the setting is process-wide, which
suits a process that runs one Discord bot. The gateway's default address is likewise a class
attribute, dialled when the shard count is given and after a session is invalidated.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"


def use_api_base_url(url: str) -> str:
    """Send every discord.py request to `url` from now on; returns the base used until now."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"expected an http:// or https:// URL, not {url!r}")
    previous = Route.BASE
    Route.BASE = url.rstrip("/")
    return previous


def use_gateway_url(url: str) -> None:
    """Dial the gateway at `url` (the `/gateway/bot` answer's) where discord.py would dial its
    built-in address."""
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
