"""Issue 17's leftovers: on a full answer the watcher counts and logs each torrent tagged for an
owner who has no download row of it (nobody can see or delete it); it neither adopts nor removes
it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from domain.models import SyncDelta
from domain.services.completions import ORPHAN_GRACE, CompletionWatcher
from tests.fakes import FakeClock, FakeDownloads, FakeRequests
from tests.fakes_automation import FakeCompletions, FakeOutbox, FakeSync

HASH = "c" * 40
OTHER = "d" * 40


class World:
    def __init__(self) -> None:
        self.clock = FakeClock()
        self.downloads = FakeDownloads(self.clock)
        requests = FakeRequests(self.clock)
        self.outbox = FakeOutbox(self.clock)
        self.completions = FakeCompletions(self.downloads, requests, self.outbox)
        self.sync = FakeSync()
        self.watcher = CompletionWatcher(
            sync=self.sync,
            completions=self.completions,
            outbox=self.outbox,
            clock=self.clock,
            downloads=self.downloads,
        )

    def torrent(self, owners: tuple[int, ...], age: timedelta) -> dict[str, object]:
        tags = ", ".join(["iiitorrent", *(f"iiitorrent-owner-{o}" for o in owners)])
        added = (self.clock() - age).timestamp()
        return {"name": "x", "size": 10, "progress": 0.0, "state": "metaDL", "tags": tags,
                "added_on": int(added)}  # fmt: skip


OLD = ORPHAN_GRACE + timedelta(minutes=1)


async def test_an_owner_tag_without_a_download_row_is_counted_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = World()
    await world.downloads.add(info_hash=HASH, owner_id=1, name="x", request_id=None)
    world.sync.answers = [
        SyncDelta(
            1,
            True,
            {HASH: world.torrent((1, 2), OLD), OTHER: world.torrent((3,), OLD)},
        )
    ]

    with caplog.at_level(logging.WARNING, logger="domain.services.completions"):
        report = await world.watcher.poll()

    assert report.orphaned == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(HASH in m and "owner 2" in m for m in warnings)
    assert any(OTHER in m and "owner 3" in m for m in warnings)
    assert not any("owner 1," in m for m in warnings)
    # Only noticed: nothing is written, and the owned row is untouched.
    assert [(d.info_hash, d.owner_id) for d in world.downloads.rows.values()] == [(HASH, 1)]


async def test_a_torrent_younger_than_the_grace_is_not_called_an_orphan() -> None:
    world = World()  # a /get adds its torrent a moment before it writes the row
    world.sync.answers = [SyncDelta(1, True, {HASH: world.torrent((1,), timedelta(seconds=5))})]
    assert (await world.watcher.poll()).orphaned == 0


async def test_only_a_full_answer_looks_for_orphans() -> None:
    world = World()
    await world.downloads.add(info_hash=HASH, owner_id=1, name="x", request_id=None)
    world.sync.answers = [
        SyncDelta(1, True, {HASH: world.torrent((1,), OLD)}),
        SyncDelta(2, False, {OTHER: world.torrent((2,), OLD)}, removed=(HASH,)),
        SyncDelta(3, True, {OTHER: world.torrent((2,), OLD)}),
    ]
    assert (await world.watcher.poll()).orphaned == 0
    assert (await world.watcher.poll()).orphaned == 0
    assert (await world.watcher.poll()).orphaned == 1
