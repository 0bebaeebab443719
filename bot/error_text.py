"""The words a user sees when something goes wrong; the front-ends' error handlers call this.

One place so Telegram and the console say the same thing; the log keeps the details.
"""

from __future__ import annotations

import math

from bot.errors import (
    ChoiceExpired,
    MessageTooLong,
    NotYours,
    UnknownCommand,
    UsageError,
)
from bot.formatting import human_size
from domain.errors import (
    AlreadyHave,
    AniListUserNotFound,
    DiskFull,
    DomainError,
    DownloadNotFound,
    ExternalServiceError,
    FeedError,
    FeedNotFound,
    IdentityTaken,
    InvalidConnectCode,
    InvalidInput,
    InvalidInvite,
    InvalidMagnet,
    InvalidTorrent,
    NoRelease,
    NotAllowed,
    NotChatAdmin,
    NotFound,
    NotSubscribed,
    OutOfRank,
    QuotaExceeded,
    RateLimited,
    RelinkNeeded,
    TooManyRequests,
    TorrentRefused,
    UnknownShow,
    UnsafeUrl,
    UserNotFound,
)


def describe(exc: BaseException) -> str:
    """A short, friendly sentence for a phone screen; never a traceback or a secret."""
    match exc:
        case InvalidInvite():
            return (
                "That code is unknown, used up or expired. Ask the admin for a new invite, or "
                "send /connect on your other platform for a new connect code."
            )
        case InvalidConnectCode():
            return (
                "That connect code is unknown, used or expired. Send /connect on your other "
                "platform for a new one; it works once, for 10 minutes."
            )
        case IdentityTaken():
            return (
                f"This {exc.platform.capitalize()} account already has downloads of its own here, "
                "and I won't mix two accounts. Delete them (/status, /delete) and ask for a new "
                "code, or keep the two accounts apart."
            )
        case QuotaExceeded():
            return _quota_text(exc)
        case TooManyRequests():
            return (
                f"Easy there: you can /{exc.command} again in "
                f"{max(1, math.ceil(exc.retry_after))} seconds."
            )
        case RelinkNeeded():
            return "Your AniList link has expired or was revoked. Send /link to link it again."
        case NotChatAdmin():
            return "Only this group's admins can change what the group follows."
        case OutOfRank(own=True):
            return "You can't do that to yourself."
        case OutOfRank():
            return "That one is out of your reach: owners manage admins, admins manage users."
        case NotAllowed():
            return (
                "Sorry, this is a private box and you are not on its list. "
                "Ask its admin for an invite."
            )
        case UnknownCommand():
            return f"I don't know /{exc.name}. Send /help for what I can do."
        case UsageError():
            return f"Usage: /{exc.command} {exc.usage}".rstrip()
        case NotYours():
            return "Those buttons are for the person who asked. Send your own command."
        case ChoiceExpired():
            return "Those choices have expired. Search again."
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
        case UnknownShow():
            return (
                f"AniList knows no show called “{exc}”. "
                "Check the spelling, or try its English title."
            )
        case NotSubscribed():
            return (
                "That isn't one of the subscriptions you can change here. "
                "/subscriptions lists them."
            )
        case DownloadNotFound():
            return "I can't find that download among yours. /status lists them."
        case UserNotFound():
            return f"I can't find user #{exc.user_id}. /users lists everyone."
        case AniListUserNotFound():
            return f"AniList has no user called “{exc.name}”. Check the spelling."
        case FeedNotFound():
            return f"No feed #{exc.feed_id} among yours. /feeds lists them."
        case NotFound():
            return "I can't find that."
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
        case DiskFull():
            return _disk_text(exc)
        case RateLimited():
            return f"AniList asks us to slow down; try again in {int(exc.retry_after) + 1} seconds."
        case FeedError():
            return f"I couldn't read that feed: {exc}."
        case TorrentRefused():
            return (
                "qBittorrent couldn't take that release: its torrent link gave no torrent "
                "(the indexer may have pulled it). /search for the episode and pick another."
            )
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


def _disk_text(exc: DiskFull) -> str:
    room = f"only {human_size(exc.free)} is free and it keeps {human_size(exc.floor)} for itself"
    if exc.needed and exc.free >= exc.floor:
        return (
            f"That release is {human_size(exc.needed)}, too big for the box right now: {room}. "
            "Try a smaller release, or again once old downloads are cleared."
        )
    return (
        f"The box is nearly out of disk space: {room}, so it takes no new downloads for now. "
        "Old downloads are being cleared; try again later."
    )
