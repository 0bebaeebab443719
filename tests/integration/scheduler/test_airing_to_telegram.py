"""A subscribed show's episode airs: AniList's schedule (stand-in) says when, Nyaa (stand-in) gets
the release a little later, the watcher finds it with one search, writes one alert per chat to the
outbox on a real database, and the outbox dispatcher delivers them to the Telegram stand-in.
Reruns and a restarted watcher tell nobody twice; an auto-download subscriber's torrent is added."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from telegram import Bot

from bot.app import tortoise_repositories
from bot.bootstrap import Box, build_box
from bot.telegram.notifier import TelegramNotifier
from domain.airing.recent import RecentSearches
from domain.anilist.cache import CachedCatalog
from domain.anilist.client import AniListClient
from domain.models import AiringEpisode, ChatTarget, Media, Platform, Role, TargetKind
from domain.notifications.outbox import DeliveryState
from domain.nyaa.client import NyaaClient
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeClock, FakeTorrents
from tests.harness.databases import migrated_database, sqlite_url
from tests.standins.anilist import AniListStandIn
from tests.standins.nyaa import NyaaStandIn, make_release
from tests.standins.telegram import TelegramStandIn
from tests.world import build_world

ANN, BOB, GROUP_ID = 7001, 7002, -100700
FRIEREN = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", episodes=28,
                status="RELEASING", format="TV")  # fmt: skip
TITLE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv"


def utc_now() -> datetime:
    return datetime.now(UTC)


async def test_a_new_episode_reaches_telegram_once(tmp_path: Path) -> None:
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    airs = clock() + timedelta(hours=1)
    async with (
        migrated_database(sqlite_url(tmp_path / "db" / "iiitorrent.db")),
        AniListStandIn([FRIEREN]) as anilist,
        NyaaStandIn() as nyaa,
        TelegramStandIn() as telegram,
        Bot(telegram.token, base_url=telegram.base_url) as bot,
        httpx.AsyncClient() as http,
    ):
        anilist.airing = [AiringEpisode(FRIEREN.id, 5, airs),
                          AiringEpisode(FRIEREN.id, 6, airs + timedelta(weeks=1))]  # fmt: skip
        users = TortoiseUserRepository()
        ann = await users.create(platform=Platform.TELEGRAM, external_id=str(ANN),
                                 display_name="Ann", role=Role.USER)  # fmt: skip
        bob = await users.create(platform=Platform.TELEGRAM, external_id=str(BOB),
                                 display_name="Bob", role=Role.USER)  # fmt: skip
        torrents = FakeTorrents()
        client = AniListClient(http, anilist.url)
        world = build_world(torrents=torrents)

        def wiring() -> Box:  # a fresh process: nothing carried over in memory
            adapters = replace(
                world.box.adapters,
                repositories=tortoise_repositories(),
                index=RecentSearches(NyaaClient(http, nyaa.url), clock=lambda: clock().timestamp()),
                catalog=CachedCatalog(client),
                schedule=client,
                anilist=client,
                clock=clock,
            )
            return build_box(world.settings, adapters)

        parts = wiring()
        group = ChatTarget(Platform.TELEGRAM, str(GROUP_ID), TargetKind.GROUP)
        subscribed = await parts.services.subscriptions.subscribe_title(
            ann, "frieren", ChatTarget(Platform.TELEGRAM, str(ANN)), is_chat_admin=None,
            auto_download=True)  # fmt: skip
        assert subscribed.next_episode == AiringEpisode(FRIEREN.id, 5, airs)
        await parts.services.subscriptions.subscribe_title(
            bob, "frieren", group, is_chat_admin=True, auto_download=False
        )
        telegram.push_message(ANN, "/start")  # the chats exist on Telegram's side
        telegram.push_message(BOB, "/start", chat_id=GROUP_ID, chat_type="supergroup")

        clock.advance(3600 + 60)  # aired; nothing on Nyaa yet
        assert (await parts.airing.cycle()).announced == []

        def show_searches() -> list[str]:  # apart from the latest releases, read every cycle
            return [query.q for query in nyaa.queries if query.q]

        searches, latest = len(show_searches()), len(nyaa.queries) - len(show_searches())
        clock.advance(60)
        await parts.airing.cycle()
        assert len(show_searches()) == searches  # the next search is 5 minutes after the last
        assert len(nyaa.queries) - len(show_searches()) == latest + 1

        nyaa.releases = [make_release(TITLE, base_url=nyaa.url, seeders=500)]
        clock.advance(5 * 60)
        report = await parts.airing.cycle()
        assert report.announced == [(FRIEREN.id, 5)] and report.downloads == 1
        [download] = await TortoiseDownloadRepository().for_owner(ann.id)
        assert download.name == TITLE and list(torrents.torrents_by_hash) == [download.info_hash]

        parts.notifiers[Platform.TELEGRAM] = TelegramNotifier(bot)
        dispatcher = parts.outbox
        assert (await dispatcher.dispatch()).sent == 2
        [to_ann] = telegram.sent(ANN)
        [to_group] = telegram.sent(GROUP_ID)
        assert to_ann.text.startswith("New episode") and "episode 5 is out" in to_ann.text
        assert "downloading it for you" in to_ann.text
        assert TITLE in to_group.text
        assert to_group.button_data == ["/get Sousou no Frieren 5"]

        # More cycles, and a restarted process, tell nobody again and add nothing again.
        clock.advance(3600)
        await parts.airing.cycle()
        await wiring().airing.cycle()
        assert (await dispatcher.dispatch()).sent == 0
        assert len(telegram.sent(ANN)) == len(telegram.sent(GROUP_ID)) == 1
        states = [state for _, state in await TortoiseOutboxRepository().entries()]
        assert states == [DeliveryState.SENT, DeliveryState.SENT]
        assert len(await TortoiseDownloadRepository().for_owner(ann.id)) == 1
