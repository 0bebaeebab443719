"""What retention tells owners: pure functions from a download to outbox messages.

The event key names the download and when it was added, so a warning is written once per copy
and an id a database hands out again never inherits an old warning.
"""

from __future__ import annotations

from datetime import datetime

from domain.models import Action, Download, Notification, NotificationKind
from domain.notifications.events import Recipient
from domain.notifications.outbox import OutboxMessage

EXPIRING = "download_expiring"
REMOVED = "download_removed"


def _copy_key(download: Download) -> str:
    return f"{download.id}:{int(download.added_at.timestamp())}"


def expiring_event(download: Download) -> str:
    """The outbox event of a download's removal warning; its entry's time is when it was given."""
    return f"{EXPIRING}:{_copy_key(download)}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def download_expiring(recipient: Recipient, removal_at: datetime) -> OutboxMessage | None:
    if recipient.personal is None:
        return None
    download = recipient.download
    return OutboxMessage(
        event=expiring_event(download),
        target=recipient.personal,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_EXPIRING,
            title="Download expiring",
            body=(
                f"#{download.id} {download.name} will be removed from the box after "
                f"{_when(removal_at)}. Fetch it before then."
            ),
            actions=(Action("Files", f"/files {download.id}"),),
        ),
    )


def download_removed(recipient: Recipient, reason: str) -> OutboxMessage | None:
    if recipient.personal is None:
        return None
    download = recipient.download
    return OutboxMessage(
        event=f"{REMOVED}:{_copy_key(download)}",
        target=recipient.personal,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_REMOVED,
            title="Download removed",
            body=f"#{download.id} {download.name} was removed from the box: {reason}.",
        ),
    )
