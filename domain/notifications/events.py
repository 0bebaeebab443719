"""What each event tells whom: pure functions from domain values to outbox messages.

Event keys are stable, so writing the same event twice (a rerun, a restart, two watchers) is
harmless: the outbox keeps one entry per (event, target).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.models import (
    Action,
    ChatTarget,
    Download,
    Notification,
    NotificationKind,
    TorrentStatus,
)
from domain.notifications.outbox import OutboxMessage
from domain.units import human_size


@dataclass(frozen=True, slots=True)
class Recipient:
    """A download and the chat its request came from (None: nobody to tell)."""

    download: Download
    target: ChatTarget | None


def download_completed(
    recipient: Recipient, torrent: TorrentStatus, url: str | None = None
) -> OutboxMessage | None:
    """`url` is the signed link to the file (or a batch's page); "Files" makes fresh ones later,
    since a link in a notice read days after may have expired."""
    if recipient.target is None:
        return None
    download = recipient.download
    body = f"#{download.id} {torrent.name or download.name}"
    if torrent.size:
        body += f" ({human_size(torrent.size)})"
    return OutboxMessage(
        event=f"download_completed:{download.id}",
        target=recipient.target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_COMPLETED,
            title="Download complete",
            body=body,
            actions=(
                Action("Files", f"/files {download.id}"),
                Action("Status", f"/status {download.id}"),
            ),
            url=url,
        ),
    )


def download_stalled(
    recipient: Recipient, torrent: TorrentStatus, since: datetime
) -> OutboxMessage | None:
    if recipient.target is None:
        return None
    download = recipient.download
    return OutboxMessage(
        # One notice per stall: a torrent that moves again and stalls again is a new event.
        event=f"download_stalled:{download.id}:{int(since.timestamp())}",
        target=recipient.target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_STALLED,
            title="Download stalled",
            body=(
                f"#{download.id} {torrent.name or download.name} has not moved at "
                f"{torrent.progress:.0%} ({torrent.seeds} seeds)."
            ),
            actions=(
                Action("Status", f"/status {download.id}"),
                Action("Delete", f"/delete {download.id}"),
            ),
        ),
    )


def download_switched(
    recipient: Recipient, torrent: TorrentStatus, replacement: Download, episode: int | None
) -> OutboxMessage | None:
    """The owner's stalled download was dropped for the next-best release of the same thing."""
    if recipient.target is None:
        return None
    stuck = recipient.download
    what = f"Episode {episode}" if episode is not None else f"#{stuck.id}"
    return OutboxMessage(
        # Keyed by the torrent left behind: a restart that finishes the switch says it once.
        event=f"download_switched:{stuck.owner_id}:{stuck.info_hash}",
        target=recipient.target,
        notification=Notification(
            kind=NotificationKind.DOWNLOAD_STALLED,
            title="Download switched",
            body=(
                f"{what} was stuck at {torrent.progress:.0%} ({torrent.seeds} seeds); "
                f"switched to #{replacement.id} {replacement.name}."
            ),
            actions=(Action("Status", f"/status {replacement.id}"),),
        ),
    )
