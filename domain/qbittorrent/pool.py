"""Several qBittorrent nodes behind the one `TorrentBackend` the services use.

Each node is a gateway of its own. A new torrent goes where `placement.place` says, from each
node's state read afresh (its `sync/maindata`: free disk, active downloads, what it holds); every
later call about that torrent goes to the node that holds it. The pool keeps, per node, the
merged picture of its change feed (`TorrentTable`) and hands the services one feed of its own
with its own `rid`: what changed on any node since the last answer. A node that fails a call is
marked down and tried again by the next call or poll; while it is down its torrents keep their
last known state (never reported removed), and the answer after it comes back is a full picture,
so whatever was taken for missing meanwhile is found again.

With one node the pool passes every call straight through, the feed included: a box with one
qBittorrent behaves as it did before there were nodes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from domain.errors import NodeDown, NotFound, TorrentClientError, TorrentRefused
from domain.models import NodeReport, SyncDelta, TorrentFile, TorrentStatus
from domain.ports import TorrentBackend
from domain.qbittorrent.mapping import oldest_first
from domain.qbittorrent.placement import NodeState, place, room_for_new
from domain.qbittorrent.sources import normalize_hash, normalize_hashes
from domain.qbittorrent.sync import TorrentTable
from domain.services.stats import ACTIVE_STATES

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PoolNode:
    name: str
    client: TorrentBackend
    max_active: int = 0  # 0: no cap


class _Node:
    """One node's gateway and what the pool last learnt from it."""

    def __init__(self, config: PoolNode) -> None:
        self.name = config.name
        self.client = config.client
        self.max_active = config.max_active
        self.table = TorrentTable()
        self.rid = 0
        self.up = True  # until a call fails
        self.answered = False  # its feed answered at least once
        self.error: str | None = None
        self.free_space: int | None = None

    def active(self) -> int:
        return sum(1 for h in self.table.ours() if self.table.status(h).state in ACTIVE_STATES)

    def report(self) -> NodeReport:
        return NodeReport(
            self.name, self.up, self.free_space, self.active(), self.max_active, self.error
        )


class NodePool:
    def __init__(self, nodes: Sequence[PoolNode]) -> None:
        names = [n.name for n in nodes]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"a pool needs nodes with distinct names, not {names}")
        self._nodes = {n.name: _Node(n) for n in nodes}
        self._single = len(nodes) == 1
        self._where: dict[str, str] = {}  # info hash → node, as last seen
        self._rid = 0
        self._pending: dict[str, dict[str, object]] = {}  # changes not handed out yet
        self._pending_removed: set[str] = set()
        self._full_due = False  # a node answered for the first time, or again after failing
        self._polling = asyncio.Lock()  # one poll at a time: each node's rid moves in order
        self._placing = asyncio.Lock()

    def __repr__(self) -> str:
        return f"NodePool({list(self._nodes)})"

    def names(self) -> tuple[str, ...]:
        return tuple(self._nodes)

    # --- TorrentClient -----------------------------------------------------------------------

    async def add(self, source: str, *, info_hash: str, owner_id: int) -> None:
        hash_ = normalize_hash(info_hash)
        if self._single:
            node = self._only()
            await self._call(node, lambda c: c.add(source, info_hash=hash_, owner_id=owner_id))
            return
        # One placement at a time, so two adds of one new torrent cannot land on two nodes.
        async with self._placing:
            await self._poll_all()
            node = self._nodes[place(hash_, self._states(hash_))]
            await self._call(node, lambda c: c.add(source, info_hash=hash_, owner_id=owner_id))
            self._where[hash_] = node.name
        logger.info("torrent %s is on node %s", hash_, node.name)

    async def torrents(self, owner_id: int | None = None) -> list[TorrentStatus]:
        if self._single:
            return await self._call(self._only(), lambda c: c.torrents(owner_id))
        answers = await self._each(lambda c: c.torrents(owner_id))
        statuses = []
        for name, listed in answers.items():
            for status in listed:
                self._where[status.info_hash] = name
                statuses.append(status)
        return oldest_first(statuses)

    async def torrent(self, info_hash: str) -> TorrentStatus | None:
        node = await self._holder(normalize_hash(info_hash))
        if node is None:
            return None
        return await self._call(node, lambda c: c.torrent(info_hash))

    async def pause(self, info_hashes: Sequence[str]) -> None:
        await self._by_holder(info_hashes, lambda c, hashes: c.pause(hashes))

    async def resume(self, info_hashes: Sequence[str]) -> None:
        await self._by_holder(info_hashes, lambda c, hashes: c.resume(hashes))

    async def remove_owner(self, info_hash: str, owner_id: int) -> None:
        node = await self._holder(normalize_hash(info_hash))
        if node is not None:
            await self._call(node, lambda c: c.remove_owner(info_hash, owner_id))

    async def delete(self, info_hashes: Sequence[str], *, delete_files: bool) -> None:
        await self._by_holder(
            info_hashes, lambda c, hashes: c.delete(hashes, delete_files=delete_files)
        )
        if not self._single:
            for hash_ in normalize_hashes(info_hashes):
                self._where.pop(hash_, None)  # its node's feed reports it gone in a moment

    async def version(self) -> str:
        if self._single:
            return await self._call(self._only(), lambda c: c.version())
        answers = await self._each(lambda c: c.version())
        return ", ".join(f"{name} {version}" for name, version in answers.items())

    async def files(self, info_hash: str) -> list[TorrentFile]:
        node = await self._holder(normalize_hash(info_hash))
        if node is None:
            return []
        return await self._call(node, lambda c: c.files(info_hash))

    async def default_save_path(self) -> str:
        """The first node's; `default_save_path_of` for a given one."""
        return await self.default_save_path_of(next(iter(self._nodes)))

    # --- TorrentSync -------------------------------------------------------------------------

    async def sync(self, rid: int) -> SyncDelta:
        if self._single:
            node = self._only()
            delta = await self._call(node, lambda c: c.sync(rid))
            self._learn(node, delta)
            return delta
        await self._poll_all(require_one=True)
        full = rid == 0 or rid != self._rid or self._full_due
        if full:
            torrents: dict[str, dict[str, object]] = {}
            for node in self._nodes.values():  # a down node's last known torrents included
                torrents.update(node.table.entries())
            delta = SyncDelta(rid=self._rid + 1, full_update=True, torrents=torrents)
        else:
            delta = SyncDelta(
                rid=self._rid + 1,
                full_update=False,
                torrents=self._pending,
                removed=tuple(sorted(self._pending_removed)),
            )
        self._rid = delta.rid
        self._pending, self._pending_removed, self._full_due = {}, set(), False
        return delta

    # --- TorrentNodes ------------------------------------------------------------------------

    async def node_of(self, info_hash: str) -> str:
        hash_ = normalize_hash(info_hash)
        node = await self._holder(hash_)
        if node is None:
            raise NotFound(f"no qBittorrent node holds {hash_}")
        return node.name

    async def default_save_path_of(self, node: str) -> str:
        return await self._call(self._nodes[node], lambda c: c.default_save_path())

    async def version_of(self, node: str) -> str:
        """That node's version: whether it answers (a readiness check)."""
        return await self._call(self._nodes[node], lambda c: c.version())

    async def free(self) -> int:
        """Free bytes where a new torrent would go (`domain.services.disk.FreeSpace`), from every
        node's state read afresh, so the disk floor holds on the node that takes the download."""
        await self._poll_all(require_one=True)
        room = room_for_new(self._states(""))
        # qBittorrent reports its free space in every full answer; until then, no floor to judge.
        return room if room is not None else sys.maxsize

    async def reports(self) -> list[NodeReport]:
        if not self._single:
            await self._poll_all()
        else:  # its feed is the completion watcher's; a version call says whether it answers
            node = self._only()
            with contextlib.suppress(TorrentClientError):
                await self._call(node, lambda c: c.version())
        return [node.report() for node in self._nodes.values()]

    # --- inside ------------------------------------------------------------------------------

    def _only(self) -> _Node:
        return next(iter(self._nodes.values()))

    def _states(self, info_hash: str) -> list[NodeState]:
        return [
            NodeState(
                node.name,
                node.up,
                node.free_space,
                node.active(),
                node.max_active,
                holds=info_hash in node.table or self._where.get(info_hash) == node.name,
            )
            for node in self._nodes.values()
        ]

    async def _call(self, node: _Node, work: Callable[[TorrentBackend], Awaitable[T]]) -> T:
        try:
            result = await work(node.client)
        except TorrentRefused:
            self._mark_up(node)  # it answered: the release is at fault, not the node
            raise
        except TorrentClientError as exc:
            if node.up:
                logger.warning("qBittorrent node %s is down: %s", node.name, exc)
            node.up, node.error = False, str(exc) or type(exc).__name__
            if self._single or isinstance(exc, NodeDown):
                raise
            raise NodeDown(
                f"qBittorrent node {node.name} is not answering: {exc}", node.name
            ) from exc
        self._mark_up(node)
        return result

    def _mark_up(self, node: _Node) -> None:
        if not node.up:
            logger.info("qBittorrent node %s answers again", node.name)
            self._full_due = True
        node.up, node.error = True, None

    async def _each(self, work: Callable[[TorrentBackend], Awaitable[T]]) -> dict[str, T]:
        """`work` on every node at once; the answers of those that answered. Raises only when
        none did (the first node's failure)."""
        names = list(self._nodes)
        results = await asyncio.gather(
            *(self._call(self._nodes[n], work) for n in names), return_exceptions=True
        )
        answers: dict[str, T] = {}
        failures: list[BaseException] = []
        for name, result in zip(names, results, strict=True):
            if isinstance(result, TorrentClientError):
                failures.append(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                answers[name] = result
        if not answers and failures:
            raise failures[0]
        return answers

    async def _poll_all(self, *, require_one: bool = False) -> None:
        """Every node's feed read once, its changes kept for the pool's own feed. With
        `require_one`, raises when no node answered."""
        async with self._polling:
            nodes = list(self._nodes.values())
            results = await asyncio.gather(*(self._poll(n) for n in nodes), return_exceptions=True)
            failures = []
            for result in results:
                if isinstance(result, TorrentClientError):
                    failures.append(result)
                elif isinstance(result, BaseException):
                    raise result
            if require_one and len(failures) == len(nodes):
                raise failures[0]

    async def _poll(self, node: _Node) -> None:
        first = not node.answered
        delta = await self._call(node, lambda c: c.sync(node.rid))
        changed, removed = self._learn(node, delta)
        if first and self._rid:
            self._full_due = True  # a node that was never seen: the picture was not whole
        for hash_ in removed:
            self._pending.pop(hash_, None)
            self._pending_removed.add(hash_)
        for hash_, fields in changed.items():
            self._pending_removed.discard(hash_)
            self._pending.setdefault(hash_, {}).update(fields)

    async def _holder(self, info_hash: str) -> _Node | None:
        """The node holding `info_hash`: as last seen, else the first that says it has it.
        None when every node answers that it has not; NodeDown when a node that may have it
        does not answer."""
        if self._single:
            return self._only()
        name = self._where.get(info_hash)
        if name is None:
            name = next((n.name for n in self._nodes.values() if info_hash in n.table), None)
        if name is not None:
            node = self._nodes[name]
            return node  # a down holder fails the call itself, and is retried by it
        silent: list[_Node] = []
        for node in self._nodes.values():
            try:
                found = await self._call(node, lambda c: c.torrent(info_hash))
            except TorrentClientError:
                silent.append(node)
                continue
            if found is not None:
                self._where[info_hash] = node.name
                return node
        if silent:
            raise NodeDown(
                f"{info_hash} is on no answering node; {silent[0].name} does not answer",
                silent[0].name,
            )
        return None

    async def _by_holder(
        self,
        info_hashes: Iterable[str],
        work: Callable[[TorrentBackend, list[str]], Awaitable[None]],
    ) -> None:
        groups: dict[str, list[str]] = {}
        for hash_ in normalize_hashes(info_hashes):
            node = await self._holder(hash_)
            if node is not None:
                groups.setdefault(node.name, []).append(hash_)
        for name, hashes in groups.items():
            await self._call(self._nodes[name], _bound(work, hashes))

    def _learn(
        self, node: _Node, delta: SyncDelta
    ) -> tuple[dict[str, dict[str, object]], set[str]]:
        """Merge one node's answer into its table; what changed and what went, for the feed."""
        before = node.table.hashes() if delta.full_update else set()
        node.table.apply(delta)
        removed = (before - node.table.hashes()) if delta.full_update else set(delta.removed)
        if delta.free_space is not None:
            node.free_space = delta.free_space
        node.rid = delta.rid
        node.answered = True
        for hash_ in delta.torrents:
            self._where[hash_] = node.name
        for hash_ in removed:
            if self._where.get(hash_) == node.name:
                del self._where[hash_]
        return delta.torrents, removed


def _bound(
    work: Callable[[TorrentBackend, list[str]], Awaitable[None]], hashes: list[str]
) -> Callable[[TorrentBackend], Awaitable[None]]:
    return lambda client: work(client, hashes)
