"""What subscribers are told, as outbox messages. Pure.

Event keys are stable per (show, episode), so the outbox keeps one alert per (show, episode,
target) however often a cycle reruns.
"""

from __future__ import annotations

from datetime import timedelta

from domain.airing.sticky import Sticky
from domain.errors import DiskFull, QuotaExceeded
from domain.models import Action, ChatTarget, Notification, NotificationKind, Subscription
from domain.notifications.outbox import OutboxMessage

# Telegram carries a button's command in at most 64 bytes of callback data.
MAX_ACTION_BYTES = 64


def new_episode_event(media_id: int, episode: int) -> str:
    return f"new_episode:{media_id}:{episode}"


def get_command(names: tuple[str, ...], episode: int) -> str:
    """`/get <name> <episode>` with the first name that keeps the command short enough to be a
    button; the shortest name when none does."""
    return _command("/get", names, str(episode))


def _command(verb: str, names: tuple[str, ...], episode: str) -> str:
    for name in names:
        command = f"{verb} {name} {episode}"
        if len(command.encode("utf-8")) <= MAX_ACTION_BYTES:
            return command
    shortest = min(names, key=len) if names else ""
    return f"{verb} {shortest} {episode}"


def new_episode(
    subscription: Subscription, episode: int, release_title: str, names: tuple[str, ...]
) -> OutboxMessage:
    if subscription.auto_download:
        # Not the release: theirs is picked with their own settings and season's group, maybe
        # later, and its own notice names it.
        body = f"{subscription.title} episode {episode} is out; downloading it for you."
        actions = (Action("Status", "/status"),)
    else:
        body = f"{subscription.title} episode {episode} is out.\n{release_title}"
        actions = (Action("Get it", get_command(names, episode)),)
    return OutboxMessage(
        event=new_episode_event(subscription.media_id, episode),
        target=subscription.target,
        notification=Notification(
            kind=NotificationKind.NEW_EPISODE,
            title="New episode",
            body=body,
            actions=actions,
        ),
    )


def auto_download_refused(
    subscription: Subscription,
    episode: int,
    refused: QuotaExceeded | DiskFull,
    names: tuple[str, ...],
    target: ChatTarget,
) -> OutboxMessage:
    """The subscriber's one notice that an episode was left out, and why; `target` is their
    private chat, since their share of the box is nobody else's business."""
    if isinstance(refused, DiskFull):
        why = "the box is short of disk space; an admin is freeing some"
    else:
        share = {"disk": "disk share", "active": "running downloads", "daily": "downloads per day"}
        why = f"it would go over your {share.get(refused.kind, 'share')} ({_amount(refused)})"
    return OutboxMessage(
        event=f"auto_download_refused:{subscription.id}:{episode}",
        target=target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_FAILED,
            title="Not downloaded",
            body=f"{subscription.title} episode {episode} was not downloaded: {why}.",
            actions=(Action("Get it", get_command(names, episode)), Action("Quota", "/quota")),
        ),
    )


def releases_refused(
    subscription: Subscription,
    episode: int,
    refused: int,
    names: tuple[str, ...],
    target: ChatTarget,
) -> OutboxMessage:
    """The subscriber's one notice that an episode was left out because qBittorrent would not
    take its best `refused` releases (their torrent links gave no torrent); `target` is their
    private chat. A /search lets them pick one by hand."""
    releases = "release" if refused == 1 else f"{refused} releases"
    return OutboxMessage(
        event=f"auto_download_releases_refused:{subscription.id}:{episode}",
        target=target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_FAILED,
            title="Not downloaded",
            body=(
                f"{subscription.title} episode {episode} was not downloaded: qBittorrent could "
                f"not take the best {releases}, whose torrent links gave no torrent. "
                "Search for it to pick another one."
            ),
            # Nyaa matches whole words, and releases number episodes "05".
            actions=(Action("Search", _command("/search", names, f"{episode:02d}")),),
        ),
    )


def other_group(
    subscription: Subscription,
    episode: int,
    sticky: Sticky,
    release_title: str,
    wait: timedelta,
    target: ChatTarget,
) -> OutboxMessage:
    """The subscriber's one notice that an episode came from another group than their season's,
    and why; `target` is their private chat (what they download is theirs to know)."""
    return OutboxMessage(
        event=f"auto_download_other_group:{subscription.id}:{episode}",
        target=target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_STARTED,
            title="Another group",
            body=(
                f"{subscription.title} episode {episode}: {sticky.label}, the release of your "
                f"episode {sticky.episode}, was not out {_hours(wait)} after the first release, "
                f"so you get this one instead:\n{release_title}"
            ),
            actions=(Action("Status", "/status"),),
        ),
    )


def _hours(wait: timedelta) -> str:
    minutes = round(wait.total_seconds() / 60)
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


def _amount(exceeded: QuotaExceeded) -> str:
    if exceeded.kind != "disk":
        return f"{exceeded.used} of {exceeded.limit}"
    return f"{exceeded.used / 1e9:.1f} of {exceeded.limit / 1e9:.1f} GB"
