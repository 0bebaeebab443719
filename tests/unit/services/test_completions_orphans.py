"""Issue 17: on a full answer the watcher adopts each torrent tagged for an owner who has no
download row of it (nobody could see or delete it): the owner gets the row, in the torrent's
state, and the log says so. An owner the database does not know is only logged and counted."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from domain.errors import NotFound
from domain.models import DEFAULT_NODE, Download, DownloadState, SyncDelta
from domain.services.completions import ORPHAN_GRACE, CompletionWatcher
from tests.fakes import FakeClock, FakeDownloads, FakeRequests
from tests.fakes_automation import FakeCompletions, FakeOutbox, FakeSync

HASH = "c" * 40
OTHER = "d" * 40


class KnownOwnersDownloads(FakeDownloads):
    """Refuses a row for an owner the database does not have, as its foreign key does."""

    def __init__(self, clock: FakeClock, owners: set[int]) -> None:
        super().__init__(clock)
        self.owners = owners

    async def add(
        self,
        *,
        info_hash: str,
        owner_id: int,
        name: str,
        request_id: int | None,
        node: str = DEFAULT_NODE,
    ) -> Download:
        if owner_id not in self.owners:
            raise NotFound(f"no user {owner_id}")
        return await super().add(
            info_hash=info_hash, owner_id=owner_id, name=name, request_id=request_id, node=node
        )


class World:
    def __init__(self, owners: set[int] | None = None) -> None:
        self.clock = FakeClock()
        self.downloads = KnownOwnersDownloads(self.clock, owners or {1, 2, 3})
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


async def test_an_owner_tag_without_a_download_row_is_adopted_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = World()
    await world.downloads.add(info_hash=HASH, owner_id=1, name="x", request_id=None)
    done = {**world.torrent((3,), OLD), "name": "Frieren 05", "progress": 1.0, "state": "uploading"}
    world.sync.answers = [SyncDelta(1, True, {HASH: world.torrent((1, 2), OLD), OTHER: done})]

    with caplog.at_level(logging.WARNING, logger="domain.services.completions"):
        report = await world.watcher.poll()

    assert (report.adopted, report.orphaned) == (2, 0)
    rows = {(d.info_hash, d.owner_id): d for d in world.downloads.rows.values()}
    assert sorted(rows) == [(HASH, 1), (HASH, 2), (OTHER, 3)]
    # Each owner now sees it, as it is in qBittorrent.
    assert rows[(HASH, 2)].state is DownloadState.METADATA
    assert rows[(OTHER, 3)].name == "Frieren 05"
    assert rows[(OTHER, 3)].state is DownloadState.COMPLETED
    assert rows[(OTHER, 3)].completed_at is not None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(HASH in m and "owner 2" in m and "adopted" in m for m in warnings)
    assert any(OTHER in m and "owner 3" in m and "adopted" in m for m in warnings)

    # The next full answer finds nothing left to adopt.
    world.sync.answers = [SyncDelta(2, True, {HASH: world.torrent((1, 2), OLD), OTHER: done})]
    assert (await world.watcher.poll()).adopted == 0
    assert len(world.downloads.rows) == 3


async def test_an_owner_the_database_does_not_know_is_left_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = World(owners={1})
    world.sync.answers = [SyncDelta(1, True, {HASH: world.torrent((1, 9), OLD)})]

    with caplog.at_level(logging.WARNING, logger="domain.services.completions"):
        report = await world.watcher.poll()

    assert (report.adopted, report.orphaned) == (1, 1)
    assert [(d.info_hash, d.owner_id) for d in world.downloads.rows.values()] == [(HASH, 1)]
    assert any("owner 9" in r.getMessage() and "cannot be adopted" in r.getMessage()
               for r in caplog.records)  # fmt: skip


async def test_a_torrent_younger_than_the_grace_is_not_called_an_orphan() -> None:
    world = World()  # a /get adds its torrent a moment before it writes the row
    world.sync.answers = [SyncDelta(1, True, {HASH: world.torrent((1,), timedelta(seconds=5))})]
    assert (await world.watcher.poll()).adopted == 0


async def test_only_a_full_answer_looks_for_orphans() -> None:
    world = World()
    await world.downloads.add(info_hash=HASH, owner_id=1, name="x", request_id=None)
    world.sync.answers = [
        SyncDelta(1, True, {HASH: world.torrent((1,), OLD)}),
        SyncDelta(2, False, {OTHER: world.torrent((2,), OLD)}, removed=(HASH,)),
        SyncDelta(3, True, {OTHER: world.torrent((2,), OLD)}),
    ]
    assert (await world.watcher.poll()).adopted == 0
    assert (await world.watcher.poll()).adopted == 0
    assert (await world.watcher.poll()).adopted == 1
