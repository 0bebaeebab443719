"""`/get` through the console, end to end: the real process, a real qbittorrent-nox downloading a
real torrent over loopback, and Nyaa and AniList stand-ins listing it among decoys."""

from __future__ import annotations

import hashlib

import pytest

from tests.e2e.conftest import EPISODE_TITLE, Box
from tests.harness.process import IIITorrent
from tests.standins.nyaa import NyaaMode

pytestmark = pytest.mark.e2e


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def test_get_ends_with_the_file_on_disk_and_status_complete(box: Box) -> None:
    async with IIITorrent("console", box.settings(), box.workdir) as box_process:
        await box_process.send("/get frieren 5")
        added = await box_process.expect(r"Added #1: [^\n]+\n[^\n]+\n[^\n]+", within=90)
        # The real torrent beats the 720p, the other episode, the other show, the remake and
        # the dead torrent, though each of them has more seeders.
        assert EPISODE_TITLE.removesuffix(".mkv")[:60] in added
        assert "1080p" in added

        await box.qbittorrent.wait_for_torrent(
            box.torrent.info_hash,
            lambda t: t["progress"] >= 1,
            within=120,
            what="the box's qbittorrent-nox to finish the episode",
        )
        await box_process.send("/status")
        status = await box_process.expect(r"Your downloads \(1\):\n\n#1 [^\n]+\n[^\n]+")
        assert "✅ complete" in status
        assert await box_process.close_input() == 0

    downloaded = box.qbittorrent.save_path / EPISODE_TITLE
    assert sha256(downloaded.read_bytes()) == sha256(box.torrent.content.read_bytes())
    info = await box.qbittorrent.torrent(box.torrent.info_hash)
    assert info is not None and "iiitorrent" in info["tags"]
    assert [q.q for q in box.nyaa.queries][:1] == ["frieren 05"]
    assert box.anilist.requests, "the show's names were looked up on AniList"


async def test_bad_input_and_a_dead_nyaa_leave_the_console_answering(box: Box) -> None:
    async with IIITorrent("console", box.settings(), box.workdir) as box_process:
        await box_process.send("/get")
        await box_process.expect(r"Usage: /get")
        await box_process.send("/get " + "x" * 10_000 + " 5")
        await box_process.expect(r"too long")
        await box_process.send("/get magnet:?xt=urn:btih:not-a-hash")
        await box_process.expect(r"magnet link doesn't look right")
        box.nyaa.mode = NyaaMode.GARBAGE
        await box_process.send("/get frieren 5")
        await box_process.expect(r"Nyaa isn't answering", within=30)
        await box_process.send("/status")
        await box_process.expect(r"No downloads yet")
        assert await box_process.close_input() == 0
    assert await box.qbittorrent.torrents() == []
