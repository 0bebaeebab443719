"""The whole box around a real torrent: a seeding swarm, the box's own qbittorrent-nox, and
loopback Nyaa and AniList that list that torrent among decoys."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from domain.models import Media, Release
from tests.harness.databases import postgres_database, postgres_unreachable_reason
from tests.harness.torrents import MiB, QbittorrentNox, Swarm, Torrent, free_port, missing_programs
from tests.standins.anilist import AniListStandIn
from tests.standins.discord import DiscordStandIn
from tests.standins.nyaa import NyaaStandIn, make_release
from tests.standins.telegram import ApiCall, TelegramStandIn

FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    native="葬送のフリーレン",
    synonyms=("Frieren at the Funeral",),
    episodes=28,
    status="FINISHED",
    season_year=2023,
    format="TV",
)
EPISODE_TITLE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv"
REAL_TORRENT_ID = 1784351

# The shows and releases of a student's AniList week (the watchlist tests).
DUNGEON = Media(
    id=153518,
    romaji="Dungeon Meshi",
    english="Delicious in Dungeon",
    native="ダンジョン飯",
    synonyms=(),
    episodes=24,
    status="RELEASING",
    season_year=2024,
    format="TV",
)
DUNGEON_3 = "[SubsPlease] Dungeon Meshi - 03 (1080p) [4B1F7C22].mkv"
FRIEREN_6 = "[SubsPlease] Sousou no Frieren - 06 (1080p) [2D7C4E10].mkv"
# Trusted, 1080p and far better seeded: the best release by any measure but the season's group.
FRIEREN_6_OTHER = "[Erai-raws] Sousou no Frieren - 06 [1080p][Multiple Subtitle][D41E0A77].mkv"


@dataclass
class Box:
    """What a test needs to run `iiitorrent` against the stand-ins and check the result."""

    swarm: Swarm
    torrent: Torrent
    qbittorrent: QbittorrentNox
    nyaa: NyaaStandIn
    anilist: AniListStandIn
    workdir: Path

    def release(self, torrent: Torrent, torrent_id: int) -> None:
        """Nyaa lists the real torrent from now on, as a fresh upload."""
        self.nyaa.releases.append(
            make_release(
                torrent.name,
                base_url=self.nyaa.url,
                torrent_id=torrent_id,
                info_hash=torrent.info_hash,
                size=2 * MiB,
                seeders=1,
                published=datetime.now(UTC),
            )
        )
        self.nyaa.torrent_files[torrent_id] = torrent.torrent_file.read_bytes()

    def bigger_group_releases_frieren_6(self) -> Release:
        """FRIEREN_6_OTHER appears on Nyaa (a release no swarm seeds)."""
        other = make_release(
            FRIEREN_6_OTHER,
            base_url=self.nyaa.url,
            torrent_id=2010,
            seeders=5000,
            trusted=True,
            size=2 * MiB,
            published=datetime.now(UTC),
        )
        self.nyaa.releases.append(other)
        return other

    def settings(self, **extra: str) -> dict[str, str]:
        return {
            "DATA_DIR": str(self.workdir / "data"),
            "DOWNLOAD_DIR": str(self.qbittorrent.save_path),
            "QBITTORRENT_URL": self.qbittorrent.url,
            "NYAA_URL": self.nyaa.url,
            "ANILIST_API_URL": self.anilist.url,
            "LOG_LEVEL": "INFO",
            "METRICS_PORT": str(free_port()),  # not the default 9464: boxes may run side by side
            **extra,
        }

    def on_telegram(self, telegram: TelegramStandIn, admin: int) -> dict[str, str]:
        """Settings for a box long-polling the stand-in, `admin` its owner, links on a free port."""
        return self.settings(
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ADMIN_TELEGRAM_IDS=str(admin),
            HTTP_PORT=str(free_port()),
        )

    def on_discord(self, discord: DiscordStandIn, admin: int) -> dict[str, str]:
        """Settings for a box whose Discord bot logs in to the stand-in, `admin` its owner, links
        on a free port."""
        return self.settings(
            DISCORD_BOT_TOKEN=discord.token,
            ADMIN_DISCORD_IDS=str(admin),
            HTTP_PORT=str(free_port()),
            DISCORD_API_BASE_URL=discord.base_url,
        )


async def served(link: str) -> bytes:
    """A signed link fetched as a phone would: it must answer 200."""
    async with httpx.AsyncClient() as http:
        answer = await http.get(link)
    assert answer.status_code == 200, answer.text
    return answer.content


def text_of(call: ApiCall) -> str:
    return str(call.params.get("text", ""))


def sent_to(chat_id: int, *words: str) -> Callable[[ApiCall], bool]:
    """A message to `chat_id` that holds every one of `words`."""
    return lambda c: (
        c.method == "sendMessage" and c.chat_id == chat_id and all(w in text_of(c) for w in words)
    )


def decoys(base_url: str) -> list:  # type: ignore[type-arg]
    """Releases a careless picker would take: each must lose to the real torrent."""
    return [
        make_release(
            "[SubsPlease] Sousou no Frieren - 05 (720p) [5E4E2F0B].mkv",
            base_url=base_url, torrent_id=1, seeders=3000,
        ),
        make_release(
            "[SubsPlease] Sousou no Frieren - 06 (1080p) [0C2D2B47].mkv",
            base_url=base_url, torrent_id=2, seeders=2000,
        ),
        make_release(
            "[SubsPlease] Kusuriya no Hitorigoto - 05 (1080p) [9A1B2C3D].mkv",
            base_url=base_url, torrent_id=3, seeders=2000,
        ),
        make_release(
            "[Frieren-Fans] Sousou no Frieren - 05 (1080p) [AAAA0000].mkv",
            base_url=base_url, torrent_id=4, seeders=5000, remake=True,
        ),
        make_release(
            "[Erai-raws] Sousou no Frieren - 05 [1080p][Multiple Subtitle].mkv",
            base_url=base_url, torrent_id=5, seeders=0,
        ),
    ]  # fmt: skip


@pytest.fixture
async def box(tmp_path: Path) -> AsyncIterator[Box]:
    missing = missing_programs()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    async with Swarm(tmp_path / "swarm") as swarm:
        torrent = await swarm.seed(EPISODE_TITLE, size=6 * MiB, seed=5)
        async with (
            QbittorrentNox(tmp_path / "box-qbittorrent") as qbittorrent,
            NyaaStandIn() as nyaa,
            AniListStandIn([FRIEREN]) as anilist,
        ):
            real = make_release(
                EPISODE_TITLE,
                base_url=nyaa.url,
                torrent_id=REAL_TORRENT_ID,
                info_hash=torrent.info_hash,
                size=6 * MiB,
                seeders=1,
            )
            nyaa.releases = [*decoys(nyaa.url), real]
            nyaa.torrent_files[REAL_TORRENT_ID] = torrent.torrent_file.read_bytes()
            yield Box(swarm, torrent, qbittorrent, nyaa, anilist, tmp_path / "box")


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database, dropped afterwards: the shared state of several processes."""
    reason = await postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    async with postgres_database("e2e") as url:
        yield url
