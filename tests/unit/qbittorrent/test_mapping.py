from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.errors import InvalidInput
from domain.models import DownloadState
from domain.qbittorrent.mapping import (
    OUR_TAG,
    AddOutcome,
    add_outcome,
    download_state,
    owner_ids,
    owner_tag,
    parse_tags,
    torrent_status,
)

S = DownloadState


@pytest.mark.parametrize(
    ("state", "progress", "expected"),
    [
        ("metaDL", 0.0, S.METADATA),
        ("forcedMetaDL", 0.0, S.METADATA),
        ("queuedDL", 0.1, S.QUEUED),
        ("checkingDL", 0.5, S.CHECKING),
        ("checkingUP", 1.0, S.CHECKING),
        ("checkingResumeData", 0.0, S.CHECKING),
        ("allocating", 0.0, S.DOWNLOADING),
        ("downloading", 0.3, S.DOWNLOADING),
        ("forcedDL", 0.3, S.DOWNLOADING),
        ("stalledDL", 0.3, S.STALLED),
        ("pausedDL", 0.3, S.PAUSED),  # 4.x
        ("stoppedDL", 0.3, S.PAUSED),  # 5.x
        ("uploading", 1.0, S.COMPLETED),
        ("stalledUP", 1.0, S.COMPLETED),
        ("forcedUP", 1.0, S.COMPLETED),
        ("queuedUP", 1.0, S.COMPLETED),
        ("pausedUP", 1.0, S.COMPLETED),  # 4.x
        ("stoppedUP", 1.0, S.COMPLETED),  # 5.x
        ("error", 0.4, S.ERROR),
        ("missingFiles", 1.0, S.ERROR),
        ("moving", 1.0, S.COMPLETED),
        ("moving", 0.4, S.DOWNLOADING),
        ("unknown", 0.0, S.DOWNLOADING),
        ("someStateOfQbittorrent7", 1.0, S.COMPLETED),
        ("", 0.0, S.DOWNLOADING),
    ],
)
def test_state_strings_of_4x_and_5x(state: str, progress: float, expected: DownloadState) -> None:
    assert download_state(state, progress) is expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("iiitorrent, iiitorrent-owner-5, iiitorrent-owner-12", (5, 12)),
        ("iiitorrent-owner-12,iiitorrent-owner-5", (5, 12)),
        (["iiitorrent-owner-5", "iiitorrent-owner-5"], (5,)),
        ("", ()),
        ("berth", ()),
        ("iiitorrent", ()),
        ("iiitorrent-owner-", ()),
        ("iiitorrent-owner-x", ()),
        ("iiitorrent-owner--1", ()),
        ("iiitorrent-owner-1.5", ()),
        ("iiitorrent-owner-٣", ()),  # a digit, but not an ASCII one
        ("other-iiitorrent-owner-5", ()),
        (" iiitorrent-owner-5 ,  ", (5,)),
    ],
)
def test_owner_ids_from_tags(tags: str | list[str], expected: tuple[int, ...]) -> None:
    assert owner_ids(tags) == expected


def test_owner_tags_are_valid_qbittorrent_tags_and_round_trip() -> None:
    tag = owner_tag(42)
    assert tag == "iiitorrent-owner-42"
    assert "," not in tag and tag == tag.strip()
    assert owner_ids(", ".join([OUR_TAG, tag])) == (42,)
    assert parse_tags("a, b,,c ") == ("a", "b", "c")


def test_a_negative_owner_id_has_no_tag() -> None:
    with pytest.raises(InvalidInput):
        owner_tag(-1)


def info(**fields: Any) -> dict[str, Any]:
    return {"hash": "a" * 40, "name": "x", "state": "downloading", **fields}


@pytest.mark.parametrize(
    ("eta", "expected"),
    [(8640000, None), (8640001, None), (-1, None), (None, None), (0, 0), (3600, 3600), ("12", 12)],
)
def test_eta(eta: object, expected: int | None) -> None:
    assert torrent_status(info(eta=eta)).eta == expected


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(0, 0.0), (0.5, 0.5), (1, 1.0), (1.0000001, 1.0), (-0.2, 0.0), (float("nan"), 0.0)],
)
def test_progress_is_clamped(progress: float, expected: float) -> None:
    assert torrent_status(info(progress=progress)).progress == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, None),  # 4.x: never
        (-1, None),  # 5.x: never
        (None, None),
        (10**20, None),
        (1789038088, datetime.fromtimestamp(1789038088, UTC)),
    ],
)
def test_timestamps(seconds: object, expected: datetime | None) -> None:
    status = torrent_status(info(added_on=seconds, completion_on=seconds))
    assert status.added_on == expected and status.completed_on == expected


def test_a_sparse_entry_gets_neutral_values_and_a_hashless_one_is_refused() -> None:
    status = torrent_status({"hash": "B" * 40})
    assert status.info_hash == "b" * 40
    assert (status.size, status.downloaded, status.eta, status.owner_ids) == (0, 0, None, ())
    with pytest.raises(ValueError, match="no hash"):
        torrent_status({"name": "no hash"})


def maindata(corpora: Path, name: str) -> dict[str, dict[str, Any]]:
    torrents: dict[str, dict[str, Any]] = json.loads((corpora / "qbittorrent" / name).read_text())[
        "torrents"
    ]
    return torrents


DONE = "476f86e6c64ce252c09c4da40bcfee609ea827c7"


@pytest.mark.parametrize(
    ("name", "info_hash", "state", "progress", "size", "completed_on"),
    [
        ("sync-maindata.full.4.4.5.json", "0a48a93131164bc49cb6e5687271124949346d79", S.QUEUED,
         0.0, 40120, None),
        ("sync-maindata.full.4.4.5.json", "401f51c6573440549a419842f979176a2ac5edf3", S.CHECKING,
         0.0, 0, None),
        ("sync-maindata.full.4.4.5.json", DONE, S.COMPLETED, 1.0, 40120, 1789038069),
        ("sync-maindata.full.5.2.3.json", "06d3adcea99c4225be45296fea79bf7a91abc0ff", S.METADATA,
         0.0, 0, None),
        ("sync-maindata.full.5.2.3.json", "0a48a93131164bc49cb6e5687271124949346d79", S.STALLED,
         0.0, 40120, None),
        ("sync-maindata.full.5.2.3.json", DONE, S.COMPLETED, 1.0, 40120, 1789038088),
        ("sync-maindata.partial.4.4.5.json", "c6a139af8a6a42249f7551c5267267c1b6e10044",
         S.METADATA, 0.0, 0, None),
        ("sync-maindata.partial.5.2.3.json", "76747c69c7994e0794a3a363f3ad039fb46fc1b3",
         S.METADATA, 0.0, 0, None),
    ],
)  # fmt: skip
def test_recorded_torrents_of_both_versions(
    corpora: Path,
    name: str,
    info_hash: str,
    state: DownloadState,
    progress: float,
    size: int,
    completed_on: int | None,
) -> None:
    entry = maindata(corpora, name)[info_hash]

    status = torrent_status(entry, info_hash)

    assert (status.state, status.progress, status.size) == (state, progress, size)
    assert status.completed_on == (
        datetime.fromtimestamp(completed_on, UTC) if completed_on else None
    )
    assert status.eta is None  # recorded as 8640000, qBittorrent's infinity
    assert status.name == entry["name"]
    assert status.owner_ids == ()  # tagged "berth", not ours
    assert status.added_on is not None


@pytest.mark.parametrize("name", ["sync-maindata.full.4.4.5.json", "sync-maindata.full.5.2.3.json"])
def test_a_completed_recording_counts_its_bytes_and_path(corpora: Path, name: str) -> None:
    status = torrent_status(maindata(corpora, name)[DONE], DONE)
    assert status.downloaded == status.size == 40120
    assert status.content_path == "/downloads/berth-exp/Berth.Poller.Test.S01.1080p.WEB-DL"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Ok.", AddOutcome.ACCEPTED),
        ("Ok.\n", AddOutcome.ACCEPTED),
        ("Fails.", AddOutcome.FAILED),
        ("", AddOutcome.FAILED),
        ({}, AddOutcome.FAILED),
        ({"success_count": 1, "failure_count": 1}, AddOutcome.FAILED),
        (None, AddOutcome.FAILED),
    ],
)
def test_add_answers(answer: object, expected: AddOutcome) -> None:
    assert add_outcome(answer) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("torrents-add.accepted.5.2.3.json", AddOutcome.ACCEPTED),
        ("torrents-add.pending.5.2.3.json", AddOutcome.PENDING),
        ("torrents-add.invalid.5.2.3.txt", AddOutcome.FAILED),
    ],
)
def test_recorded_add_answers_of_5x(corpora: Path, name: str, expected: AddOutcome) -> None:
    text = (corpora / "qbittorrent" / name).read_text()
    answer = json.loads(text) if name.endswith(".json") else text
    assert add_outcome(answer) is expected
