"""Two users and an admin through every command that names a download: nobody reaches another
user's download, whether typed or as forged button data (a button's payload is a command text)."""

from __future__ import annotations

import pytest

from domain.errors import NotFound
from domain.models import Platform
from tests.fakes import release
from tests.world import build_world

ADMIN = "1000"
SHOW = [release(f"[SubsPlease] Frieren - {n:02d} (1080p) [ABCD]") for n in range(1, 4)]
NAMING = [
    "/status {id}",
    "/pause {id}",
    "/resume {id}",
    "/delete {id}",
    "/delete {id} yes",
    "/delete {id} files",
]


@pytest.mark.parametrize("template", NAMING)
async def test_another_users_download_is_out_of_reach_but_the_admins_reach_it(
    template: str,
) -> None:
    w = build_world(admins=("1000",), releases=SHOW)
    code = (await w.say(ADMIN, "/invite 2")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    await w.say("3", f"/start {code}")
    reply = await w.say("2", "/get frieren 1")
    download_id = reply.track_download
    assert download_id is not None
    before = dict(w.torrents.torrents_by_hash)

    with pytest.raises(NotFound):
        await w.say("3", template.format(id=download_id))  # typed, or pressed as forged data
    assert w.torrents.torrents_by_hash == before
    assert w.torrents.deleted == []
    assert download_id in w.downloads.rows

    await w.say(ADMIN, template.format(id=download_id))  # admins act on everything


async def test_status_lists_only_ones_own_downloads() -> None:
    w = build_world(admins=("1000",), releases=SHOW)
    code = (await w.say(ADMIN, "/invite 2")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    await w.say("3", f"/start {code}")
    await w.say("2", "/get frieren 1")
    await w.say("3", "/get frieren 2")
    alice = (await w.say("2", "/status")).text
    assert "Frieren - 01" in alice and "Frieren - 02" not in alice
    assert "Frieren - 01" not in (await w.say("3", "/status all")).text
    everyone = (await w.say(ADMIN, "/status all")).text
    assert "Frieren - 01" in everyone and "Frieren - 02" in everyone
    assert await w.users.by_identity(Platform.TELEGRAM, "4") is None
