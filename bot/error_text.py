"""The words a user sees when something goes wrong; the front-ends' error handlers call this.

One place so Telegram and the console say the same thing; the log keeps the details.
"""

from __future__ import annotations

from bot.errors import MessageTooLong, MissingPermission, UnknownCommand, UsageError
from bot.formatting import human_size
from domain.errors import (
    AlreadyHave,
    DomainError,
    ExternalServiceError,
    InvalidInput,
    InvalidInvite,
    InvalidMagnet,
    InvalidTorrent,
    NoRelease,
    NotAllowed,
    NotFound,
    QuotaExceeded,
    RateLimited,
    RelinkNeeded,
    TooManyRequests,
    UnsafeUrl,
)


def describe(exc: BaseException) -> str:
    """A short, friendly sentence for a phone screen; never a traceback or a secret."""
    match exc:
        case InvalidInvite():
            return "That invite code is unknown, used up or expired. Ask the admin for a new one."
        case QuotaExceeded():
            return _quota_text(exc)
        case TooManyRequests():
            return (
                f"Easy there: you can /{exc.command} again in {int(exc.retry_after) + 1} seconds."
            )
        case RelinkNeeded():
            return "Your AniList link has expired or was revoked. Send /link to link it again."
        case NotAllowed():
            return (
                "Sorry, this is a private box and you are not on its list. "
                "Ask its admin for an invite."
            )
        case UnknownCommand():
            return f"I don't know /{exc.name}. Send /help for what I can do."
        case UsageError():
            return f"Usage: /{exc.command} {exc.usage}".rstrip()
        case MissingPermission():
            return f"You need the {exc.permission} permission here to do that."
        case MessageTooLong():
            return f"That message is too long for me (over {exc.limit} characters)."
        case InvalidTorrent():
            return f"That torrent file doesn't look safe to add: {exc}."
        case UnsafeUrl():
            return f"I won't fetch that address: {exc}."
        case InvalidMagnet():
            return f"That magnet link doesn't look right: {exc}."
        case InvalidInput():
            return f"I can't use that: {exc}."
        case NotFound():
            return "I can't find that download among yours. /status lists them."
        case NoRelease():
            episode = f" episode {exc.episode}" if exc.episode is not None else ""
            text = f"I found no good release of “{exc.query}”{episode}."
            if exc.reasons:
                text += f" Left out: {', '.join(sorted(set(exc.reasons))[:3])}."
            return text + " Try other words, or /search to look around."
        case AlreadyHave(upgrade=True):
            return (
                f"You have this episode already as #{exc.download_id}; a newer version (v2) "
                "from the same group is out. Add “again” to the /get to fetch it too."
            )
        case AlreadyHave():
            return (
                f"You have this episode already as #{exc.download_id}. "
                "Add “again” to the /get to fetch another copy anyway."
            )
        case RateLimited():
            return f"AniList asks us to slow down; try again in {int(exc.retry_after) + 1} seconds."
        case ExternalServiceError():
            return f"{exc.service} isn't answering right now. Please try again in a minute."
        case DomainError():
            return "That didn't work. Please try again."
        case _:
            return "Something went wrong on my side; the admin can see what in the log."


def _quota_text(exc: QuotaExceeded) -> str:
    if exc.kind == "disk":
        return (
            f"That would put you over your disk share: {human_size(exc.used)} of "
            f"{human_size(exc.limit)}. Delete something you have watched (/status, /delete)."
        )
    if exc.kind == "active":
        return (
            f"You already have {exc.used} downloads running, your limit is {exc.limit}. "
            "Wait for one to finish or /delete one."
        )
    return f"That's {exc.used} downloads in the last 24 hours, your daily limit is {exc.limit}."
