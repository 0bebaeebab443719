"""Whether a request for a link comes from a person's browser, who gets the player page, or
from a program (curl, VLC, a download manager, a <video> element), which gets the file. Pure.

A browser navigating to a page asks for text/html and names itself "Mozilla/..."; players and
download managers ask for */* or name themselves otherwise. Where the browser says what the
request is for (Sec-Fetch-Dest), only a document navigation gets the page. `?download` always
means the file: that is the page's Download button.
"""

from __future__ import annotations

from collections.abc import Mapping


def wants_player(method: str, headers: Mapping[str, str], query: Mapping[str, str]) -> bool:
    if method != "GET" or "download" in query or "Range" in headers:
        return False
    destination = headers.get("Sec-Fetch-Dest")
    if destination is not None and destination.lower() != "document":
        return False
    accept = headers.get("Accept", "").lower()
    agent = headers.get("User-Agent", "")
    return "text/html" in accept and agent.startswith("Mozilla/")
