"""Watchlist auto: a user's AniList list fetches their new episodes by itself.

Turned on (`/watchlist auto on`), every show on the user's CURRENT and REPEATING lists is followed
by an auto-download subscription in their private chat on the platform they asked from
(`domain.anilist.following`). From there the airing watcher does what it does for any
subscription: the schedule says when to look, one search per episode serves every follower, each
gets the release their preferences pick, and a refusal over quota is told once, privately.

When a show joins (and when auto is turned on) the episodes that aired past the user's progress
are fetched at once, at most `catch_up` per show, newest last; an episode the user already has,
from any group, is not fetched again. Each cycle (a scheduler job, every minute) re-reads the
stalest few lists and follows what changed: a show added on AniList is followed, a dropped one
let go.

AniList busy or down changes nothing for anyone. A token AniList refuses drops the link
(`WatchlistService`): the list's subscriptions go, so nothing more is fetched, and the user is
told once that auto is paused. It resumes when they link again, with nothing else to do: the
list is followed anew and caught up from their progress. Unlinking by hand or a ban pauses it
the same way, quietly.

A catch-up episode whose release qBittorrent will not take (`TorrentRefused`) is tried at once
with the next-best, up to `MAX_REFUSED_RELEASES`; then it is left out and the user told once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from domain.airing.messages import auto_download_refused, releases_refused
from domain.anilist.following import catch_up, plan_follows
from domain.anilist.lists import WatchEntry
from domain.errors import (
    AlreadyHave,
    CatalogError,
    DiskFull,
    ExternalServiceError,
    InvalidInput,
    NoRelease,
    QuotaExceeded,
    RelinkNeeded,
    TorrentRefused,
)
from domain.models import (
    Action,
    ChatTarget,
    Notification,
    NotificationKind,
    Platform,
    Subscription,
    TargetKind,
    User,
)
from domain.notifications.outbox import OutboxMessage
from domain.ports import (
    AniListLinkRepository,
    Clock,
    OutboxRepository,
    SubscriptionRepository,
    UserRepository,
)
from domain.services.anilist_link import AniListLinkService
from domain.services.downloads import MAX_REFUSED_RELEASES, DownloadService
from domain.services.watchlist import Watchlist, WatchlistService

logger = logging.getLogger(__name__)

CATCH_UP = 3  # aired episodes fetched per show when it joins (WATCHLIST_CATCH_UP)


@dataclass(slots=True)
class FollowReport:
    """What following one user's list (or, summed, everyone's) did."""

    users: int = 0
    joined: list[str] = field(default_factory=list)  # titles of shows newly followed
    left: list[str] = field(default_factory=list)  # titles of shows let go
    fetched: list[tuple[str, int, int]] = field(default_factory=list)  # title, episode, download
    had: int = 0  # episodes the user already had
    not_out: int = 0  # aired, but no release on Nyaa for their preferences (yet)
    refused: int = 0  # over quota or short of disk: told once
    not_taken: int = 0  # episodes whose best releases qBittorrent refused: told once
    synced: int = 0  # lists re-read from AniList this cycle

    def add(self, other: FollowReport) -> None:
        self.users += other.users
        self.joined += other.joined
        self.left += other.left
        self.fetched += other.fetched
        self.had += other.had
        self.not_out += other.not_out
        self.refused += other.refused
        self.not_taken += other.not_taken


class WatchlistAutomation:
    def __init__(
        self,
        *,
        watchlist: WatchlistService,
        links: AniListLinkService,
        link_rows: AniListLinkRepository,
        subscriptions: SubscriptionRepository,
        downloads: DownloadService,
        users: UserRepository,
        outbox: OutboxRepository,
        clock: Clock,
        catch_up: int = CATCH_UP,
    ) -> None:
        self._watchlist = watchlist
        self._links = links
        self._link_rows = link_rows
        self._subscriptions = subscriptions
        self._downloads = downloads
        self._users = users
        self._outbox = outbox
        self._clock = clock
        self._catch_up = catch_up

    @property
    def catch_up(self) -> int:
        return self._catch_up

    async def turn_on(self, user: User, chat: ChatTarget) -> FollowReport:
        """Auto on, told in the user's private chat on `chat`'s platform; the list is followed
        (and caught up on) at once. RelinkNeeded without an AniList link."""
        if await self._links.current(user) is None:
            raise RelinkNeeded(f"user {user.id} has no AniList link")
        target = await self._private_chat(user, chat.platform)
        if target is None:
            raise InvalidInput(f"user {user.id} has no {chat.platform} identity to tell")
        if user.preferences.watchlist_auto is not chat.platform:
            await self.turn_off(user)  # another platform's subscriptions go with the old choice
            preferences = replace(user.preferences, watchlist_auto=chat.platform)
            user = await self._users.save_preferences(user.id, preferences)
            logger.info("user %d turned watchlist auto on (%s)", user.id, chat.platform)
        return await self.follow(user)

    async def turn_off(self, user: User) -> int:
        """Auto off: the list's subscriptions go (hand-made ones stay). Returns how many went."""
        if user.preferences.watchlist_auto is not None:
            preferences = replace(user.preferences, watchlist_auto=None)
            await self._users.save_preferences(user.id, preferences)
        return await self._let_go(user)

    async def cycle(self) -> FollowReport:
        """The job: the stalest lists are re-read (within the watchlist's share of AniList's
        limit), then every auto user's list, as last read, is followed. Following asks AniList
        nothing: a list not read yet waits for a later run."""
        before = {link.user_id for link in await self._link_rows.everyone()}
        report = FollowReport(synced=await self._watchlist.sync_due())
        # A token the re-read found refused has dropped its link just now: that user is told.
        linked = {link.user_id for link in await self._link_rows.everyone()}
        for user in await self._users.everyone():
            if user.preferences.watchlist_auto is None:
                continue
            if user.banned or user.id not in linked:
                await self._pause(user)  # unlinked by hand or banned: quietly
                if user.id in before and not user.banned:
                    await self._tell_paused(user)
                continue
            listed = self._watchlist.cached(user)
            if listed is None:
                continue
            try:
                report.add(await self._follow(user, listed))
            except (CatalogError, ExternalServiceError) as exc:
                logger.warning("watchlist auto of user %d waits: %s", user.id, exc)
        return report

    async def _pause(self, user: User) -> None:
        """No list to follow: the list's subscriptions go, so nothing more is fetched for it; auto
        stays on, and the next cycle with a link follows the list again and catches up."""
        if await self._let_go(user):
            logger.info("watchlist auto of user %d paused", user.id)

    async def _let_go(self, user: User) -> int:
        """Remove the subscriptions the user's list made (never hand-made ones)."""
        made = [s for s in await self._subscriptions.listed(user_id=user.id) if s.from_watchlist]
        for subscription in made:
            await self._subscriptions.remove(subscription.id)
        if made:
            logger.info("user %d's list let go of %d shows", user.id, len(made))
        return len(made)

    async def follow(self, user: User) -> FollowReport:
        """Follow what the user's list holds now (from the cache when fresh)."""
        return await self._follow(user, await self._watchlist.watchlist(user))

    async def _follow(self, user: User, listed: Watchlist) -> FollowReport:
        report = FollowReport(users=1)
        platform = user.preferences.watchlist_auto
        if platform is None:
            return report
        target = await self._private_chat(user, platform)
        if target is None:
            logger.info("user %d has no %s identity: watchlist auto idle", user.id, platform)
            return report
        held = await self._subscriptions.listed(user_id=user.id, target=target)
        plan = plan_follows(listed.entries, held)
        for gone in plan.leave:
            await self._subscriptions.remove(gone.id)
            report.left.append(gone.title)
            logger.info("user %d's list dropped %s: let go", user.id, gone.title)
        for entry in plan.join:
            await self._join(user, entry, target, report)
        return report

    async def _join(
        self, user: User, entry: WatchEntry, target: ChatTarget, report: FollowReport
    ) -> None:
        subscription, created = await self._subscriptions.subscribe(
            user_id=user.id,
            media_id=entry.media_id,
            title=entry.title,
            query=entry.search_title,
            target=target,
            auto_download=True,
            from_watchlist=True,
        )
        if not created:
            return
        report.joined.append(entry.title)
        logger.info("user %d's list follows %s", user.id, entry.title)
        try:
            for episode in catch_up(entry, self._catch_up):
                await self._fetch(user, subscription, entry, episode, report)
        except ExternalServiceError:
            # Nyaa or qBittorrent down: the show joins again next cycle and catches up then
            # (what was added meanwhile is AlreadyHave).
            await self._subscriptions.remove(subscription.id)
            report.joined.pop()
            raise

    async def _fetch(
        self,
        user: User,
        subscription: Subscription,
        entry: WatchEntry,
        episode: int,
        report: FollowReport,
    ) -> None:
        refused: frozenset[str] = frozenset()  # info hashes qBittorrent would not take
        while True:
            try:
                added = await self._downloads.request_episode(
                    user,
                    entry.search_title,
                    episode,
                    reply_to=subscription.target,
                    media_id=entry.media_id,
                    exclude=refused,
                )
            except TorrentRefused as exc:
                refused |= {exc.info_hash}
                logger.warning("%s episode %d: %s", entry.title, episode, exc)
                if len(refused) < MAX_REFUSED_RELEASES:
                    continue  # the next-best, now
                await self._not_taken(subscription, entry, episode, len(refused), report)
                return
            except AlreadyHave:
                report.had += 1
                return
            except NoRelease as exc:
                if refused:  # what qBittorrent would take is all there was
                    await self._not_taken(subscription, entry, episode, len(refused), report)
                    return
                report.not_out += 1
                logger.info(
                    "%s episode %d not on Nyaa for user %d: %s", entry.title, episode, user.id, exc
                )
                return
            except (QuotaExceeded, DiskFull) as exc:
                report.refused += 1
                names = (entry.search_title, entry.title)
                message = auto_download_refused(
                    subscription, episode, exc, names, subscription.target
                )
                await self._outbox.enqueue([message])
                return
            report.fetched.append((entry.title, episode, added.download.id))
            return

    async def _not_taken(
        self,
        subscription: Subscription,
        entry: WatchEntry,
        episode: int,
        refused: int,
        report: FollowReport,
    ) -> None:
        """qBittorrent refused the best `refused` releases of a catch-up episode: told once."""
        report.not_taken += 1
        names = (entry.search_title, entry.title)
        message = releases_refused(subscription, episode, refused, names, subscription.target)
        await self._outbox.enqueue([message])

    async def _tell_paused(self, user: User) -> None:
        """AniList refused the user's token (the link is dropped): said once, privately."""
        platform = user.preferences.watchlist_auto
        target = await self._private_chat(user, platform) if platform is not None else None
        logger.info("watchlist auto of user %d paused: AniList refused the token", user.id)
        if target is None:
            return
        notice = Notification(
            kind=NotificationKind.DOWNLOAD_FAILED,
            title="Watchlist auto paused",
            body=(
                "AniList refused my access to your list, so new episodes are not fetched for "
                "you now. Link again with /link and they are, from where you are."
            ),
            actions=(Action("Link AniList", "/link"),),
        )
        event = f"watchlist_paused:{user.id}:{int(self._clock().timestamp())}"
        await self._outbox.enqueue([OutboxMessage(event, target, notice)])

    async def _private_chat(self, user: User, platform: Platform) -> ChatTarget | None:
        external = await self._users.external_id(user.id, platform)
        return ChatTarget(platform, external, TargetKind.PERSON) if external else None
