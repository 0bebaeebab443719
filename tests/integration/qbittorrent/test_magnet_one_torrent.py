"""Issue 17 against a real qbittorrent-nox: a magnet naming two torrents is refused before
qBittorrent or the database hear of it, and a sound one is added under exactly its hash."""

from __future__ import annotations

import base64
import hashlib

import pytest

from domain.errors import InvalidMagnet, TorrentClientError
from domain.qbittorrent.gateway import QBittorrentGateway
from domain.qbittorrent.mapping import OUR_TAG, owner_tag
from tests.harness.fixtures import qbittorrent  # noqa: F401
from tests.harness.torrents import QbittorrentNox
from tests.world import build_world, rebuilt

pytestmark = pytest.mark.integration

# Hashes no swarm serves: a torrent of one waits for metadata, which is all these tests need.
A = hashlib.sha1(b"issue 17 a").hexdigest()
B = hashlib.sha1(b"issue 17 b").hexdigest()
DOUBLE = f"magnet:?xt=urn:btih:{A}&xt=urn:btih:{B}&dn=Two%20Shows"


async def test_a_magnet_naming_two_torrents_is_refused_and_nothing_is_added_or_written(
    gateway: QBittorrentGateway,
    qbittorrent: QbittorrentNox,  # noqa: F811
) -> None:
    world = build_world()
    service = rebuilt(world, torrents=gateway).services.downloads
    alice = await world.person("alice")

    with pytest.raises(InvalidMagnet, match="exactly one torrent"):
        await service.request_magnet(alice, DOUBLE)

    assert await qbittorrent.torrents() == []
    assert world.requests.rows == {} and world.downloads.rows == {}


async def test_the_gateway_refuses_it_too_whoever_calls(
    gateway: QBittorrentGateway,
    qbittorrent: QbittorrentNox,  # noqa: F811
) -> None:
    for hash_ in (A, B):
        with pytest.raises(TorrentClientError, match="malformed magnet"):
            await gateway.add(DOUBLE, info_hash=hash_, owner_id=7)
    assert await qbittorrent.torrents() == []


async def test_a_sound_magnet_is_added_under_exactly_the_hash_recorded(
    gateway: QBittorrentGateway,
    qbittorrent: QbittorrentNox,  # noqa: F811
) -> None:
    world = build_world()
    service = rebuilt(world, torrents=gateway).services.downloads
    alice = await world.person("alice")
    a32 = base64.b32encode(bytes.fromhex(A)).decode()
    # Upper-case hex, the same hash again in base32, and parameters qBittorrent is not handed.
    text = f"magnet:?xt=urn:btih:{A.upper()}&xt=urn:btih:{a32}&dn=One%20Show&xs=http://x.invalid/"

    added = await service.request_magnet(alice, text)

    listed = await qbittorrent.torrents()
    assert [t["hash"] for t in listed] == [A]
    assert set(listed[0]["tags"].split(", ")) == {OUR_TAG, owner_tag(alice.id)}
    (request,) = world.requests.rows.values()
    assert request.info_hash == A and request.query == f"magnet:?xt=urn:btih:{A}&dn=One%20Show"
    assert [d.info_hash for d in world.downloads.rows.values()] == [A]
    assert added.download.info_hash == A
