"""Interfaces the services need: storage and the clients implement them, tests fake them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from domain.airing.values import PendingAutoDownload, WatchedEpisode, WatchedShow
from domain.fallbacks import Switch
from domain.feeds.models import Feed, FeedSettings, Fetched
from domain.models import (
    DEFAULT_NODE,
    AiringEpisode,
    AniListLink,
    AuditEntry,
    ChatTarget,
    Download,
    DownloadRequest,
    DownloadState,
    Invite,
    Media,
    MediaRelations,
    NodeReport,
    Notification,
    Platform,
    Preferences,
    Quota,
    Release,
    RequestKind,
    Role,
    Subscription,
    SyncDelta,
    TorrentFile,
    TorrentStatus,
    User,
)
from domain.notifications.events import Recipient
from domain.notifications.outbox import OutboxEntry, OutboxMessage
from domain.picks import PickList
from domain.releases import Candidate
from domain.security.ratelimit import Rate
from domain.sliding_window import WindowRule
from domain.streaming.positions import PlaybackPosition


class Clock(Protocol):
    def __call__(self) -> datetime: ...


class TorrentClient(Protocol):
    """qBittorrent, as the services see it. Every torrent carries its owners as tags."""

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        """Add a magnet or .torrent URL; if the torrent is already there, only tag the owner."""

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        """Torrents of one owner, or all of ours when owner_id is None."""

    async def torrent(self, info_hash: str) -> TorrentStatus | None: ...

    async def pause(self, info_hashes: Sequence[str]) -> None: ...

    async def resume(self, info_hashes: Sequence[str]) -> None: ...

    async def remove_owner(self, info_hash: str, owner_id: int) -> None:
        """Untag one owner; the torrent stays for the others."""

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None: ...

    async def version(self) -> str: ...

    async def files(self, info_hash: str) -> list[TorrentFile]:
        """The files of a torrent in index order; empty while a magnet has no metadata."""

    async def default_save_path(self) -> str:
        """Where qBittorrent saves by default, as qBittorrent sees it; maps its paths to ours."""


class ReleaseIndex(Protocol):
    """A torrent indexer searched by words (Nyaa)."""

    async def search(self, query: str, *, category: str = "1_2") -> list[Release]: ...


class AnimeCatalog(Protocol):
    """Where show titles are resolved (AniList)."""

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]: ...

    async def relations(self, media_id: int) -> MediaRelations:
        """The seasons before and after a show, to number episodes across seasons."""


class UserRepository(Protocol):
    async def get(self, user_id: int) -> User | None: ...

    async def by_identity(self, platform: Platform, external_id: str) -> User | None: ...

    async def create(
        self, *, platform: Platform, external_id: str, display_name: str, role: Role
    ) -> User:
        """A new user with one identity."""

    async def set_role(self, user_id: int, role: Role) -> User: ...

    async def save_preferences(self, user_id: int, preferences: Preferences) -> User: ...

    async def set_banned(self, user_id: int, banned: bool) -> User: ...

    async def everyone(self) -> list[User]:
        """Every user, oldest first."""

    async def add_identity(self, user_id: int, platform: Platform, external_id: str) -> None:
        """Attach a platform identity to a user; one that belonged to another user moves over."""

    async def external_id(self, user_id: int, platform: Platform) -> str | None:
        """The user's id on `platform` (their oldest identity there), None without one."""

    async def every_identity(self) -> list[tuple[int, Platform, str]]:
        """(user id, platform, external id) of every identity, by user then platform."""


class DownloadRequestRepository(Protocol):
    async def create(
        self,
        *,
        user_id: int,
        query: str,
        kind: RequestKind,
        episode: int | None,
        again: bool = False,
        reply_to: ChatTarget | None = None,
        info_hash: str | None = None,
        source: str | None = None,
        release_title: str | None = None,
        media_id: int | None = None,
    ) -> DownloadRequest:
        """Write the request down in state SEARCHING; `reply_to` is the chat it came from,
        `media_id` the AniList show when the caller knows it.

        A kind whose release is known already (`kind.release_known`) comes with it, `info_hash`,
        `source` and `release_title`, written in the same transaction as the request: no crash
        can leave such a request without its release. Other kinds come without one (ValueError
        either way round)."""

    async def get(self, request_id: int) -> DownloadRequest | None: ...

    async def choose(
        self, request_id: int, *, info_hash: str, source: str, release_title: str
    ) -> DownloadRequest:
        """Record the chosen release before it is handed to the torrent client."""

    async def mark_added(self, request_id: int) -> DownloadRequest: ...

    async def mark_completed(self, request_id: int) -> DownloadRequest: ...

    async def mark_failed(self, request_id: int, error: str) -> DownloadRequest: ...

    async def unfinished(self) -> list[DownloadRequest]:
        """Requests still SEARCHING, oldest first: what a restart must pick up."""


class DownloadRepository(Protocol):
    async def add(
        self,
        *,
        info_hash: str,
        owner_id: int,
        name: str,
        request_id: int | None,
        node: str = DEFAULT_NODE,
    ) -> Download:
        """Idempotent per (owner, info hash): adding twice returns the first row. `node` is the
        qBittorrent node the torrent is on."""

    async def get(self, download_id: int) -> Download | None: ...

    async def for_owner(self, owner_id: int | None) -> list[Download]:
        """One owner's downloads, newest first; every download when owner_id is None."""

    async def by_hash(self, info_hash: str) -> list[Download]:
        """Every owner's row for one torrent."""

    async def set_state(
        self, download_id: int, state: DownloadState, *, completed_at: datetime | None = None
    ) -> Download: ...

    async def delete(self, download_id: int) -> None: ...


class Notifier(Protocol):
    """Delivers notifications on one chat platform, within that platform's rate limits.

    Raises `TargetGone` when the chat can never be reached again (bot blocked, chat deleted)
    and `DeliveryFailed` for anything worth retrying later.
    """

    platform: Platform

    async def deliver(self, target: ChatTarget, notification: Notification) -> None: ...


class InviteRepository(Protocol):
    async def create(
        self, *, code_hash: str, role: Role, uses: int, expires_at: datetime, created_by: int | None
    ) -> Invite: ...

    async def redeem(self, code_hash: str, now: datetime) -> Invite | None:
        """Use one use of a live invite, atomically; None when unknown, used up or expired."""


class AuditLog(Protocol):
    async def record(
        self, *, actor_id: int | None, action: str, target: str = "", detail: str = ""
    ) -> AuditEntry: ...

    async def latest(self, limit: int) -> list[AuditEntry]:
        """Newest first."""


class BroadcastLog(Protocol):
    async def broadcast(
        self, *, actor_id: int, detail: str, messages: Sequence[OutboxMessage]
    ) -> AuditEntry:
        """In one transaction: a `broadcast` audit entry and the messages in the outbox."""


class QuotaRepository(Protocol):
    async def get(self, user_id: int) -> Quota: ...

    async def set(self, user_id: int, quota: Quota) -> Quota: ...


class AniListLinkRepository(Protocol):
    async def get(self, user_id: int) -> AniListLink | None: ...

    async def save(self, link: AniListLink) -> AniListLink:
        """Insert or replace the user's one link."""

    async def delete(self, user_id: int) -> None: ...

    async def everyone(self) -> list[AniListLink]: ...


class OAuthStateStore(Protocol):
    """Remembers issued OAuth states so that each works once."""

    async def issue(self, nonce: str, user_id: int, expires_at: datetime) -> None: ...

    async def consume(self, nonce: str, now: datetime) -> int | None:
        """The user the live state was issued to, forgetting it; None if unknown or expired."""


class ConnectCodeStore(Protocol):
    """Issued connect codes (by hash), each bound to the user it was shown to, working once."""

    async def issue(self, code_hash: str, user_id: int, expires_at: datetime) -> None: ...

    async def redeem(self, code_hash: str, now: datetime) -> int | None:
        """The user a live code was issued to, forgetting the code; None if unknown or expired."""


class GroupMembership(Protocol):
    """Asks a chat platform whether someone belongs to one of its groups (a Telegram chat)."""

    async def is_member(self, group_id: str, external_id: str) -> bool: ...


class TorrentSync(Protocol):
    """qBittorrent's incremental `sync/maindata`: pass 0 first, then the last answer's `rid`."""

    async def sync(self, rid: int) -> SyncDelta: ...


class TorrentBackend(TorrentClient, TorrentSync, Protocol):
    """qBittorrent as the services use it: commands and the incremental change feed. Also what
    one node of several is (`domain.qbittorrent.pool`)."""


class TorrentNodes(Protocol):
    """Which qBittorrent node holds what, when one box drives several (one node: `default`)."""

    async def node_of(self, info_hash: str) -> str:
        """The node holding the torrent; NotFound when none does, NodeDown when the one that
        may hold it does not answer."""

    async def default_save_path_of(self, node: str) -> str:
        """That node's default save path, as it sees it."""

    async def reports(self) -> list[NodeReport]:
        """Every node's state, asked afresh of each (a node that fails shows as down)."""

    def names(self) -> tuple[str, ...]: ...


class OutboxRepository(Protocol):
    """Notifications waiting for delivery, one entry per (event, target)."""

    async def enqueue(self, messages: Sequence[OutboxMessage]) -> int:
        """Write messages; an (event, target) already written stays as it is. Returns how many
        were new. A message for a target known to be gone is written as GONE."""

    async def claim(
        self,
        *,
        platforms: Collection[Platform],
        now: datetime,
        lease_until: datetime,
        limit: int,
    ) -> list[OutboxEntry]:
        """Lease due PENDING entries for these platforms, oldest first; a leased entry is
        nobody else's until `lease_until`."""

    async def mark_sent(self, entry_id: int, *, at: datetime) -> None: ...

    async def retry_later(self, entry_id: int, *, at: datetime, error: str) -> None:
        """Count a failed attempt, release the lease, and make the entry due again `at`."""

    async def release(self, entry_id: int, *, at: datetime) -> None:
        """Give back the lease on an entry that was not tried; due again `at`."""

    async def give_up(self, entry_id: int, error: str) -> None: ...

    async def mark_target_gone(self, target: ChatTarget, error: str) -> int:
        """Remember the target as unreachable and retire its pending entries; returns how many."""

    async def forget_gone(self, target: ChatTarget) -> bool:
        """The target takes messages again (a person started the bot after all): new entries
        for it are delivered. Whether it had been marked gone."""

    async def queued(self) -> int:
        """Entries still waiting for delivery."""


class SwitchRepository(Protocol):
    """Switches from stalled torrents to the next-best release (`domain.fallbacks`)."""

    async def for_owner(self, owner_id: int) -> list[Switch]: ...

    async def record(self, switch: Switch) -> bool:
        """Write a switch, one per (root request, stalled torrent); whether it was new."""


class CompletionRepository(Protocol):
    """Recording finished downloads together with the notifications they cause."""

    async def unannounced(self, info_hashes: Collection[str]) -> list[Recipient]:
        """Downloads of these torrents whose completion was not announced yet, each with the
        chat its request came from."""

    async def recipients(self, info_hash: str) -> list[Recipient]:
        """Every download of one torrent, each with the chat its request came from."""

    async def record_completion(
        self,
        download_ids: Sequence[int],
        *,
        completed_at: datetime,
        messages: Sequence[OutboxMessage],
    ) -> None:
        """In one transaction: the downloads COMPLETED and announced, their requests COMPLETED,
        and the messages in the outbox."""


class AiringSource(Protocol):
    """AniList's airing schedule."""

    async def airing_schedule(
        self, media_ids: Sequence[int], *, after: datetime, before: datetime | None = None
    ) -> list[AiringEpisode]:
        """Episodes of these shows airing after `after` (and before `before`), by air time."""


class SubscriptionRepository(Protocol):
    """Subscriptions, the airing schedule of their shows, and what was announced: an episode
    is announced to everyone once, in the transaction that writes its alerts to the outbox."""

    async def subscribe(
        self,
        *,
        user_id: int,
        media_id: int,
        title: str,
        query: str,
        target: ChatTarget,
        auto_download: bool,
        from_watchlist: bool = False,
    ) -> tuple[Subscription, bool]:
        """One subscription per (show, target). A second by hand updates auto-download and makes
        the subscription a hand-made one; a second from the watchlist changes nothing (what the
        person chose stands). Returns the subscription and whether it is new."""

    async def get(self, subscription_id: int) -> Subscription | None: ...

    async def remove(self, subscription_id: int) -> None: ...

    async def listed(
        self, *, user_id: int | None = None, target: ChatTarget | None = None
    ) -> list[Subscription]:
        """Oldest first: one user's, one chat's (either or both given), or every one."""

    async def for_media(self, media_id: int) -> list[Subscription]: ...

    async def shows(self) -> list[WatchedShow]:
        """Every show with at least one subscription."""

    async def save_schedule(
        self, media_id: int, episodes: Sequence[AiringEpisode], *, checked_at: datetime
    ) -> None:
        """Store new episodes (looked for from their air time on) and move the air time of
        those still waiting; the show counts as checked at `checked_at`."""

    async def next_airing(
        self, media_ids: Collection[int], now: datetime
    ) -> dict[int, AiringEpisode]:
        """Each show's first stored episode airing after `now`."""

    async def due_episodes(self, now: datetime) -> list[WatchedEpisode]:
        """Waiting episodes of subscribed shows whose next search is due, oldest air time first."""

    async def aired_episodes(self, now: datetime) -> list[WatchedEpisode]:
        """Waiting episodes of subscribed shows that have aired by `now`, due or not, oldest air
        time first."""

    async def reschedule(self, episode_id: int, next_poll_at: datetime) -> None: ...

    async def mark_missed(self, episode_id: int) -> None: ...

    async def announce(
        self,
        episode_id: int,
        *,
        release_title: str,
        messages: Sequence[OutboxMessage],
        auto_download_ids: Sequence[int],
    ) -> bool:
        """In one transaction: the episode FOUND, its alerts in the outbox, and an auto-download
        to do for each of `auto_download_ids` (subscriptions). False if it was announced already."""

    async def pending_auto_downloads(self) -> list[PendingAutoDownload]: ...

    async def finish_auto_download(
        self, pending_id: int, *, outcome: str, messages: Sequence[OutboxMessage] = ()
    ) -> None:
        """In one transaction: the auto-download done with `outcome`, and its messages."""


class FeedRepository(Protocol):
    """Users' RSS feeds and the items each has seen, remembered by their stable keys."""

    async def add(
        self, *, owner_id: int, url: str, settings: FeedSettings, reply_to: ChatTarget | None
    ) -> Feed: ...

    async def get(self, feed_id: int) -> Feed | None: ...

    async def for_owner(self, owner_id: int | None) -> list[Feed]:
        """One owner's feeds, oldest first; every feed when owner_id is None."""

    async def delete(self, feed_id: int) -> None:
        """The feed and its seen items."""

    async def unseen(self, feed_id: int, keys: Sequence[str]) -> list[str]:
        """The keys, in the order given, that this feed has not seen yet."""

    async def record_poll(
        self,
        feed_id: int,
        *,
        polled_at: datetime,
        seen: Sequence[str] = (),
        messages: Sequence[OutboxMessage] = (),
        matched: int = 0,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
    ) -> None:
        """In one transaction: the keys seen, the messages in the outbox, `matched` added to the
        feed's count, and the poll's state (primed, validators, last error) on the feed."""


class FeedSource(Protocol):
    """Fetches users' feeds: only addresses the bot may reach, under a deadline and a size cap."""

    async def check(self, url: str) -> None:
        """UnsafeUrl unless the bot may fetch `url` now."""

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """The body, or a 304 (body None) when unchanged; UnsafeUrl or FeedError."""

    async def torrent_hash(self, url: str) -> str:
        """The info hash of the .torrent at `url`."""


class PlaybackPositionRepository(Protocol):
    """Where each user stopped in each file of a download, for the player's "Resume"."""

    async def get(
        self, user_id: int, download_id: int, file_index: int
    ) -> PlaybackPosition | None: ...

    async def save(self, position: PlaybackPosition) -> None:
        """Write it, replacing that user's earlier position in that file."""


class SendSlots(Protocol):
    """Send starts kept where every process sending through one account sees them."""

    async def reserve(self, rules: Sequence[WindowRule]) -> float:
        """Take the earliest start that every rule allows, counted in all of them at once;
        seconds from now until it (0.0: at once)."""


class PickLists(Protocol):
    """Search results kept under a short token for the buttons that pick from them
    (`domain.picks`), where every process that may take the press sees them."""

    async def put(
        self,
        owner_id: int,
        query: str,
        candidates: tuple[Candidate, ...],
        show: str | None = None,
    ) -> PickList:
        """Keep them under a new token for a while; older lists may go to make room."""

    async def get(self, token: str) -> PickList | None:
        """The list under `token`, whoever owns it; None when unknown or expired."""


class RateBuckets(Protocol):
    """Per-user token buckets (`domain.security.ratelimit`), kept where every process taking
    from them sees them."""

    async def spend(self, user_id: int, command: str, rate: Rate) -> float:
        """Refill the user's bucket of `command` for the time since it was last used, then take
        one token, all at once for whoever else takes from it. 0.0 when one was taken;
        otherwise nothing was, and the seconds until one is there."""
