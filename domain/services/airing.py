"""The airing watcher: new episodes of subscribed shows found, announced and fetched.

Each cycle (a scheduler job, every minute or so):
1. Shows whose stored schedule is stale (a day old, or its next episode has aired) get AniList's
   airing schedule, all of them in one request per 50 entries.
2. Nyaa's latest releases are read once (`domain.airing.latest`): a waiting aired episode one
   of them is gets hunted at once, whatever its time since air, so a release is found within a
   cycle of its upload. Then each aired episode whose next search is due is looked for on the
   indexer ONCE for all its subscribers, ranked with default preferences; these searches back
   off with time since air (`domain.airing.polling`), and give up after two days: the safety net
   for a release that slipped out of the latest 75 between two cycles, or the feed failing. A
   sighted episode whose search still misses it (an answer from before its upload, remembered
   by `domain.airing.recent`) is announced by a later cycle, not from the latest feed alone: its
   auto-downloads ask the same searches, and must not be refused on that stale answer.
3. A found episode is announced in one transaction: the episode FOUND, one NEW_EPISODE alert per
   subscribed chat in the outbox (keyed per show and episode, so never twice), and one
   auto-download to do per auto-download subscription.
4. Auto-downloads still to do are added through the DownloadService with each subscriber's own
   preferences; the torrent client tags several owners on one torrent, so subscribers who pick the
   same release share it. An over-quota subscriber is told instead. Each is marked done with its
   outcome (and message) in one transaction, so a crash anywhere is finished by the next cycle
   without a duplicate: a download already added is refused as AlreadyHave and marked done.
   A season stays in one group (`domain.airing.sticky`): a subscriber whose previous episode came
   from a group gets that group's release at that resolution, and their auto-download stays to
   do while the group has not released it, up to `group_wait` after the episode's first release;
   then the best other release is added and they are told why, privately.
5. A release qBittorrent will not take (`TorrentRefused`: its torrent URL gives an HTML page, a
   404 or a broken torrent) is not tried again: the auto-download stays to do, and the next cycle
   ranks without it, so the next-best release is tried. After `MAX_REFUSED_RELEASES` refusals, or
   when no release is left, it is done, and the subscriber is told once, privately. The refused
   info hashes are kept in memory only: a restart may try each of them once more. qBittorrent
   itself unreachable is another matter: the auto-download is left to do as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from domain.airing.latest import LATEST_QUERY, NewUploads, brings, sightings
from domain.airing.messages import (
    auto_download_refused,
    new_episode,
    other_group,
    releases_refused,
)
from domain.airing.polling import GIVE_UP_AFTER, next_poll, schedule_due, worth_hunting
from domain.airing.sticky import (
    GROUP_WAIT,
    Sticky,
    Verdict,
    decide,
    first_from,
    is_from,
    next_look,
    previous_release,
    steered,
)
from domain.airing.values import PendingAutoDownload, WatchedEpisode, WatchedShow
from domain.errors import (
    AlreadyHave,
    CatalogError,
    DiskFull,
    DomainError,
    ExternalServiceError,
    NoRelease,
    QuotaExceeded,
    TorrentRefused,
)
from domain.models import ChatTarget, Platform, Preferences, Release, User
from domain.notifications.events import private_chat
from domain.notifications.outbox import OutboxMessage
from domain.ports import (
    AiringSource,
    Clock,
    DownloadRepository,
    ReleaseIndex,
    SubscriptionRepository,
    UserRepository,
)
from domain.releases import parse
from domain.services.downloads import MAX_REFUSED_RELEASES, DownloadService
from domain.services.search import SearchService

logger = logging.getLogger(__name__)

SCHEDULE_BATCH = 50  # shows per schedule request
# Chats with no notifier to read an outbox: the console has nobody to tell later.
_SILENT = frozenset({Platform.CONSOLE})


@dataclass(slots=True)
class AiringReport:
    """What one cycle did."""

    schedules: int = 0  # shows whose schedule was fetched
    searched: int = 0  # indexer searches for aired episodes
    latest: int = 0  # requests for Nyaa's latest releases
    sighted: int = 0  # episodes hunted because a latest release was theirs
    announced: list[tuple[int, int]] = field(default_factory=list)  # (media id, episode)
    missed: list[tuple[int, int]] = field(default_factory=list)
    downloads: int = 0  # auto-downloads added
    refused: int = 0  # auto-downloads refused over quota
    waiting: int = 0  # auto-downloads left to do while their season's group has not released
    not_taken: int = 0  # releases qBittorrent refused; their auto-downloads try the next-best
    given_up: int = 0  # auto-downloads done because qBittorrent refused their best releases


class AiringWatcher:
    def __init__(
        self,
        *,
        subscriptions: SubscriptionRepository,
        schedule: AiringSource,
        search: SearchService,
        index: ReleaseIndex,
        downloads: DownloadService,
        users: UserRepository,
        clock: Clock,
        download_rows: DownloadRepository,
        group_wait: timedelta = GROUP_WAIT,
    ) -> None:
        self._subscriptions = subscriptions
        self._schedule = schedule
        self._search = search
        self._index = index  # the one `search` asks, read here for its latest releases
        self._downloads = downloads
        self._users = users
        self._clock = clock
        self._download_rows = download_rows  # whose names tell each subscriber's season's group
        self._group_wait = group_wait
        # Auto-downloads waiting for their group -> when to look again. Kept in memory only: a
        # restart looks at once, which costs one search.
        self._looks: dict[int, datetime] = {}
        # Auto-downloads -> info hashes of the releases qBittorrent refused for them, left out of
        # their ranking. In memory only: a restart tries each once more, within the same bound.
        self._refused: dict[int, frozenset[str]] = {}
        self._uploads = NewUploads()

    async def cycle(self) -> AiringReport:
        report = AiringReport()
        shows = await self._subscriptions.shows()
        await self._refresh_schedules(shows, report)
        names: dict[int, tuple[str, ...]] = {s.media_id: (s.query, s.title) for s in shows}
        waiting = await self._subscriptions.aired_episodes(self._clock())
        latest = await self._read_latest(waiting, report)
        found = sightings(latest, waiting, names)
        report.sighted += len(found)
        hunted: set[int] = set()
        for sighting in found:
            episode = sighting.episode
            logger.debug(
                "%s episode %d is among the latest: %s",
                episode.title,
                episode.episode,
                sighting.best.release.title,
            )
            await self._hunt(episode, names.get(episode.media_id, ()), report)
            hunted.add(episode.id)
        for episode in await self._subscriptions.due_episodes(self._clock()):
            if episode.id not in hunted:
                await self._hunt(episode, names.get(episode.media_id, ()), report)
        await self._auto_downloads(names, report, self._uploads.since_last_read(latest))
        return report

    async def _refresh_schedules(self, shows: list[WatchedShow], report: AiringReport) -> None:
        now = self._clock()
        due = [s for s in shows if schedule_due(s.schedule_checked_at, s.next_airs_at, now)]
        for start in range(0, len(due), SCHEDULE_BATCH):
            batch = {show.media_id: show for show in due[start : start + SCHEDULE_BATCH]}
            try:
                episodes = await self._schedule.airing_schedule(
                    list(batch), after=now - GIVE_UP_AFTER
                )
            except CatalogError as exc:
                # The stored schedule still serves; the next cycle asks again.
                logger.warning("airing schedules of %d shows not fetched: %s", len(batch), exc)
                return
            for media_id, show in batch.items():
                await self._subscriptions.save_schedule(
                    media_id,
                    [
                        e
                        for e in episodes
                        if e.media_id == media_id
                        and worth_hunting(e.airs_at, show.first_subscribed_at)
                    ],
                    checked_at=now,
                )
            report.schedules += len(batch)

    async def _read_latest(
        self, waiting: list[WatchedEpisode], report: AiringReport
    ) -> list[Release]:
        """Nyaa's latest releases, while an aired episode or a season's group is waited for.
        Nothing waited for costs no request; the feed failing leaves it to the due searches."""
        now = self._clock()
        if not waiting and not any(at > now for at in self._looks.values()):
            return []
        report.latest += 1
        try:
            return await self._index.search(LATEST_QUERY)
        except DomainError as exc:
            logger.warning("Nyaa's latest releases not read: %s", exc)
            return []

    async def _hunt(
        self, episode: WatchedEpisode, names: tuple[str, ...], report: AiringReport
    ) -> None:
        now = self._clock()
        report.searched += 1
        try:
            result = await self._search.search(
                episode.query, Preferences(), episode=episode.episode
            )
            best = result.ranking.best
        except DomainError as exc:
            logger.warning(
                "looking for %s episode %d failed: %s", episode.title, episode.episode, exc
            )
            best = None
        if best is None:
            await self._not_yet(episode, now, report)
            return
        subscribers = await self._subscriptions.for_media(episode.media_id)
        names = _names(episode, names)
        messages = [
            new_episode(s, episode.episode, best.release.title, names)
            for s in subscribers
            if s.target.platform not in _SILENT
        ]
        announced = await self._subscriptions.announce(
            episode.id,
            release_title=best.release.title,
            messages=messages,
            auto_download_ids=[s.id for s in subscribers if s.auto_download],
        )
        if announced:
            report.announced.append((episode.media_id, episode.episode))
            logger.info(
                "%s episode %d is out (%s): %d chats told",
                episode.title,
                episode.episode,
                best.release.title,
                len(messages),
            )

    async def _not_yet(self, episode: WatchedEpisode, now: datetime, report: AiringReport) -> None:
        later = next_poll(episode.airs_at, now)
        if later is None or later <= now:
            await self._subscriptions.mark_missed(episode.id)
            report.missed.append((episode.media_id, episode.episode))
            logger.info("gave up on %s episode %d", episode.title, episode.episode)
        else:
            await self._subscriptions.reschedule(episode.id, later)

    async def _auto_downloads(
        self, names: dict[int, tuple[str, ...]], report: AiringReport, new: list[Release]
    ) -> None:
        pendings = await self._subscriptions.pending_auto_downloads()
        ids = {p.id for p in pendings}
        for gone in self._looks.keys() - ids:
            del self._looks[gone]  # done elsewhere, or its subscription removed
        for gone in self._refused.keys() - ids:
            del self._refused[gone]
        for pending in pendings:
            show = names.get(pending.subscription.media_id, ())
            if pending.id in self._looks and brings(new, _titles(pending, show), pending.episode):
                # A new upload of the episode waited for may be the season's group: look now,
                # not at the next backed-off look.
                del self._looks[pending.id]
            try:
                await self._auto_download(pending, show, report)
            except ExternalServiceError as exc:
                # qBittorrent or Nyaa down: left to do, tried again next cycle.
                logger.warning("auto-download %d postponed: %s", pending.id, exc)

    async def _auto_download(
        self, pending: PendingAutoDownload, names: tuple[str, ...], report: AiringReport
    ) -> None:
        subscription, episode = pending.subscription, pending.episode
        done = self._subscriptions.finish_auto_download
        user = await self._users.get(subscription.user_id)
        if user is None or user.banned:
            await done(pending.id, outcome="subscriber no longer allowed")
            return
        reply_to = subscription.target if subscription.target.platform not in _SILENT else None
        steer = await self._steer(pending, user, names)
        if steer is None:
            report.waiting += 1
            return
        user = steer.user  # preferences steered to the season's group, when it has released
        refused = self._refused.get(pending.id, frozenset())
        try:
            added = await self._downloads.request_episode(
                user,
                subscription.query,
                episode,
                reply_to=reply_to,
                media_id=subscription.media_id,
                exclude=refused,
            )
        except TorrentRefused as exc:
            refused |= {exc.info_hash}
            report.not_taken += 1
            if len(refused) < MAX_REFUSED_RELEASES:
                self._refused[pending.id] = refused
                logger.warning(
                    "auto-download %d: qBittorrent refused release %d of %d, the next-best is "
                    "tried next cycle: %s",
                    pending.id,
                    len(refused),
                    MAX_REFUSED_RELEASES,
                    exc,
                )
                return
            await self._give_up(pending, user, reply_to, names, len(refused), report)
            return
        except (QuotaExceeded, DiskFull) as exc:
            names = names or (subscription.query, subscription.title)
            messages = []
            private = await self._private_chat(user, reply_to)
            if private is not None:
                messages.append(auto_download_refused(subscription, episode, exc, names, private))
            await done(pending.id, outcome=f"refused: {exc}", messages=messages)
            report.refused += 1
            return
        except AlreadyHave as exc:
            await done(pending.id, outcome=f"already had download {exc.download_id}")
            return
        except NoRelease as exc:
            if refused:  # what qBittorrent would take is all there was
                await self._give_up(pending, user, reply_to, names, len(refused), report)
                return
            await done(pending.id, outcome=f"no release for their preferences: {exc}")
            return
        outcome = f"added download {added.download.id}"
        told: list[OutboxMessage] = []
        title = added.request.release_title or added.download.name
        if steer.left is not None and not is_from(parse(title), steer.left):
            outcome += f", not {steer.left.label}: not out in time"
            private = await self._private_chat(user, reply_to)
            if private is not None:
                told.append(
                    other_group(subscription, episode, steer.left, title, self._group_wait, private)
                )
        await done(pending.id, outcome=outcome, messages=told)
        report.downloads += 1

    async def _give_up(
        self,
        pending: PendingAutoDownload,
        user: User,
        reply_to: ChatTarget | None,
        names: tuple[str, ...],
        refused: int,
        report: AiringReport,
    ) -> None:
        """Done: qBittorrent refused the `refused` best releases. Told once, privately."""
        subscription = pending.subscription
        names = names or (subscription.query, subscription.title)
        messages = []
        private = await self._private_chat(user, reply_to)
        if private is not None:
            messages.append(
                releases_refused(subscription, pending.episode, refused, names, private)
            )
        await self._subscriptions.finish_auto_download(
            pending.id,
            outcome=f"qBittorrent refused {refused} release{'s' * (refused != 1)}",
            messages=messages,
        )
        self._refused.pop(pending.id, None)
        report.given_up += 1
        logger.warning(
            "auto-download %d given up: qBittorrent refused %d releases of %s episode %d",
            pending.id,
            refused,
            subscription.title,
            pending.episode,
        )

    async def _steer(
        self, pending: PendingAutoDownload, user: User, names: tuple[str, ...]
    ) -> _Steer | None:
        """Who the release is picked for: the user with preferences steered to their season's
        group when it has released the episode, or as they are. None: wait for the group."""
        now = self._clock()
        if self._looks.get(pending.id, now) > now:
            return None
        subscription = pending.subscription
        had = [d.name for d in await self._download_rows.for_owner(user.id)]
        sticky = previous_release(had, _titles(pending, names), pending.episode)
        if sticky is None:
            return _Steer(user)
        preferences = steered(user.preferences, sticky)
        result = await self._search.search(
            subscription.query,
            preferences,
            episode=pending.episode,
            exclude=self._refused.get(pending.id, frozenset()),  # a refused one is not "out"
        )
        best = first_from(result.ranking.accepted, sticky)
        verdict = decide(
            sticky,
            out=best is not None,
            first_release_at=pending.first_release_at,
            now=now,
            wait=self._group_wait,
        )
        if verdict is Verdict.WAIT:
            self._looks[pending.id] = next_look(pending.first_release_at, now, self._group_wait)
            logger.debug(
                "auto-download %d waits for %s episode %d from %s",
                pending.id,
                subscription.title,
                pending.episode,
                sticky.label,
            )
            return None
        self._looks.pop(pending.id, None)
        if verdict is Verdict.OTHER:
            logger.info(
                "%s episode %d: %s not out in time, user %d gets another group",
                subscription.title,
                pending.episode,
                sticky.label,
                user.id,
            )
            return _Steer(user, left=sticky)
        # Audio ranks before groups: when the group's release is not in the preferred audio,
        # audio stops counting, so that another group's dub or dual audio cannot win.
        if result.ranking.best is not best:
            preferences = steered(user.preferences, sticky, any_audio=True)
        return _Steer(replace(user, preferences=preferences))

    async def _private_chat(self, user: User, reply_to: ChatTarget | None) -> ChatTarget | None:
        """The subscriber's private chat on the platform of `reply_to`, if they have one there."""
        if reply_to is None:
            return None
        owner = await self._users.external_id(user.id, reply_to.platform)
        return private_chat(reply_to, owner)


@dataclass(frozen=True, slots=True)
class _Steer:
    user: User  # who the release is picked for
    left: Sticky | None = None  # the season's group, waited for in vain


def _titles(pending: PendingAutoDownload, names: tuple[str, ...]) -> tuple[str, ...]:
    """Every name an auto-download's show goes by: the show's, and the subscription's own."""
    return (*names, pending.subscription.query, pending.subscription.title)


def _names(episode: WatchedEpisode, names: tuple[str, ...]) -> tuple[str, ...]:
    return names or (episode.query, episode.title)
