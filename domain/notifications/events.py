"""What each event tells whom: pure functions from domain values to outbox messages.

Event keys are stable, so writing the same event twice (a rerun, a restart, two watchers) is
harmless: the outbox keeps one entry per (event, target).

What is about a download is its owner's alone (a signed link opens the file for whoever holds
it), so it goes to the owner's private chat even when the request came from a group; the group
hears only that the download is ready, with no link. So do the owner's AniList buttons: "✓ Watched"
writes the presser's own list, which means nothing to the rest of a group.
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
    TargetKind,
    TorrentStatus,
)
from domain.notifications.outbox import OutboxMessage
from domain.units import human_size


@dataclass(frozen=True, slots=True)
class Recipient:
    """A download, the chat its request came from (None: nobody to tell), and its owner's
    private chat on that chat's platform (None when the owner has no identity there). `episode`
    and `media_id` are its request's, when known: the AniList show and episode it is."""

    download: Download
    target: ChatTarget | None
    owner_chat: ChatTarget | None = None
    episode: int | None = None
    media_id: int | None = None

    @property
    def personal(self) -> ChatTarget | None:
        """Where what is the owner's alone goes: the request's chat when it was private, else
        the owner's private chat."""
        if self.target is not None and self.target.kind is TargetKind.PERSON:
            return self.target
        return self.owner_chat

    @property
    def group(self) -> ChatTarget | None:
        """The group the request came from, if it came from one."""
        if self.target is not None and self.target.kind is TargetKind.GROUP:
            return self.target
        return None


def private_chat(origin: ChatTarget, external_id: str | None) -> ChatTarget | None:
    """A person's private chat on `origin`'s platform, given their id there (a Telegram user's
    private chat has the user's id; a Discord target of kind PERSON is a direct message)."""
    if origin.kind is TargetKind.PERSON:
        return origin
    if external_id is None:
        return None
    return ChatTarget(origin.platform, external_id, TargetKind.PERSON)


def download_completed(
    recipient: Recipient, torrent: TorrentStatus, url: str | None = None
) -> tuple[OutboxMessage, ...]:
    """The owner's notice with `url`, the signed link to the file (or a batch's page; "Files"
    makes fresh ones later, since a link in a notice read days after may have expired), and,
    for a request asked in a group, the group's linkless word that it is ready."""
    download = recipient.download
    event = f"download_completed:{download.id}"
    body = f"#{download.id} {torrent.name or download.name}"
    if torrent.size:
        body += f" ({human_size(torrent.size)})"
    messages = []
    if recipient.personal is not None:
        notice = Notification(
            kind=NotificationKind.DOWNLOAD_COMPLETED,
            title="Download complete",
            body=body,
            actions=(
                Action("Files", f"/files {download.id}"),
                Action("Status", f"/status {download.id}"),
                *anilist_actions(recipient),
            ),
            url=url,
        )
        messages.append(OutboxMessage(event, recipient.personal, notice))
    if recipient.group is not None:
        # Pressed in the group, "Files" answers the presser privately, and only its owner
        # gets links: one who never started the bot is offered the private chat instead.
        ready = Notification(
            kind=NotificationKind.DOWNLOAD_COMPLETED,
            title="Ready",
            body=f"{body} is ready; its link went to whoever asked for it, privately.",
            actions=(Action("Files", f"/files {download.id}"),),
        )
        messages.append(OutboxMessage(event, recipient.group, ready))
    return tuple(messages)


def anilist_actions(recipient: Recipient) -> tuple[Action, ...]:
    """ "✓ Watched" (that episode as the owner's AniList progress) and "Next episode", for a
    download whose show and episode are known; none for one that is not (a plain /get)."""
    media_id, episode = recipient.media_id, recipient.episode
    if media_id is None or episode is None:
        return ()
    return (
        Action("✓ Watched", f"/watchlist watched {media_id} {episode}"),
        # By AniList id, so the next download records its show too and gets these buttons.
        Action("Next episode", f"/watchlist get {media_id} {episode + 1}"),
    )


def download_stalled(
    recipient: Recipient, torrent: TorrentStatus, since: datetime
) -> OutboxMessage | None:
    if recipient.personal is None:
        return None
    download = recipient.download
    return OutboxMessage(
        # One notice per stall: a torrent that moves again and stalls again is a new event.
        event=f"download_stalled:{download.id}:{int(since.timestamp())}",
        target=recipient.personal,
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
    if recipient.personal is None:
        return None
    stuck = recipient.download
    what = f"Episode {episode}" if episode is not None else f"#{stuck.id}"
    return OutboxMessage(
        # Keyed by the torrent left behind: a restart that finishes the switch says it once.
        event=f"download_switched:{stuck.owner_id}:{stuck.info_hash}",
        target=recipient.personal,
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
