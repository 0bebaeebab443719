"""QBittorrentGateway against a real qbittorrent-nox, downloading real torrents over loopback."""

from __future__ import annotations

import asyncio
import hashlib
import http.server
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.errors import InvalidInput, TorrentClientError, TorrentRefused
from domain.models import DownloadState, TorrentStatus
from domain.qbittorrent.gateway import QBittorrentGateway
from tests.harness.torrents import (
    FileServer,
    QbittorrentNox,
    Swarm,
    Torrent,
    eventually,
    free_port,
    magnet_uri,
)

pytestmark = pytest.mark.integration

OWNER, OTHER = 7, 8


def fake_hash(label: str) -> str:
    """A hash no swarm serves: the torrent stays waiting for metadata, which is all tags need."""
    return hashlib.sha1(label.encode()).hexdigest()


def fake_magnet(label: str) -> str:
    return f"magnet:?xt=urn:btih:{fake_hash(label)}&dn={label}"


async def until_state(
    gateway: QBittorrentGateway, info_hash: str, *states: DownloadState, within: float = 20.0
) -> TorrentStatus:
    async def check() -> TorrentStatus | None:
        status = await gateway.torrent(info_hash)
        return status if status is not None and status.state in states else None

    result: TorrentStatus = await eventually(
        check, within=within, what=f"{info_hash} to be {'/'.join(states)}"
    )
    return result


def assert_same_files(status: TorrentStatus, torrent: Torrent) -> None:
    """Compares what qBittorrent wrote with what the harness seeded, path by path."""
    root = Path(status.content_path)
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    got = {str(p.relative_to(root.parent)): p.read_bytes() for p in paths}
    assert got == torrent.files()


def exists(path: Path) -> bool:
    return path.exists()


async def test_downloads_a_real_torrent_from_a_magnet_byte_for_byte(
    gateway: QBittorrentGateway, seeded: Torrent
) -> None:
    await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=OWNER)

    status = await until_state(gateway, seeded.info_hash, DownloadState.COMPLETED, within=60)

    assert status.progress == 1.0
    assert status.size == seeded.content.stat().st_size
    assert status.downloaded == status.size
    assert status.owner_ids == (OWNER,)
    assert status.completed_on is not None
    assert status.name == seeded.name
    assert_same_files(status, seeded)


async def test_downloads_a_multi_file_torrent_from_a_torrent_url(
    gateway: QBittorrentGateway, swarm: Swarm
) -> None:
    torrent = await swarm.seed(
        "Harness Batch [720p]",
        files={"Harness Batch - 01.mkv": 600_000, "extras/Harness Batch - NCOP.mkv": 300_000},
        seed=2,
    )
    async with FileServer(torrent.torrent_file.parent) as server:
        await gateway.add(
            server.url_for(torrent.torrent_file.name), info_hash=torrent.info_hash, owner_id=OWNER
        )
        status = await until_state(gateway, torrent.info_hash, DownloadState.COMPLETED, within=60)

    assert len(torrent.files()) == 2
    assert_same_files(status, torrent)


async def test_owners_see_only_their_torrents_and_untagged_ones_are_not_ours(
    gateway: QBittorrentGateway, qbittorrent: QbittorrentNox
) -> None:
    await gateway.add(fake_magnet("mine"), info_hash=fake_hash("mine"), owner_id=OWNER)
    await gateway.add(fake_magnet("theirs"), info_hash=fake_hash("theirs"), owner_id=OTHER)
    # added behind our back, e.g. by hand in the Web UI: not ours to list
    await qbittorrent.api("POST", "torrents/add", data={"urls": fake_magnet("stranger")})
    await qbittorrent.wait_for_torrent(fake_hash("stranger"))

    mine = await gateway.torrents(OWNER)
    theirs = await gateway.torrents(OTHER)
    everything = await gateway.torrents()

    assert [t.info_hash for t in mine] == [fake_hash("mine")]
    assert [t.info_hash for t in theirs] == [fake_hash("theirs")]
    assert {t.info_hash for t in everything} == {fake_hash("mine"), fake_hash("theirs")}
    assert await gateway.torrents(999) == []
    stranger = await gateway.torrent(fake_hash("stranger"))
    assert stranger is not None and stranger.owner_ids == ()
    assert mine[0].state is DownloadState.METADATA


async def test_ownership_is_rebuilt_from_qbittorrent_alone(
    qbittorrent: QbittorrentNox,
) -> None:
    async with QBittorrentGateway(qbittorrent.url, "", "") as first:
        await first.add(fake_magnet("kept"), info_hash=fake_hash("kept"), owner_id=OWNER)
        await first.add(fake_magnet("kept"), info_hash=fake_hash("kept"), owner_id=OTHER)
    await qbittorrent.stop()
    await qbittorrent.start()

    async with QBittorrentGateway(qbittorrent.url, "", "") as second:
        status = await second.torrent(fake_hash("kept"))

    assert status is not None and status.owner_ids == (OWNER, OTHER)


async def test_adding_twice_keeps_one_torrent_and_adds_the_second_owner(
    gateway: QBittorrentGateway, qbittorrent: QbittorrentNox
) -> None:
    info_hash = fake_hash("twice")
    await gateway.add(fake_magnet("twice"), info_hash=info_hash, owner_id=OWNER)
    await gateway.add(fake_magnet("twice"), info_hash=info_hash, owner_id=OWNER)
    await gateway.add(fake_magnet("twice"), info_hash=info_hash, owner_id=OTHER)

    assert len(await qbittorrent.torrents()) == 1
    status = await gateway.torrent(info_hash)
    assert status is not None and status.owner_ids == (OWNER, OTHER)
    assert [t.info_hash for t in await gateway.torrents(OTHER)] == [info_hash]


async def test_concurrent_adds_of_one_torrent_keep_every_owner(
    gateway: QBittorrentGateway, qbittorrent: QbittorrentNox
) -> None:
    info_hash = fake_hash("crowd")
    owners = range(1, 6)

    await asyncio.gather(
        *(gateway.add(fake_magnet("crowd"), info_hash=info_hash, owner_id=o) for o in owners)
    )

    assert len(await qbittorrent.torrents()) == 1
    status = await gateway.torrent(info_hash)
    assert status is not None and status.owner_ids == tuple(owners)


async def test_pause_and_resume_change_the_state(gateway: QBittorrentGateway) -> None:
    info_hash = fake_hash("pausable")
    await gateway.add(fake_magnet("pausable"), info_hash=info_hash, owner_id=OWNER)

    await gateway.pause([info_hash])
    await until_state(gateway, info_hash, DownloadState.PAUSED)

    await gateway.resume([info_hash])
    await until_state(gateway, info_hash, DownloadState.METADATA)


async def test_pausing_a_completed_torrent_keeps_it_completed(
    gateway: QBittorrentGateway, qbittorrent: QbittorrentNox, seeded: Torrent
) -> None:
    await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=OWNER)
    await until_state(gateway, seeded.info_hash, DownloadState.COMPLETED, within=60)

    await gateway.pause([seeded.info_hash])

    await qbittorrent.wait_for_torrent(
        seeded.info_hash, lambda t: t["state"] in ("pausedUP", "stoppedUP"), within=10
    )
    status = await gateway.torrent(seeded.info_hash)
    assert status is not None and status.state is DownloadState.COMPLETED


async def test_remove_owner_untags_only_that_owner(gateway: QBittorrentGateway) -> None:
    info_hash = fake_hash("shared")
    await gateway.add(fake_magnet("shared"), info_hash=info_hash, owner_id=OWNER)
    await gateway.add(fake_magnet("shared"), info_hash=info_hash, owner_id=OTHER)

    await gateway.remove_owner(info_hash, OWNER)

    status = await gateway.torrent(info_hash)
    assert status is not None and status.owner_ids == (OTHER,)
    assert await gateway.torrents(OWNER) == []
    assert [t.info_hash for t in await gateway.torrents()] == [info_hash]


@pytest.mark.parametrize("delete_files", [True, False])
async def test_delete_removes_the_torrent_and_files_only_when_asked(
    gateway: QBittorrentGateway, seeded: Torrent, delete_files: bool
) -> None:
    await gateway.add(seeded.magnet, info_hash=seeded.info_hash, owner_id=OWNER)
    status = await until_state(gateway, seeded.info_hash, DownloadState.COMPLETED, within=60)
    path = Path(status.content_path)

    await gateway.delete([seeded.info_hash], delete_files=delete_files)

    async def gone() -> bool:
        return await gateway.torrent(seeded.info_hash) is None and (
            not exists(path) or not delete_files
        )

    await eventually(gone, within=10, what="the torrent (and its files) to go")
    assert exists(path) is not delete_files
    assert await gateway.torrents() == []


async def test_empty_hash_lists_touch_nothing(gateway: QBittorrentGateway) -> None:
    info_hash = fake_hash("untouched")
    await gateway.add(fake_magnet("untouched"), info_hash=info_hash, owner_id=OWNER)

    await gateway.pause([])
    await gateway.delete([], delete_files=True)

    status = await gateway.torrent(info_hash)
    assert status is not None and status.state is DownloadState.METADATA


async def test_version_and_an_unknown_torrent(gateway: QBittorrentGateway) -> None:
    assert (await gateway.version()).lstrip("v")[:1].isdigit()
    assert await gateway.torrent(fake_hash("nowhere")) is None


@pytest.mark.parametrize(
    "bad_hash", ["", "all", "x" * 40, f"{'a' * 40}|{'b' * 40}", "a" * 39, "a" * 64]
)
async def test_malformed_info_hashes_are_refused_before_qbittorrent_sees_them(
    gateway: QBittorrentGateway, qbittorrent: QbittorrentNox, bad_hash: str
) -> None:
    with pytest.raises(InvalidInput):
        await gateway.add(fake_magnet("x"), info_hash=bad_hash, owner_id=OWNER)
    with pytest.raises(InvalidInput):
        await gateway.delete([bad_hash], delete_files=True)
    assert await qbittorrent.torrents() == []


@pytest.fixture
async def garbage_server(tmp_path: Path) -> AsyncIterator[FileServer]:
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "not-a.torrent").write_bytes(b"<html>surely a torrent</html>")
    async with FileServer(tmp_path / "served") as server:
        yield server


@pytest.mark.parametrize(
    "source",
    [
        "magnet:?xt=urn:btih:zzz",
        "magnet:?dn=no-hash-at-all",
        fake_magnet("another torrent"),  # a magnet of some other hash than the one given
        "not a url at all",
        "/etc/passwd",
        "file:///etc/passwd",
        "",
        "http://127.0.0.1:{closed}/missing.torrent",
        "{served}/not-a.torrent",
        "{served}/missing.torrent",
    ],
)
async def test_bad_sources_raise_and_leave_nothing_behind(
    qbittorrent: QbittorrentNox, garbage_server: FileServer, source: str
) -> None:
    source = source.format(closed=free_port(), served=garbage_server.url)
    info_hash = fake_hash("wanted")
    async with QBittorrentGateway(qbittorrent.url, "", "", timeout=2.0) as gateway:
        # Each is the release's fault, with qBittorrent answering: another release may do.
        with pytest.raises(TorrentRefused) as refused:
            await gateway.add(source, info_hash=info_hash, owner_id=OWNER)
        assert refused.value.info_hash == info_hash

        assert await gateway.torrents() == []
    assert await qbittorrent.torrents() == []


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda g: g.version(), id="version"),
        pytest.param(lambda g: g.torrents(), id="torrents"),
        pytest.param(lambda g: g.torrent(fake_hash("x")), id="torrent"),
        pytest.param(
            lambda g: g.add(fake_magnet("x"), info_hash=fake_hash("x"), owner_id=1), id="add"
        ),
        pytest.param(lambda g: g.pause([fake_hash("x")]), id="pause"),
        pytest.param(lambda g: g.delete([fake_hash("x")], delete_files=False), id="delete"),
    ],
)
async def test_qbittorrent_down_raises_within_the_timeout(call: object) -> None:
    gateway = QBittorrentGateway(f"http://127.0.0.1:{free_port()}", "admin", "secret", timeout=2)
    started = time.monotonic()
    async with gateway:
        with pytest.raises(TorrentClientError, match="unreachable") as raised:
            await call(gateway)  # type: ignore[operator]
    assert time.monotonic() - started < 5
    assert not isinstance(raised.value, TorrentRefused)  # an outage, not the release's fault


async def test_hanging_qbittorrent_raises_within_the_timeout() -> None:
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        started = time.monotonic()
        async with QBittorrentGateway(url, "admin", "secret", timeout=1.0) as gateway:
            with pytest.raises(TorrentClientError, match="timed out"):
                await gateway.torrents()
        # qbittorrent-api tries twice, half a second apart
        assert time.monotonic() - started < 4


async def test_a_closed_gateway_refuses_calls(qbittorrent: QbittorrentNox) -> None:
    gateway = QBittorrentGateway(qbittorrent.url, "", "")
    assert (await gateway.version()).startswith("v")
    await gateway.close()
    with pytest.raises(TorrentClientError, match="closed"):
        await gateway.version()


def test_magnet_uri_of_the_harness_names_the_tracker() -> None:
    magnet = magnet_uri("a" * 40, "Show - 01.mkv", "http://127.0.0.1:1/announce")
    assert "tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce" in magnet


class ErrorPages:
    """An indexer answering every torrent URL with an HTML error page (200, text/html, as a
    Cloudflare or maintenance page does); `asked` is each path requested."""

    PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"

    def __init__(self) -> None:
        self.asked: list[str] = []
        pages = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                pages.asked.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(pages.PAGE)))
                self.end_headers()
                self.wfile.write(pages.PAGE)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def url_for(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def error_pages() -> Iterator[ErrorPages]:
    pages = ErrorPages()
    thread = threading.Thread(target=pages.server.serve_forever, daemon=True)
    thread.start()
    yield pages
    pages.server.shutdown()
    pages.server.server_close()


async def test_a_torrent_url_serving_html_is_refused_within_the_wait(
    qbittorrent: QbittorrentNox, error_pages: ErrorPages
) -> None:
    info_hash = fake_hash("nyaa pulled it")
    wait = 3.0
    async with QBittorrentGateway(qbittorrent.url, "", "", timeout=wait) as gateway:
        started = time.monotonic()
        with pytest.raises(TorrentRefused) as refused:
            await gateway.add(
                error_pages.url_for("/download/1234567.torrent"), info_hash=info_hash, owner_id=1
            )
        elapsed = time.monotonic() - started
        assert refused.value.info_hash == info_hash
        assert refused.value.service == "qBittorrent"
        assert elapsed < wait + 2  # the wait, a last look, and no retries
        # qBittorrent fetched the page itself and answers on, with nothing added.
        assert error_pages.asked == ["/download/1234567.torrent"]
        assert await gateway.torrents() == []
        assert (await gateway.version()).startswith("v")
