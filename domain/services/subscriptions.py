"""Subscriptions: /subscribe, /unsubscribe, /subscriptions, with who-may-do-what checked here.

A person subscribes themselves from their private chat; a group is subscribed by its admins.
Subscribing stores the show's airing schedule at once, so the reply can say when the next episode
airs; from then on the airing watcher (`domain.services.airing`) keeps it fresh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from domain.airing.polling import GIVE_UP_AFTER, worth_hunting
from domain.airing.rules import check_may_subscribe, may_manage
from domain.airing.values import SubscriptionView
from domain.errors import CatalogError, InvalidInput, NotSubscribed, UnknownShow
from domain.models import AiringEpisode, ChatTarget, Media, Subscription, TargetKind, User
from domain.numbers import ascii_number, is_ascii_number
from domain.ports import AiringSource, AnimeCatalog, Clock, SubscriptionRepository
from domain.services.search import clean_query

logger = logging.getLogger(__name__)

MAX_SUBSCRIPTION_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Subscribed:
    subscription: Subscription
    created: bool  # False: the chat followed the show already (auto-download may have changed)
    next_episode: AiringEpisode | None
    schedule_known: bool  # False: AniList could not be asked just now


def search_name(media: Media) -> str:
    """The name a show is searched by on Nyaa, where most groups use the romaji title."""
    return media.romaji or media.display_title


class SubscriptionService:
    def __init__(
        self,
        *,
        subscriptions: SubscriptionRepository,
        catalog: AnimeCatalog,
        schedule: AiringSource,
        clock: Clock,
    ) -> None:
        self._subscriptions = subscriptions
        self._catalog = catalog
        self._schedule = schedule
        self._clock = clock

    async def resolve(self, title: str) -> Media:
        """The show the words name. Raises UnknownShow, or CatalogError when AniList is down:
        a subscription needs the show's AniList id, so there is no guessing without it."""
        found = await self._catalog.search_media(clean_query(title), limit=1)
        if not found:
            raise UnknownShow(title)
        return found[0]

    async def subscribe(
        self,
        user: User,
        media: Media,
        target: ChatTarget,
        *,
        is_chat_admin: bool | None,
        auto_download: bool,
    ) -> Subscribed:
        check_may_subscribe(user, target, is_chat_admin=is_chat_admin)
        subscription, created = await self._subscriptions.subscribe(
            user_id=user.id,
            media_id=media.id,
            title=media.display_title,
            query=search_name(media),
            target=target,
            auto_download=auto_download,
        )
        logger.info(
            "user %d subscribed %s to show %d (auto-download %s, new %s)",
            user.id,
            target,
            media.id,
            auto_download,
            created,
        )
        known = await self._store_schedule(media.id)
        upcoming = await self._subscriptions.next_airing([media.id], self._clock())
        return Subscribed(subscription, created, upcoming.get(media.id), known)

    async def subscribe_title(
        self,
        user: User,
        title: str,
        target: ChatTarget,
        *,
        is_chat_admin: bool | None,
        auto_download: bool,
    ) -> Subscribed:
        # The permission is checked before AniList is asked anything.
        check_may_subscribe(user, target, is_chat_admin=is_chat_admin)
        media = await self.resolve(title)
        return await self.subscribe(
            user, media, target, is_chat_admin=is_chat_admin, auto_download=auto_download
        )

    async def listed(
        self, user: User, chat: ChatTarget, *, everyone: bool = False
    ) -> list[SubscriptionView]:
        """What this chat follows: a group's subscriptions in a group, the caller's own
        elsewhere; every one for an admin who asks."""
        if everyone and user.is_admin:
            rows = await self._subscriptions.listed()
        elif chat.kind is TargetKind.GROUP:
            rows = await self._subscriptions.listed(target=chat)
        else:
            rows = await self._subscriptions.listed(user_id=user.id)
        upcoming = await self._subscriptions.next_airing({s.media_id for s in rows}, self._clock())
        return [SubscriptionView(s, upcoming.get(s.media_id)) for s in rows]

    async def unsubscribe(
        self, user: User, which: str, chat: ChatTarget, *, is_chat_admin: bool | None
    ) -> Subscription:
        """`which` is a subscription's number or words naming the show. Raises NotSubscribed
        for a subscription that is not there or not the caller's to change."""
        words = " ".join(which.split())
        if not words:
            raise InvalidInput("say which subscription: its number or the show's name")
        digits = words.removeprefix("#")
        if is_ascii_number(digits):
            number = ascii_number(digits, 0, MAX_SUBSCRIPTION_ID)
            found = await self._subscriptions.get(number) if number is not None else None
        else:
            found = await self._by_name(user, words, chat)
        if found is None or not may_manage(user, found, chat, is_chat_admin=is_chat_admin):
            raise NotSubscribed(words)
        await self._subscriptions.remove(found.id)
        logger.info("user %d removed subscription %d", user.id, found.id)
        return found

    async def _by_name(self, user: User, words: str, chat: ChatTarget) -> Subscription | None:
        visible = [v.subscription for v in await self.listed(user, chat)]
        wanted = words.casefold()
        named = [s for s in visible if wanted in s.title.casefold() or wanted in s.query.casefold()]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise InvalidInput(f"{len(named)} subscriptions match {words!r}; use the number")
        try:
            media = await self.resolve(words)
        except (UnknownShow, CatalogError):
            return None
        return next((s for s in visible if s.media_id == media.id), None)

    async def _store_schedule(self, media_id: int) -> bool:
        now = self._clock()
        try:
            episodes = await self._schedule.airing_schedule([media_id], after=now - GIVE_UP_AFTER)
        except CatalogError as exc:
            # The watcher fetches it on its next cycle; the subscription stands.
            logger.warning("no airing schedule for show %d just now: %s", media_id, exc)
            return False
        await self._subscriptions.save_schedule(
            media_id, _hunt_worthy(episodes, media_id, now), checked_at=now
        )
        return True


def _hunt_worthy(
    episodes: list[AiringEpisode], media_id: int, subscribed_at: datetime
) -> list[AiringEpisode]:
    return [
        e for e in episodes if e.media_id == media_id and worth_hunting(e.airs_at, subscribed_at)
    ]
