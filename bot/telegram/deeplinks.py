"""Deep links that bring a person from a group into their private chat with the bot, to a command.

`https://t.me/<bot>?start=cmd-status-3` opens the chat and, on Start, sends `/start cmd-status-3`,
which `command_for` turns back into `/status 3`. The `cmd-` prefix keeps these apart from invite
and connect codes, which `/start <code>` also carries. Only a few commands may carry arguments,
and only plain ones (numbers, `send`): a link someone else posts must not make the presser change
a setting or link an account they did not choose. Pure.
"""

from __future__ import annotations

import re

PREFIX = "cmd-"
MAX_PAYLOAD = 64  # Telegram's limit on a start parameter, of [A-Za-z0-9_-]
_NAME = re.compile(r"[a-z0-9_]{1,32}")
_CARRY_ARGUMENTS = frozenset({"status", "files"})
_ARGUMENT = re.compile(r"[0-9]{1,9}|send")


def payload_for(name: str, args: str) -> str:
    """The start parameter that brings the person back to `/name args` (or to `/name` alone,
    when the arguments may not travel in a link)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a command name: {name!r}")
    words = args.lower().lstrip("#").split()
    carried = name in _CARRY_ARGUMENTS and all(_ARGUMENT.fullmatch(w) for w in words)
    payload = "-".join([PREFIX + name, *(words if carried else ())])
    return payload if len(payload) <= MAX_PAYLOAD else PREFIX + name


def command_for(payload: str) -> str | None:
    """The command text a start parameter stands for; None when it is not one of ours (an invite
    code, say) or carries what a link may not."""
    if not payload.startswith(PREFIX) or len(payload) > MAX_PAYLOAD:
        return None
    name, *words = payload[len(PREFIX) :].split("-")
    if not _NAME.fullmatch(name):
        return None
    if words and (name not in _CARRY_ARGUMENTS or not all(_ARGUMENT.fullmatch(w) for w in words)):
        return None
    return " ".join([f"/{name}", *words])


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"
