"""The whole box around a real torrent: a seeding swarm, the box's own qbittorrent-nox, and
loopback Nyaa and AniList that list that torrent among decoys."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from domain.models import Media
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


@dataclass
class Box:
    """What a test needs to run `iiitorrent` against the stand-ins and check the result."""

    swarm: Swarm
    torrent: Torrent
    qbittorrent: QbittorrentNox
    nyaa: NyaaStandIn
    anilist: AniListStandIn
    workdir: Path

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
