"""Subscriptions, their shows' airing schedules and what was announced
(`domain.ports.SubscriptionRepository`).

An episode is announced in one transaction with its alerts in the outbox, and only while it is
still WAITING (a conditional UPDATE), so two watchers or a rerun never announce it twice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Min
from tortoise.transactions import in_transaction

from domain.airing.values import EpisodeState, PendingAutoDownload, WatchedEpisode, WatchedShow
from domain.errors import UserNotFound
from domain.models import AiringEpisode, ChatTarget, Platform, Subscription, TargetKind
from domain.notifications.outbox import OutboxMessage
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors
from storage.repositories.outbox import enqueue_messages

MAX_INT = 2**31 - 1  # an INTEGER column on every backend


def to_subscription(row: models.Subscription, show: models.AiringShow | None) -> Subscription:
    return Subscription(
        id=row.id,
        user_id=row.user_id,  # type: ignore[attr-defined]  # tortoise adds the _id attribute
        media_id=row.media_id,
        title=show.title if show else f"AniList #{row.media_id}",
        query=show.query if show else str(row.media_id),
        target=ChatTarget(Platform(row.platform), row.chat_id, TargetKind(row.target_kind)),
        auto_download=row.auto_download,
        created_at=checks.utc(row.created_at),
        from_watchlist=row.from_watchlist,
    )


async def _with_shows(rows: Sequence[models.Subscription]) -> list[Subscription]:
    shows = {
        show.media_id: show
        for show in await models.AiringShow.filter(media_id__in={r.media_id for r in rows})
    }
    return [to_subscription(row, shows.get(row.media_id)) for row in rows]


def _episode(row: models.AiringEpisode, show: models.AiringShow | None) -> WatchedEpisode:
    return WatchedEpisode(
        id=row.id,
        media_id=row.media_id,
        episode=row.episode,
        airs_at=checks.utc(row.airs_at),
        state=EpisodeState(row.state),
        next_poll_at=checks.utc(row.next_poll_at),
        title=show.title if show else f"AniList #{row.media_id}",
        query=show.query if show else str(row.media_id),
    )


def _target_filter(target: ChatTarget) -> dict[str, Any]:
    return {"platform": target.platform.value, "chat_id": target.chat_id}


async def _waiting_episodes(**when: datetime) -> list[WatchedEpisode]:
    """Waiting episodes of followed shows that `when` admits, oldest air time first."""
    followed = await models.Subscription.all().distinct().values_list("media_id", flat=True)
    rows = await models.AiringEpisode.filter(
        media_id__in=list(followed), state=EpisodeState.WAITING.value, **when
    ).order_by("airs_at", "id")
    shows = {
        s.media_id: s
        for s in await models.AiringShow.filter(media_id__in={r.media_id for r in rows})
    }
    return [_episode(row, shows.get(row.media_id)) for row in rows]


class TortoiseSubscriptionRepository:
    @translate_errors
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
        now = checks.now()
        await models.AiringShow.bulk_create(
            [models.AiringShow(media_id=media_id, title=title, query=query,
                               first_subscribed_at=now)],
            ignore_conflicts=True,
        )  # fmt: skip
        # The names follow AniList's latest; the first subscription's time stays.
        await models.AiringShow.filter(media_id=media_id).update(title=title, query=query)
        existing = await models.Subscription.get_or_none(
            media_id=media_id, **_target_filter(target)
        )
        created = existing is None
        if existing is None:
            try:
                existing = await models.Subscription.create(
                    user_id=user_id,
                    media_id=media_id,
                    target_kind=target.kind.value,
                    auto_download=auto_download,
                    from_watchlist=from_watchlist,
                    **_target_filter(target),
                )
            except IntegrityError as exc:
                # Another request subscribed the same chat a moment ago, or the user is gone.
                existing = await models.Subscription.get_or_none(
                    media_id=media_id, **_target_filter(target)
                )
                if existing is None:
                    raise UserNotFound(user_id) from exc
                created = False
        # Again by hand: auto-download as asked, and the subscription is the person's from now
        # on (the watchlist no longer drops it with the show). Again from the watchlist: as is.
        changed = existing.auto_download != auto_download or existing.from_watchlist
        if not created and not from_watchlist and changed:
            existing.auto_download, existing.from_watchlist = auto_download, False
            await existing.save(update_fields=["auto_download", "from_watchlist"])
        [subscription] = await _with_shows([existing])
        return subscription, created

    @translate_errors
    async def get(self, subscription_id: int) -> Subscription | None:
        if not 0 < subscription_id <= MAX_INT:
            return None
        row = await models.Subscription.get_or_none(id=subscription_id)
        return (await _with_shows([row]))[0] if row else None

    @translate_errors
    async def remove(self, subscription_id: int) -> None:
        await models.Subscription.filter(id=subscription_id).delete()

    @translate_errors
    async def listed(
        self, *, user_id: int | None = None, target: ChatTarget | None = None
    ) -> list[Subscription]:
        query = models.Subscription.all()
        if user_id is not None:
            query = query.filter(user_id=user_id)
        if target is not None:
            query = query.filter(**_target_filter(target))
        return await _with_shows(await query.order_by("id"))

    @translate_errors
    async def for_media(self, media_id: int) -> list[Subscription]:
        return await _with_shows(await models.Subscription.filter(media_id=media_id).order_by("id"))

    @translate_errors
    async def shows(self) -> list[WatchedShow]:
        followed = await models.Subscription.all().distinct().values_list("media_id", flat=True)
        rows = await models.AiringShow.filter(media_id__in=list(followed)).order_by("media_id")
        result = []
        for show in rows:
            checked = checks.utc(show.schedule_checked_at) if show.schedule_checked_at else None
            later = models.AiringEpisode.filter(media_id=show.media_id)
            if checked is not None:
                later = later.filter(airs_at__gt=checked)
            first = await later.annotate(first=Min("airs_at")).first().values_list("first")
            next_airs = first[0] if first and first[0] is not None else None
            result.append(
                WatchedShow(
                    media_id=show.media_id,
                    title=show.title,
                    query=show.query,
                    first_subscribed_at=checks.utc(show.first_subscribed_at),
                    schedule_checked_at=checked,
                    next_airs_at=checks.utc(next_airs) if next_airs else None,
                )
            )
        return result

    @translate_errors
    async def save_schedule(
        self, media_id: int, episodes: Sequence[AiringEpisode], *, checked_at: datetime
    ) -> None:
        async with in_transaction() as connection:
            known = {
                row.episode: row
                for row in await models.AiringEpisode.filter(media_id=media_id).using_db(connection)
            }
            new = []
            for airing in episodes:
                if airing.media_id != media_id or not 0 <= airing.episode <= MAX_INT:
                    continue
                airs_at = checks.utc(airing.airs_at)
                row = known.get(airing.episode)
                if row is None:
                    new.append(
                        models.AiringEpisode(
                            media_id=media_id,
                            episode=airing.episode,
                            airs_at=airs_at,
                            state=EpisodeState.WAITING.value,
                            next_poll_at=airs_at,
                        )
                    )
                    known[airing.episode] = new[-1]
                elif row.state == EpisodeState.WAITING.value and row.airs_at != airs_at:
                    # Delayed or moved: look for it from its new time on.
                    await (
                        models.AiringEpisode.filter(id=row.id)
                        .using_db(connection)
                        .update(airs_at=airs_at, next_poll_at=airs_at)
                    )
            if new:
                await models.AiringEpisode.bulk_create(
                    new, ignore_conflicts=True, using_db=connection
                )
            await (
                models.AiringShow.filter(media_id=media_id)
                .using_db(connection)
                .update(schedule_checked_at=checks.utc(checked_at))
            )

    @translate_errors
    async def next_airing(
        self, media_ids: Collection[int], now: datetime
    ) -> dict[int, AiringEpisode]:
        if not media_ids:
            return {}
        rows = await models.AiringEpisode.filter(
            media_id__in=list(media_ids), airs_at__gt=checks.utc(now)
        ).order_by("airs_at", "id")
        result: dict[int, AiringEpisode] = {}
        for row in rows:
            result.setdefault(
                row.media_id, AiringEpisode(row.media_id, row.episode, checks.utc(row.airs_at))
            )
        return result

    @translate_errors
    async def due_episodes(self, now: datetime) -> list[WatchedEpisode]:
        return await _waiting_episodes(next_poll_at__lte=checks.utc(now))

    @translate_errors
    async def aired_episodes(self, now: datetime) -> list[WatchedEpisode]:
        return await _waiting_episodes(airs_at__lte=checks.utc(now))

    @translate_errors
    async def reschedule(self, episode_id: int, next_poll_at: datetime) -> None:
        await models.AiringEpisode.filter(id=episode_id, state=EpisodeState.WAITING.value).update(
            next_poll_at=checks.utc(next_poll_at)
        )

    @translate_errors
    async def mark_missed(self, episode_id: int) -> None:
        await models.AiringEpisode.filter(id=episode_id, state=EpisodeState.WAITING.value).update(
            state=EpisodeState.MISSED.value
        )

    @translate_errors
    async def announce(
        self,
        episode_id: int,
        *,
        release_title: str,
        messages: Sequence[OutboxMessage],
        auto_download_ids: Sequence[int],
    ) -> bool:
        now = checks.now()
        async with in_transaction() as connection:
            claimed = await (
                models.AiringEpisode.filter(id=episode_id, state=EpisodeState.WAITING.value)
                .using_db(connection)
                .update(state=EpisodeState.FOUND.value, release_title=release_title,
                        announced_at=now)
            )  # fmt: skip
            if not claimed:
                return False
            await enqueue_messages(messages, connection=connection)
            if auto_download_ids:
                await models.AutoDownload.bulk_create(
                    [
                        models.AutoDownload(episode_id=episode_id, subscription_id=s)
                        for s in auto_download_ids
                    ],
                    ignore_conflicts=True,
                    using_db=connection,
                )
        return True

    @translate_errors
    async def pending_auto_downloads(self) -> list[PendingAutoDownload]:
        rows = await models.AutoDownload.filter(outcome__isnull=True).order_by("id")
        if not rows:
            return []
        # (auto-download id, subscription id, episode row id); tortoise adds the _id attributes.
        keys: list[tuple[int, int, int]] = [
            (row.id, row.subscription_id, row.episode_id)  # type: ignore[attr-defined]
            for row in rows
        ]
        subscriptions = {
            s.id: s
            for s in await _with_shows(
                await models.Subscription.filter(id__in={k[1] for k in keys})
            )
        }
        episodes: dict[int, tuple[int, datetime | None]] = {
            int(row_id): (int(number), announced_at)
            for row_id, number, announced_at in await models.AiringEpisode.filter(
                id__in={k[2] for k in keys}
            ).values_list("id", "episode", "announced_at")
        }
        return [
            PendingAutoDownload(pending_id, subscriptions[sub_id], *episodes[episode_id])
            for pending_id, sub_id, episode_id in keys
            if sub_id in subscriptions and episode_id in episodes
        ]

    @translate_errors
    async def finish_auto_download(
        self, pending_id: int, *, outcome: str, messages: Sequence[OutboxMessage] = ()
    ) -> None:
        async with in_transaction() as connection:
            await (
                models.AutoDownload.filter(id=pending_id, outcome__isnull=True)
                .using_db(connection)
                .update(outcome=outcome[:2000], finished_at=checks.now())
            )
            await enqueue_messages(messages, connection=connection)


if TYPE_CHECKING:
    # mypy proves the class satisfies the port; nothing runs.
    from domain.ports import SubscriptionRepository

    _check: SubscriptionRepository = TortoiseSubscriptionRepository()
