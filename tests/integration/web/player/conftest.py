"""A real aiohttp server with the player on: the links of tests/integration/web/conftest.py,
and a real streamer (ffmpeg, ffprobe) over real media made by ffmpeg for the run. The web app
is the process's own (`build_public_app`), over the box `build_box` makes from the fakes."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.streaming.streamer import Streamer
from bot.web.server import build_public_app, serve
from domain.anilist.accounts import AniListAccount
from domain.models import RequestKind
from tests.fakes_watchlist import list_entry
from tests.integration.web.conftest import PUBLIC_URL, QB_DEFAULT, Box
from tests.integration.web.player.cdp import Page, chromium
from tests.unit.streaming.media import Media, have_ffmpeg, make_media
from tests.world import World, build_world, rebuilt

ALICE = 5001  # the owner's AniList user id, once signed in
FRIEREN = 154587


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    if not have_ffmpeg():
        pytest.skip("ffmpeg and ffprobe are not installed (Debian package ffmpeg)")
    return make_media(tmp_path_factory.mktemp("media"))


@dataclass
class PlayerBox:
    box: Box
    world: World  # the fakes underneath: positions, AniList links and lists, requests
    streamer: Streamer
    cache: Path

    async def video(
        self, source: Path, name: str | None = None, *, request_id: int | None = None
    ) -> str:
        """A file link (pointed at this server) to a finished download holding `source`."""
        name = name or f"[Group] Show - 01 ({source.stem}).mkv"
        data = await asyncio.to_thread(source.read_bytes)
        download = await self.box.torrent(
            {f"Show/{name}": data}, name="Show", request_id=request_id
        )
        links = await self.box.files.links(self.box.owner, download.id)
        return self.box.local(links.files[0].url)

    async def episode_request(self, episode: int, media_id: int = FRIEREN) -> int:
        """The owner's request for that episode of that AniList show, as the watchlist makes it."""
        request = await self.world.requests.create(
            user_id=self.box.owner.id,
            query="frieren",
            kind=RequestKind.EPISODE,
            episode=episode,
            media_id=media_id,
        )
        return request.id

    async def sign_in_to_anilist(self, progress: int = 5) -> None:
        """The owner signs in to AniList, where they are at episode `progress` of Frieren."""
        world = self.world
        world.lists.lists[ALICE] = [list_entry(FRIEREN, "Sousou no Frieren", progress, 28, 9)]
        world.lists.tokens["tok"] = ALICE
        world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
        await world.services.anilist.link_token(self.box.owner, "tok")

    def anilist_progress(self) -> int:
        [row] = self.world.lists.lists[ALICE]
        return int(row["progress"])


@pytest.fixture
def player_world() -> World:
    """The fakes the player box is built over; a test may arrange them (AniList lists) first."""
    world = build_world()
    world.torrents.save_path_default = QB_DEFAULT
    return world


@pytest.fixture
async def player_box(tmp_path: Path, media: Media, player_world: World) -> AsyncIterator[PlayerBox]:
    root, outside = tmp_path / "downloads", tmp_path / "secret"
    root.mkdir()
    outside.mkdir()
    world = player_world
    owner = await world.person("1")
    settings = {"download_dir": root, "link_ttl": 3600, "public_url": PUBLIC_URL}
    built = rebuilt(world, settings=settings)
    service = built.services.files
    cache = tmp_path / "stream-cache"
    async with Streamer(cache, cache_bytes=256 * 1024**2, transcode_slots=1) as streamer:
        app = build_public_app(service, streamer=streamer, playback=built.playback)
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
            yield PlayerBox(box, world, streamer, cache)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# For the modules whose every test drives the browser: skipped before any media is made.
needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="chromium is not installed (Debian package chromium)"
)
VIDEO = "document.getElementById('player')"


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    """A tab of a fresh headless Chromium with a profile of its own."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (Debian package chromium)")
    async with chromium(executable, tmp_path / "profile") as opened:
        yield opened


async def open_player(page: Page, url: str) -> None:
    """The link opened, once the video knows its duration."""
    await page.call("Page.navigate", url=url)
    await page.until(f"{VIDEO} !== null && {VIDEO}.readyState >= 1")


async def play_until(page: Page, seconds: float) -> None:
    await page.evaluate(f"{VIDEO}.play()", wait=True)
    await page.until(f"!{VIDEO}.paused && {VIDEO}.currentTime > {seconds}")
