"""Recorded `sync/maindata` answers of qBittorrent 4.4.5 and 5.2.3, merged into one picture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domain.models import DownloadState
from domain.qbittorrent.sync import TorrentTable, sync_delta

VERSIONS = ("4.4.5", "5.2.3")


def answer(corpora: Path, kind: str, version: str) -> dict[str, Any]:
    path = corpora / "qbittorrent" / f"sync-maindata.{kind}.{version}.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@pytest.mark.parametrize("version", VERSIONS)
def test_full_then_partial_then_removed_answers_merge(corpora: Path, version: str) -> None:
    full = sync_delta(answer(corpora, "full", version))
    partial = sync_delta(answer(corpora, "partial", version))
    removed = sync_delta(answer(corpora, "removed", version))
    assert (full.rid, full.full_update) == (1, True)
    assert (partial.rid, partial.full_update) == (2, False)
    assert removed.rid == 3 and len(removed.removed) == 1

    table = TorrentTable()
    assert table.apply(full) == set(full.torrents)
    before = {h: table.status(h) for h in full.torrents}
    changed = table.apply(partial)
    assert changed == set(partial.torrents)
    new = set(partial.torrents) - set(full.torrents)
    assert len(new) == 1
    # A partial entry keeps the fields it does not repeat: name and size are still known.
    for hash_ in set(partial.torrents) & set(full.torrents):
        assert table.status(hash_).name == before[hash_].name
        assert table.status(hash_).size == before[hash_].size
    table.apply(removed)
    assert removed.removed[0] not in table
    assert len(table) == len(full.torrents) + len(new) - 1


def test_a_partial_state_change_is_seen(corpora: Path) -> None:
    table = TorrentTable()
    table.apply(sync_delta(answer(corpora, "full", "4.4.5")))
    hash_ = "0a48a93131164bc49cb6e5687271124949346d79"
    table.apply(sync_delta(answer(corpora, "partial", "4.4.5")))
    assert table.status(hash_).state is DownloadState.STALLED


@pytest.mark.parametrize(
    "garbage",
    [
        {},
        {"rid": "7", "torrents": []},
        {"rid": -1, "torrents": {"abc": "not a dict", "DEF": {"progress": 1}}},
        {"rid": True, "torrents_removed": "abc"},
    ],
)
def test_malformed_answers_give_what_can_be_trusted(garbage: dict[str, Any]) -> None:
    delta = sync_delta(garbage)
    assert delta.rid == 0 and delta.removed == ()
    assert set(delta.torrents) <= {"def"}


def test_only_torrents_with_our_tag_are_ours() -> None:
    table = TorrentTable()
    table.apply(
        sync_delta(
            {
                "rid": 1,
                "full_update": True,
                "torrents": {
                    "a" * 40: {"tags": "iiitorrent, iiitorrent-owner-1"},
                    "b" * 40: {"tags": "someone-else"},
                },
            }
        )
    )
    assert table.ours() == ["a" * 40]
    table.apply(sync_delta({"rid": 2, "torrents": {"b" * 40: {"tags": "iiitorrent"}}}))
    assert sorted(table.ours()) == ["a" * 40, "b" * 40]


def test_the_gateway_is_the_sync_port_signature_for_signature() -> None:
    import inspect

    from domain.ports import TorrentSync
    from domain.qbittorrent.gateway import QBittorrentGateway

    port = inspect.signature(TorrentSync.sync)
    assert str(inspect.signature(QBittorrentGateway.sync)) == str(port)
    assert inspect.iscoroutinefunction(QBittorrentGateway.sync)


@pytest.mark.parametrize(("reported", "known"), [(0, None), (-5, None), (True, None), (7, 7)])
def test_free_space_qbittorrent_never_measured_is_not_known(
    reported: object, known: int | None
) -> None:
    # qBittorrent 4.5 answers 0 until, and often without ever, measuring its disk.
    delta = sync_delta({"rid": 1, "server_state": {"free_space_on_disk": reported}})
    assert delta.free_space == known
