"""What a matched feed item tells its owner: pure functions to outbox messages.

The event key names the feed and the item's stable key, so writing it again after a crash or a
rerun is harmless: the outbox keeps one entry per (event, target).
"""

from __future__ import annotations

from domain.feeds.models import Feed, FeedItem, key_digest
from domain.models import ChatTarget, Notification, NotificationKind
from domain.notifications.outbox import OutboxMessage
from domain.units import human_size


def item_event(feed: Feed, item: FeedItem) -> str:
    return f"feed_item:{feed.id}:{key_digest(item.key)}"


def feed_item(
    feed: Feed, item: FeedItem, target: ChatTarget | None, note: str | None = None
) -> OutboxMessage | None:
    """The NEW item notice for the feed's owner, to `target` (their private chat); None when
    there is no chat to tell."""
    if target is None:
        return None
    body = item.title
    if item.size:
        body += f" ({human_size(item.size)})"
    if note:
        body += f"\n{note}"
    return OutboxMessage(
        event=item_event(feed, item),
        target=target,
        notification=Notification(
            kind=NotificationKind.FEED_ITEM,
            title=f"New in feed #{feed.id}",
            body=body,
            url=item.link,
        ),
    )
