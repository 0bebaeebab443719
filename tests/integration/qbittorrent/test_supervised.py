"""The qbittorrent-nox that `run` starts and supervises when no QBITTORRENT_URL is set."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest

from bot.qbittorrent_nox import PASSWORD_FILE, PID_FILE, PROFILE_DIR, supervised_qbittorrent
from domain.errors import TorrentClientError
from domain.qbittorrent.gateway import QBittorrentGateway
from tests.harness.torrents import eventually

pytestmark = pytest.mark.integration

HASH = "c5b9337296e01ca2c1cc6d7938451f49c47011f2"


def read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_starts_with_a_generated_password_that_it_requires(
    torrent_programs: None, tmp_path: Path
) -> None:
    data, downloads = tmp_path / "data", tmp_path / "downloads"
    async with supervised_qbittorrent(data, downloads, dht=False) as qbt:
        assert qbt.url.startswith("http://127.0.0.1:")
        assert qbt.password not in repr(qbt)
        assert read(data / PASSWORD_FILE).strip() == qbt.password
        assert mode(data / PASSWORD_FILE) == 0o600

        async with QBittorrentGateway(qbt.url, qbt.username, qbt.password) as gateway:
            assert (await gateway.version()).startswith("v")
            await gateway.add(f"magnet:?xt=urn:btih:{HASH}", info_hash=HASH, owner_id=1)
            assert [t.info_hash for t in await gateway.torrents(1)] == [HASH]
        for username, password in [(qbt.username, "wrong"), ("", "")]:
            async with QBittorrentGateway(qbt.url, username, password) as stranger:
                with pytest.raises(TorrentClientError, match="login refused"):
                    await stranger.torrents()

        config = read(data / PROFILE_DIR / "qBittorrent" / "config" / "qBittorrent.conf")
        assert "Session\\DHTEnabled=false" in config
        assert f"Session\\DefaultSavePath={downloads}" in config
        assert qbt.password not in config

    assert not (data / PROFILE_DIR / PID_FILE).exists()


async def test_comes_back_after_being_killed(torrent_programs: None, tmp_path: Path) -> None:
    pid_file = tmp_path / "data" / PROFILE_DIR / PID_FILE
    async with (
        supervised_qbittorrent(tmp_path / "data", tmp_path / "downloads", dht=False) as qbt,
        QBittorrentGateway(qbt.url, qbt.username, qbt.password, timeout=3) as gateway,
    ):
        await gateway.version()
        first_pid = int(read(pid_file))

        os.kill(first_pid, signal.SIGKILL)

        async def back() -> bool:
            pid = read(pid_file).strip()
            if not pid or int(pid) == first_pid:
                return False
            try:
                return bool(await gateway.version())  # the same gateway logs in again
            except TorrentClientError:
                return False

        await eventually(back, within=30, what="qbittorrent-nox to be restarted")
    assert not pid_file.exists()


async def test_a_second_run_reuses_the_password(torrent_programs: None, tmp_path: Path) -> None:
    data, downloads = tmp_path / "data", tmp_path / "downloads"
    async with supervised_qbittorrent(data, downloads, dht=True) as first:
        pass
    async with supervised_qbittorrent(data, downloads, dht=True) as second:
        async with QBittorrentGateway(second.url, second.username, second.password) as gateway:
            assert (await gateway.version()).startswith("v")
        config = read(data / PROFILE_DIR / "qBittorrent" / "config" / "qBittorrent.conf")

    assert second.password == first.password
    assert "Session\\DHTEnabled=true" in config
