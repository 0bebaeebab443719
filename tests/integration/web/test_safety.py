"""Links that must not work, and paths that must never reach a byte outside a download."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import replace
from urllib.parse import quote

import httpx
import pytest

from bot.web.answers import REFUSED_BODY
from tests.integration.web.conftest import CANARY, Box, raw_request


async def link_of(box: Box, files: dict[str, bytes | None]) -> str:
    download = await box.torrent(files)
    links = await box.files.links(box.owner, download.id)
    return box.local(links.files[0].url)


async def test_tampered_and_expired_links_say_the_same_short_thing(box: Box) -> None:
    url = await link_of(box, {"a.mkv": b"x" * 100})
    prefix, token, name = url.rsplit("/", 2)
    fields = token.split(".")
    fields[2] = str(int(fields[2]) + 1)  # another download
    tampered = f"{prefix}/{'.'.join(fields)}/{name}"
    async with httpx.AsyncClient() as client:
        refused = await client.get(tampered)
        box.clock.advance(3600)
        expired = await client.get(url)
    assert refused.status_code == 403
    assert expired.status_code == 410
    assert refused.text == expired.text == REFUSED_BODY


async def test_deleting_a_download_revokes_its_links(box: Box) -> None:
    download = await box.torrent({"a.mkv": b"x"})
    url = box.local((await box.files.links(box.owner, download.id)).files[0].url)
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 200
        await box.downloads.delete(download.id)
        assert (await client.get(url)).status_code == 403


async def test_a_banned_user_s_links_stop_working(box: Box) -> None:
    url = await link_of(box, {"a.mkv": b"x"})
    box.users.users[box.owner.id] = replace(box.owner, banned=True)
    async with httpx.AsyncClient() as client:
        answer = await client.get(url)
    assert answer.status_code == 403


async def test_a_link_is_for_its_owner_s_download_only(box: Box) -> None:
    """A download that changed hands (deleted, id reused by someone else) is not opened."""
    download = await box.torrent({"a.mkv": b"x"})
    url = box.local((await box.files.links(box.owner, download.id)).files[0].url)
    box.downloads.rows[download.id] = replace(download, owner_id=download.owner_id + 100)
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 403


async def test_a_torrent_client_outage_is_a_503(box: Box) -> None:
    url = await link_of(box, {"a.mkv": b"x"})
    box.torrents.down = True
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 503


async def test_a_file_gone_from_disk_is_a_404(box: Box) -> None:
    url = await link_of(box, {"gone.mkv": b"x"})
    (box.root / "gone.mkv").unlink()
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 404


def escapes(token: str) -> list[bytes]:
    t = token.encode()
    return [
        b"/dl/" + t + b"/../../canary.txt",
        b"/dl/" + t + b"/../../../secret/canary.txt",
        b"/dl/" + t + b"/%2e%2e/%2e%2e/canary.txt",
        b"/dl/" + t + b"%2f..%2f..%2fcanary.txt",
        b"/dl/" + t + b"/..%2f..%2fcanary.txt",
        b"/dl/" + t + b"/..%5c..%5ccanary.txt",
        b"/dl/" + t + b"%00/x",
        b"/dl/" + t + b"/x%00.mkv",
        b"/dl/%2e%2e/%2e%2e/canary.txt",
        b"/dl/..%2f..%2fcanary.txt",
        b"/dl//etc/passwd",
        b"/dl/" + t + b"/a/b",
        b"/../canary.txt",
        b"//canary.txt",
        b"/dl/" + t + b"\\..\\..\\canary.txt",
    ]


async def test_traversal_never_reaches_the_canary(box: Box) -> None:
    url = await link_of(box, {"a.mkv": b"inside"})
    token = url.rsplit("/", 2)[1]
    for target in escapes(token):
        answer = await raw_request(box.port, target)
        assert 400 <= answer.status < 500, (target, answer.status)
        assert CANARY not in answer.raw, target


async def test_an_absolute_form_request_target_is_refused(box: Box) -> None:
    answer = await raw_request(box.port, b"http://127.0.0.1/dl/x/../../canary.txt")
    assert 400 <= answer.status < 500
    assert CANARY not in answer.raw


@pytest.mark.parametrize("target", ["../secret/canary.txt", None])
async def test_a_symlinked_file_in_a_torrent_is_never_followed(
    box: Box, target: str | None
) -> None:
    download = await box.torrent({"Show/ep1.mkv": b"ep1", "Show/ep2.mkv": None})
    link = box.root / "Show" / "ep2.mkv"
    os.symlink(target or str(box.outside / "canary.txt"), link)
    links = await box.files.links(box.owner, download.id)
    token = box.path(links.files[1].url).split("/")[2]
    answer = await raw_request(box.port, f"/dl/{token}/ep2.mkv".encode())
    assert answer.status == 403
    assert CANARY not in answer.raw
    assert links.zip_url is not None
    zipped = await raw_request(box.port, box.path(links.zip_url).encode())
    assert zipped.status == 403
    assert CANARY not in zipped.raw


async def test_a_symlinked_folder_in_a_torrent_is_never_followed(box: Box) -> None:
    os.symlink(box.outside, box.root / "Show")
    (box.outside / "ep1.mkv").write_bytes(CANARY)
    download = await box.torrent({"Show/ep1.mkv": None, "Show/canary.txt": None})
    links = await box.files.links(box.owner, download.id)
    for link in links.files:
        answer = await raw_request(box.port, box.path(link.url).encode())
        assert answer.status == 403
        assert CANARY not in answer.raw


async def test_a_fifo_is_refused_without_hanging(box: Box) -> None:
    download = await box.torrent({"pipe.mkv": None})
    os.mkfifo(box.root / "pipe.mkv")
    links = await box.files.links(box.owner, download.id)
    answer = await asyncio.wait_for(raw_request(box.port, box.path(links.files[0].url).encode()), 5)
    assert answer.status == 403


HOSTILE = [
    'say "hi".mkv',
    "new\r\nline.mkv",
    "葬送のフリーレン 第5話.mkv",
    "100% legit%2f..%2f.mkv",
    "semi;colon.mp4",
    " .mkv",
]


@pytest.mark.parametrize("name", HOSTILE)
async def test_hostile_names_are_served_with_safe_headers(box: Box, name: str) -> None:
    download = await box.torrent({name: b"content"})
    links = await box.files.links(box.owner, download.id)
    url = links.files[0].url
    assert url.endswith("/" + quote(name, safe=""))
    answer = await raw_request(box.port, box.path(url).encode())
    assert answer.status == 200
    assert answer.body == b"content"
    disposition = answer.headers["content-disposition"]
    assert disposition.isascii() and "\r" not in disposition and "\n" not in disposition
    assert disposition.endswith("filename*=UTF-8''" + quote(name, safe=""))


async def test_links_never_reach_the_log(box: Box, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    download = await box.torrent({"a.mkv": b"x", "b.mkv": None})
    os.symlink("/etc/passwd", box.root / "b.mkv")
    links = await box.files.links(box.owner, download.id)
    tokens = [box.path(link.url).split("/")[2] for link in links.files]
    async with httpx.AsyncClient() as client:
        for link in links.files:
            await client.get(box.local(link.url))
        await client.get(box.local(links.files[0].url[:-3] + "xyz"))
        await client.get(box.base_url + "/dl/" + tokens[0][:-2] + "AA/a.mkv")
        box.clock.advance(4000)
        await client.get(box.local(links.files[0].url))
    await raw_request(box.port, b"/dl/" + tokens[0].encode() + b"\x01bad")
    # httpx is this test's client, not the server (the process quiets it anyway).
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    logged = "\n".join(logging.Formatter().format(r) for r in server_side)
    assert "refused" in logged  # the log does say what happened
    for token in tokens:
        assert token not in logged
        assert token.rsplit(".", 1)[1] not in logged  # nor the signature alone
