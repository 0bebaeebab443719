"""The gateway is the TorrentClient port, signature for signature, and checks input before I/O."""

from __future__ import annotations

import inspect

import pytest

from domain.errors import InvalidInput, TorrentClientError
from domain.ports import TorrentClient
from domain.qbittorrent.gateway import QBittorrentGateway

METHODS = ["add", "torrents", "torrent", "pause", "resume", "remove_owner", "delete", "version"]
METHODS += ["files", "default_save_path"]


@pytest.mark.parametrize("name", METHODS)
def test_methods_match_the_port(name: str) -> None:
    port = inspect.signature(getattr(TorrentClient, name))
    ours = inspect.signature(getattr(QBittorrentGateway, name))
    assert str(ours) == str(port)
    assert inspect.iscoroutinefunction(getattr(QBittorrentGateway, name))


def test_the_port_has_no_method_we_miss() -> None:
    declared = {n for n, v in vars(TorrentClient).items() if inspect.isfunction(v) and n[0] != "_"}
    assert declared == set(METHODS)


# Nothing listens on port 9 of the loopback: any I/O would fail as TorrentClientError instead.
UNREACHABLE = "http://127.0.0.1:9"


async def test_bad_arguments_fail_before_any_request() -> None:
    async with QBittorrentGateway(UNREACHABLE, "u", "p", timeout=1) as gateway:
        with pytest.raises(InvalidInput):
            await gateway.torrent("not a hash")
        with pytest.raises(InvalidInput):
            await gateway.add("magnet:?xt=urn:btih:" + "a" * 40, info_hash="a" * 40, owner_id=-1)
        with pytest.raises(TorrentClientError, match="neither a magnet nor"):
            await gateway.add("/etc/passwd", info_hash="a" * 40, owner_id=1)
        await gateway.pause([])  # nothing to do, so nothing asked


async def test_the_password_stays_out_of_the_repr() -> None:
    async with QBittorrentGateway(UNREACHABLE, "u", "hunter2") as gateway:
        assert "hunter2" not in repr(gateway)
