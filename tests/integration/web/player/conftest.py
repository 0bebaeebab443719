"""A real aiohttp server with the player on: the links of tests/integration/web/conftest.py,
and a real streamer (ffmpeg, ffprobe) over real media made by ffmpeg for the run."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.streaming.streamer import Streamer
from bot.web.files import LinkServer
from bot.web.player import PlayerServer
from bot.web.server import build_web_app, serve
from tests.integration.web.conftest import PUBLIC_URL, QB_DEFAULT, Box
from tests.unit.streaming.media import Media, have_ffmpeg, make_media
from tests.world import build_world, rebuilt


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    if not have_ffmpeg():
        pytest.skip("ffmpeg and ffprobe are not installed (Debian package ffmpeg)")
    return make_media(tmp_path_factory.mktemp("media"))


@dataclass
class PlayerBox:
    box: Box
    streamer: Streamer
    cache: Path

    async def video(self, source: Path, name: str | None = None) -> str:
        """A file link (pointed at this server) to a finished download holding `source`."""
        name = name or f"[Group] Show - 01 ({source.stem}).mkv"
        data = await asyncio.to_thread(source.read_bytes)
        download = await self.box.torrent({f"Show/{name}": data}, name="Show")
        links = await self.box.files.links(self.box.owner, download.id)
        return self.box.local(links.files[0].url)


@pytest.fixture
async def player_box(tmp_path: Path, media: Media) -> AsyncIterator[PlayerBox]:
    root, outside = tmp_path / "downloads", tmp_path / "secret"
    root.mkdir()
    outside.mkdir()
    world = build_world()
    world.torrents.save_path_default = QB_DEFAULT
    owner = await world.person("1")
    settings = {"download_dir": root, "link_ttl": 3600, "public_url": PUBLIC_URL}
    service = rebuilt(world, settings=settings).services.files
    cache = tmp_path / "stream-cache"
    async with Streamer(cache, cache_bytes=256 * 1024**2, transcode_slots=1) as streamer:
        player = PlayerServer(service, root, streamer)
        app = build_web_app(links=LinkServer(service, root, player=player), player=player)
        async with serve(app, "127.0.0.1", 0) as port:
            box = Box(
                port,
                root,
                outside,
                world.users,
                world.downloads,
                world.torrents,
                world.clock,
                service,
                owner,
            )
            yield PlayerBox(box, streamer, cache)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")
