"""`iiitorrent run` killed with SIGKILL in the middle of a request, then started again.

For each kind of request a person can make from outside (EPISODE `/get frieren 5`, MAGNET
`/get magnet:…`, PICK `/get frieren` then `/pick <list> <n>`), the first process is killed at a
point it is known to have reached, never after a guessed sleep:

- `search`: Nyaa's stand-in hangs the search, and the kill follows the first query it receives
  (the request is written, nothing is chosen yet);
- `add-before`: the qBittorrent gate holds the `torrents/add` call, so qBittorrent never hears of
  it (the release is chosen and written down, the torrent is not in the client);
- `add-after`: the gate passes the add on and holds qBittorrent's answer, and the kill follows
  qBittorrent listing the torrent (the torrent is in the client, the box has no download row).

Before the kill, Telegram's stand-in must have the `/get` confirmed (the next `getUpdates` offset
past it), as Telegram would: the restarted process is not handed the same message again, so it is
the restart's `resume_unfinished` alone that finishes the request. The restart then ends with
exactly one torrent in qBittorrent for that hash, one download row, the request done, and one
message to the person: the completion notice (the "Added" reply died with the first process).

The bug this guards against lived between writing a PICK (or SOURCE) request and recording its
release, a window with no outside call in it: no stand-in can stop a process there, and the fix
closes it (one insert holds both). The PICK legs kill at the closest points that can be reached,
the client's add, and check the kind is recorded; the unit tests crash right after the insert.

SOURCE (a feed's item) is covered by tests/unit/services/test_resume_kinds.py, not here: only
items that appear after `/feeds add` count, and a feed is polled at most once a minute
(FEED_POLL_INTERVAL is at least 60 s, the job looks every minute), so a feed leg would wait one to
two minutes a run to show nothing the unit test and the PICK legs (the same "written with its
release" path) do not.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import EPISODE_TITLE, Box
from tests.harness.gate import QbittorrentGate
from tests.harness.process import IIITorrent
from tests.harness.torrents import eventually, free_port
from tests.standins.nyaa import NyaaMode
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242


@dataclass
class Scene:
    box: Box
    telegram: TelegramStandIn
    gate: QbittorrentGate


Ask = Callable[[Scene], Awaitable[None]]


async def ask_episode(scene: Scene) -> None:
    scene.telegram.push_message(ADMIN, "/get frieren 5")


async def ask_magnet(scene: Scene) -> None:
    scene.telegram.push_message(ADMIN, f"/get {scene.box.torrent.magnet}")


async def ask_pick(scene: Scene) -> None:
    """`/get frieren` (no episode) lists the releases; then the real torrent is picked by its
    number, as its button would."""
    telegram = scene.telegram
    since = len(telegram.calls)
    telegram.push_message(ADMIN, "/get frieren")
    await telegram.wait_for(
        lambda c: c.method == "sendMessage" and "Which one?" in c.text, timeout=60, since=since
    )
    [listing] = [m for m in telegram.sent(ADMIN) if "Which one?" in m.text]
    number = re.search(rf"^(\d+)\. {re.escape(EPISODE_TITLE)}$", listing.text, re.M)
    assert number, f"the real torrent is not on the list's first page:\n{listing.text}"
    [token] = {data.split()[1] for data in listing.button_data if data.startswith("/pick ")}
    telegram.push_message(ADMIN, f"/pick {token} {number[1]}")


ASKS: dict[str, tuple[str, Ask]] = {  # name: (the kind recorded, how the person asks)
    "episode": ("episode", ask_episode),
    "magnet": ("magnet", ask_magnet),
    "pick": ("pick", ask_pick),
}
CASES = [
    pytest.param("episode", "search", id="episode-search"),
    pytest.param("episode", "add-before", id="episode-add-before"),
    pytest.param("episode", "add-after", id="episode-add-after"),
    pytest.param("magnet", "add-before", id="magnet-add-before"),
    pytest.param("magnet", "add-after", id="magnet-add-after"),
    pytest.param("pick", "add-before", id="pick-add-before"),
    pytest.param("pick", "add-after", id="pick-add-after"),
]


def database_rows(workdir: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(workdir / "data" / "iiitorrent.db")
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


async def crash_mid_request(scene: Scene, process: IIITorrent, point: str, ask: Ask) -> None:
    """Make the request and SIGKILL the process at `point`."""
    box, gate, telegram = scene.box, scene.gate, scene.telegram

    async def searched() -> bool:
        return bool(box.nyaa.queries)

    if point == "search":
        box.nyaa.mode = NyaaMode.HANG
    else:  # armed before asking: a pick's list adds nothing, so only the pick's add is held
        gate.hold("before" if point == "add-before" else "after")
    await ask(scene)
    if point == "search":
        await eventually(searched, within=60, what="the search to reach Nyaa")
    else:
        await gate.wait_reached()
        if point == "add-after":
            await box.qbittorrent.wait_for_torrent(
                box.torrent.info_hash, within=30, what="qBittorrent to take the torrent"
            )
    await telegram.wait_until(lambda: telegram.pending_updates() == 0, timeout=30)
    assert await process.kill() == -9
    gate.release()
    box.nyaa.mode = NyaaMode.OK


@pytest.mark.parametrize(("asked", "point"), CASES)
async def test_a_request_killed_mid_way_is_finished_once_by_the_restart(
    box: Box, asked: str, point: str
) -> None:
    kind, ask = ASKS[asked]
    info_hash = box.torrent.info_hash
    async with TelegramStandIn() as telegram, QbittorrentGate(box.qbittorrent.url) as gate:
        settings = box.settings(
            QBITTORRENT_URL=gate.url,
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            HTTP_PORT=str(free_port()),
        )
        scene = Scene(box, telegram, gate)
        async with IIITorrent("run", settings, box.workdir) as first:
            await crash_mid_request(scene, first, point, ask)

        # Killed mid-way: the request is written down, unfinished, with its kind.
        [(stored_kind, state, chosen)] = database_rows(
            box.workdir, 'SELECT "kind", "state", "info_hash" FROM "download_requests"'
        )
        assert (stored_kind, state) == (kind, "searching")
        assert chosen == (None if point == "search" else info_hash)
        assert database_rows(box.workdir, 'SELECT * FROM "downloads"') == []
        in_client = await box.qbittorrent.torrents()
        assert [t["hash"] for t in in_client] == ([info_hash] if point == "add-after" else [])
        assert not [m for m in telegram.sent(ADMIN) if "Added #" in m.text]

        since = len(telegram.calls)
        async with IIITorrent("run", settings, box.workdir) as second:
            await second.expect(r"finished 1 requests left over", source="errors", within=90)
            await telegram.wait_for(
                lambda c: c.method == "sendMessage" and "Download complete" in c.text,
                timeout=180,
                since=since,
            )
            assert await second.stop() == 0, second.errors[-3000:]

    # Exactly one of everything: the torrent, the download row, the request, the message.
    [torrent] = await box.qbittorrent.torrents()
    assert torrent["hash"] == info_hash
    assert "iiitorrent" in torrent["tags"]
    assert database_rows(box.workdir, 'SELECT "info_hash" FROM "downloads"') == [(info_hash,)]
    [(stored_kind, state, chosen)] = database_rows(
        box.workdir, 'SELECT "kind", "state", "info_hash" FROM "download_requests"'
    )
    assert (stored_kind, chosen) == (kind, info_hash)
    assert state in ("added", "completed")
    told = [m.text for m in telegram.sent(ADMIN) if "Download complete" in m.text]
    assert len(told) == 1, told
    assert not [m for m in telegram.sent(ADMIN) if "Added #" in m.text]
    assert gate.adds == 1, "qBittorrent was asked to add it once, by one process or the other"
