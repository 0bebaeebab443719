"""`/files <n> send`: a finished file under the upload limit arrives in the chat as a document;
a bigger one keeps its link; someone else's download sends nothing."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.application import build_application, run_telegram
from bot.telegram.uploads import LOCAL_UPLOAD_LIMIT, PUBLIC_UPLOAD_LIMIT, upload_limit_for
from domain.models import Download, DownloadState, Platform, Role, TorrentFile, User
from tests.integration.telegram.people import MEMBER_ID, REPLY_WITHIN, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World, rebuilt

UPLOAD_LIMIT = 1000  # bytes; small, so the test need not write 50 MB
QB_DEFAULT = "/downloads"  # where qBittorrent (faked) says it saves
PUBLIC_URL = "https://box.example"
OTHER_ID = 4004


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
async def mia(standin: TelegramStandIn, world: World, root: Path) -> AsyncIterator[Person]:
    world.torrents.save_path_default = QB_DEFAULT
    box = rebuilt(world, settings={"download_dir": root, "link_ttl": 3600})
    application = build_application(
        standin.token,
        standin.base_url,
        box.dispatcher,
        box.services,
        box.progress,
        upload_limit=UPLOAD_LIMIT,
    )
    async with run_telegram(application, poll_timeout=5.0):
        yield Person(standin, MEMBER_ID, "Mia")


async def _user(world: World, external_id: int) -> User:
    user = await world.users.by_identity(Platform.TELEGRAM, str(external_id))
    if user is None:
        user = await world.users.create(
            platform=Platform.TELEGRAM,
            external_id=str(external_id),
            display_name="Other",
            role=Role.USER,
        )
    return user


async def _finished(
    world: World, root: Path, owner: User, files: dict[str, bytes], name: str
) -> Download:
    """A finished torrent whose files are on disk below DOWNLOAD_DIR."""
    info_hash = f"{len(world.torrents.torrents_by_hash) + 1:040x}"
    for relative, data in files.items():
        path = root.joinpath(*relative.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    await world.torrents.add(
        f"magnet:?xt=urn:btih:{info_hash}", info_hash=info_hash, owner_id=owner.id
    )
    added = world.torrents.torrents_by_hash[info_hash]
    world.torrents.torrents_by_hash[info_hash] = dataclasses.replace(
        added,
        name=name,
        state=DownloadState.COMPLETED,
        progress=1.0,
        size=sum(len(d) for d in files.values()),
        save_path=QB_DEFAULT,
    )
    world.torrents.files_by_hash[info_hash] = [
        TorrentFile(index, relative, len(data), 1.0)
        for index, (relative, data) in enumerate(files.items())
    ]
    return await world.downloads.add(
        info_hash=info_hash, owner_id=owner.id, name=name, request_id=None
    )


async def test_a_small_file_is_sent_into_the_chat(
    standin: TelegramStandIn, world: World, root: Path, mia: Person
) -> None:
    episode = os.urandom(700)
    owner = await _user(world, MEMBER_ID)
    download = await _finished(world, root, owner, {"Frieren - 05.mkv": episode}, "Frieren 05")
    reply = await mia.send(f"/files {download.id} send")
    assert f"{PUBLIC_URL}/dl/" in reply.text  # the link comes first, whatever happens next
    await standin.wait_until(lambda: bool(standin.documents(MEMBER_ID)), REPLY_WITHIN)
    [sent] = standin.documents(MEMBER_ID)
    assert (sent.filename, sent.data) == ("Frieren - 05.mkv", episode)


async def test_a_file_over_the_limit_keeps_its_link(
    standin: TelegramStandIn, world: World, root: Path, mia: Person
) -> None:
    owner = await _user(world, MEMBER_ID)
    batch = {
        "Frieren/Frieren - 05.mkv": b"5" * 300,
        "Frieren/Frieren - 06.mkv": b"6" * (UPLOAD_LIMIT + 1),
    }
    download = await _finished(world, root, owner, batch, "Frieren 05-06")
    mark = len(standin.calls)
    reply = await mia.send(f"/files {download.id} send")
    assert reply.text.count(f"{PUBLIC_URL}/dl/") == 4  # the page, the zip, and each file
    note = await standin.wait_for(
        lambda c: c.method == "sendMessage" and c.chat_id == MEMBER_ID and "Too big" in c.text,
        REPLY_WITHIN,
        since=mark,
    )
    assert "Frieren - 06.mkv" in note.text and "Frieren - 05.mkv" not in note.text
    assert [(d.filename, d.size) for d in standin.documents(MEMBER_ID)] == [
        ("Frieren - 05.mkv", 300)
    ]


async def test_without_send_only_links_are_given(
    standin: TelegramStandIn, world: World, root: Path, mia: Person
) -> None:
    owner = await _user(world, MEMBER_ID)
    download = await _finished(world, root, owner, {"a.mkv": b"a" * 10}, "A")
    reply = await mia.send(f"/files {download.id}")
    assert f"{PUBLIC_URL}/dl/" in reply.text
    await mia.send("/help")  # handled after /files: any upload would have been made by now
    assert standin.documents() == []


async def test_someone_elses_download_cannot_be_sent(
    standin: TelegramStandIn, world: World, root: Path, mia: Person
) -> None:
    other = await _user(world, OTHER_ID)
    download = await _finished(world, root, other, {"theirs.mkv": b"secret" * 10}, "Theirs")
    reply = await mia.send(f"/files {download.id} send")
    assert reply.text == "I can't find that download among yours. /status lists them."
    await mia.send("/help")
    assert standin.documents() == []


async def test_a_symlink_in_the_download_is_never_read(
    standin: TelegramStandIn, world: World, root: Path, mia: Person, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"CANARY")
    owner = await _user(world, MEMBER_ID)
    download = await _finished(world, root, owner, {"ep.mkv": b"x" * 6}, "Ep")
    (root / "ep.mkv").unlink()
    (root / "ep.mkv").symlink_to(secret)
    await mia.send(f"/files {download.id} send")
    await mia.send("/help")
    assert standin.documents() == []


@pytest.mark.parametrize("words", ["send now", "zip", "12"])
async def test_bad_arguments_get_the_usage(mia: Person, words: str) -> None:
    reply = await mia.send(f"/files 1 {words}")
    assert reply.text.startswith("Usage: /files <download number> [send]")


@pytest.mark.parametrize(
    ("base_url", "limit"),
    [
        ("https://api.telegram.org/bot", PUBLIC_UPLOAD_LIMIT),
        ("https://API.telegram.org/bot", PUBLIC_UPLOAD_LIMIT),
        ("http://telegram-bot-api:8081/bot", LOCAL_UPLOAD_LIMIT),
        ("http://127.0.0.1:8081/bot", LOCAL_UPLOAD_LIMIT),
    ],
)
def test_the_upload_limit_follows_the_bot_api(base_url: str, limit: int) -> None:
    assert upload_limit_for(base_url) == limit


async def test_files_sent_from_a_group_arrive_privately(
    standin: TelegramStandIn, world: World, root: Path, mia: Person
) -> None:
    standin.open_chat(MEMBER_ID)
    owner = await _user(world, MEMBER_ID)
    download = await _finished(world, root, owner, {"ep.mkv": b"e" * 50}, "Ep")
    note = await mia.in_group().send(f"/files {download.id} send")
    assert note.text == "Mia, I've sent it to you privately."
    assert [(d.chat_id, d.filename) for d in standin.documents()] == [(MEMBER_ID, "ep.mkv")]
