"""A real aiohttp server on a loopback port serving links over the fake ports, with real files
in a temporary DOWNLOAD_DIR that qBittorrent (faked) reports under its own path, /downloads."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.web.server import build_public_app, serve
from domain.models import Download, DownloadState, TorrentFile, TorrentStatus, User
from domain.services.files import FileService
from tests.fakes import FakeClock, FakeDownloads, FakeTorrents, FakeUsers
from tests.world import build_world, rebuilt

PUBLIC_URL = "https://box.example"
QB_DEFAULT = "/downloads"  # where qBittorrent thinks it saves: a container's view


@dataclass
class Box:
    port: int
    root: Path  # DOWNLOAD_DIR as this process sees it
    outside: Path  # a folder beside it, holding the canary
    users: FakeUsers
    downloads: FakeDownloads
    torrents: FakeTorrents
    clock: FakeClock
    files: FileService
    owner: User
    _hashes: int = field(default=0)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def local(self, url: str) -> str:
        """A link as handed out, pointed at this test's port."""
        assert url.startswith(PUBLIC_URL)
        return self.base_url + url[len(PUBLIC_URL) :]

    async def torrent(
        self,
        files: dict[str, bytes | None],
        *,
        owner: User | None = None,
        name: str = "t",
        request_id: int | None = None,
    ) -> Download:
        """A finished torrent with these files (None: the test makes the file itself), fetched
        for the request `request_id` when given."""
        self._hashes += 1
        info_hash = f"{self._hashes:040x}"
        for relative, data in files.items():
            path = self.root.joinpath(*relative.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is not None:
                path.write_bytes(data)
        owner = owner or self.owner
        await self.torrents.add(
            f"magnet:?xt=urn:btih:{info_hash}", info_hash=info_hash, owner_id=owner.id
        )
        status = self.torrents.torrents_by_hash[info_hash]
        self.torrents.torrents_by_hash[info_hash] = TorrentStatus(
            info_hash=info_hash,
            name=name,
            state=DownloadState.COMPLETED,
            progress=1.0,
            size=sum(len(d or b"") for d in files.values()),
            downloaded=0,
            download_speed=0,
            upload_speed=0,
            eta=None,
            owner_ids=status.owner_ids,
            save_path=QB_DEFAULT,
        )
        self.torrents.files_by_hash[info_hash] = [
            TorrentFile(index, relative, len(data or b""), 1.0)
            for index, (relative, data) in enumerate(files.items())
        ]
        return await self.downloads.add(
            info_hash=info_hash, owner_id=owner.id, name=name, request_id=request_id
        )

    def path(self, url: str) -> str:
        assert url.startswith(PUBLIC_URL)
        return url[len(PUBLIC_URL) :]


CANARY = b"CANARY-" + hashlib.sha256(b"canary").hexdigest().encode()


@pytest.fixture
async def box(tmp_path: Path) -> AsyncIterator[Box]:
    root, outside = tmp_path / "downloads", tmp_path / "secret"
    root.mkdir()
    outside.mkdir()
    (outside / "canary.txt").write_bytes(CANARY)
    (tmp_path / "canary.txt").write_bytes(CANARY)
    world = build_world()
    clock, users, torrents, downloads = world.clock, world.users, world.torrents, world.downloads
    torrents.save_path_default = QB_DEFAULT
    owner = await world.person("1")
    settings = {"download_dir": root, "link_ttl": 3600, "public_url": PUBLIC_URL}
    service = rebuilt(world, settings=settings).services.files
    async with serve(build_public_app(service), "127.0.0.1", 0) as port:
        yield Box(port, root, outside, users, downloads, torrents, clock, service, owner)


@dataclass(frozen=True)
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes
    raw: bytes


async def raw_request(
    port: int, target: bytes, *, method: bytes = b"GET", extra: bytes = b""
) -> RawAnswer:
    """Bytes as written, with no client normalising the path on the way."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            method
            + b" "
            + target
            + b" HTTP/1.1\r\nHost: box\r\nConnection: close\r\n"
            + extra
            + b"\r\n"
        )
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return RawAnswer(status, headers, body, raw)
