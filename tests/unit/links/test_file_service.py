from __future__ import annotations

from dataclasses import replace

import pytest

from bot.commands.base import Context
from bot.commands.files import files as files_command
from bot.errors import UsageError
from domain.errors import InvalidInput, LinkRefused, NotFound
from domain.models import DownloadState, Platform, Role, TorrentFile, User
from domain.services.files import FileService
from tests.world import World, build_world, rebuilt

HASH = "a" * 40


async def world(
    files: list[TorrentFile], save_path: str = "/downloads/tv"
) -> tuple[FileService, User, int, World]:
    fake = build_world()
    owner = await fake.users.create(
        platform=Platform.TELEGRAM, external_id="1", display_name="o", role=Role.USER
    )
    await fake.torrents.add("magnet:?xt=urn:btih:" + HASH, info_hash=HASH, owner_id=owner.id)
    fake.torrents.finish(HASH)
    fake.torrents.torrents_by_hash[HASH] = replace(
        fake.torrents.torrents_by_hash[HASH], save_path=save_path
    )
    fake.torrents.files_by_hash[HASH] = files
    download = await fake.downloads.add(
        info_hash=HASH, owner_id=owner.id, name="Frieren batch", request_id=None
    )
    await fake.downloads.set_state(download.id, DownloadState.COMPLETED)
    box = rebuilt(
        fake, settings={"download_dir": "/srv/anime", "public_url": "https://box.example/"}
    )
    return box.services.files, owner, download.id, fake


def token(url: str) -> str:
    return url.split("/")[4]


EP = TorrentFile(0, "Frieren - 05.mkv", 1_400_000_000, 1.0)
SEASON = [TorrentFile(i, f"Frieren S01/Frieren - {i + 1:02d}.mkv", 1000 + i, 1.0) for i in range(3)]


async def test_a_single_file_gets_one_link_and_resolves_below_download_dir() -> None:
    service, owner, download_id, _ = await world([EP])
    links = await service.links(owner, download_id)
    assert links.listing_url is None and links.zip_url is None
    (link,) = links.files
    assert link.url.startswith("https://box.example/dl/v1.f.")
    assert link.url.endswith("/Frieren%20-%2005.mkv")
    resolved = await service.resolve(token(link.url))
    assert resolved.files[0].parts == ("tv", "Frieren - 05.mkv")  # /downloads/tv → /srv/anime/tv


async def test_a_batch_gets_a_listing_and_a_zip() -> None:
    service, owner, download_id, _ = await world(SEASON)
    links = await service.links(owner, download_id)
    assert len(links.files) == 3 and links.listing_url and links.zip_url
    listing = await service.resolve(token(links.listing_url))
    assert listing.folder_name == "Frieren S01"
    assert [f.index for f in listing.files] == [0, 1, 2]
    within = service.links_within(listing)
    assert within.expires_at == links.expires_at  # a page never outlives its own link


async def test_someone_else_s_download_looks_missing_but_an_admin_may() -> None:
    service, _, download_id, fake = await world([EP])
    stranger = await fake.users.create(
        platform=Platform.TELEGRAM, external_id="2", display_name="s", role=Role.USER
    )
    with pytest.raises(NotFound):
        await service.links(stranger, download_id)
    admin = replace(stranger, role=Role.ADMIN)
    assert (await service.links(admin, download_id)).files


async def test_deleting_revokes_and_banning_refuses() -> None:
    service, owner, download_id, fake = await world([EP])
    url = (await service.links(owner, download_id)).files[0].url
    fake.users.users[owner.id] = replace(owner, banned=True)
    with pytest.raises(LinkRefused):
        await service.resolve(token(url))
    fake.users.users[owner.id] = owner
    await fake.downloads.delete(download_id)
    with pytest.raises(LinkRefused):
        await service.resolve(token(url))


async def test_nothing_finished_yet() -> None:
    service, owner, download_id, _ = await world([replace(EP, progress=0.4)])
    with pytest.raises(InvalidInput):
        await service.links(owner, download_id)


@pytest.mark.parametrize("save_path", ["/etc", "/downloads/../etc", "relative"])
async def test_a_save_path_outside_download_dir_is_never_served(save_path: str) -> None:
    service, owner, download_id, _ = await world([EP], save_path=save_path)
    with pytest.raises(NotFound):
        await service.links(owner, download_id)


async def test_a_hostile_file_name_is_never_served() -> None:
    service, owner, download_id, _ = await world([TorrentFile(0, "../../etc/passwd", 1, 1.0)])
    with pytest.raises(NotFound):
        await service.links(owner, download_id)


async def test_the_files_command_lists_links() -> None:
    _, owner, download_id, fake = await world(SEASON)
    services = rebuilt(fake, settings={"download_dir": "/srv/anime"}).services
    reply = await files_command(Context(user=owner, services=services, args=f"#{download_id}"))
    text = reply.text
    assert "Frieren batch" in text and "3 files" in text and "links work for 24h" in text
    assert text.count("https://box.example/dl/v1.f.") == 3
    assert "All files: https://box.example/dl/v1.l." in text
    assert "One zip: https://box.example/dl/v1.z." in text
    for bad in ["", "abc", "3 4"]:
        with pytest.raises(UsageError):
            await files_command(Context(user=owner, services=services, args=bad))
