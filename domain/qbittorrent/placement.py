"""Which qBittorrent node gets a torrent. Pure: the pool gathers each node's state and asks.

A torrent some node holds already stays there (two copies would download it twice and split
its owners); otherwise the answering node with the most free disk among those under their
active-download cap takes it. Ties go to the node with fewer active downloads, then to the one
named first in QBITTORRENT_NODES, so the choice is the same for the same states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.errors import NodeDown, NoNodeAvailable


@dataclass(frozen=True, slots=True)
class NodeState:
    name: str
    up: bool
    free_space: int | None  # bytes free on its download disk; None: not reported yet
    active: int  # downloads it is busy with
    max_active: int = 0  # 0: no cap
    holds: bool = False  # the torrent in question is on it already

    @property
    def at_cap(self) -> bool:
        return self.max_active > 0 and self.active >= self.max_active

    def why_not(self) -> str | None:
        """Why it cannot take a new torrent; None when it can."""
        if not self.up:
            return "not answering"
        if self.at_cap:
            return f"{self.active} of {self.max_active} downloads active"
        return None


def place(info_hash: str, nodes: Sequence[NodeState]) -> str:
    """The name of the node that gets `info_hash`.

    NodeDown when the node holding it does not answer (it is never added elsewhere);
    NoNodeAvailable when no node can take it."""
    for node in nodes:
        if node.holds:
            if not node.up:
                raise NodeDown(
                    f"{info_hash} is on node {node.name}, which is not answering", node.name
                )
            return node.name
    ranked = sorted(
        (
            (node.free_space is None, -(node.free_space or 0), node.active, position, node.name)
            for position, node in enumerate(nodes)
            if node.why_not() is None
        )
    )
    if not ranked:
        reasons = "; ".join(f"{node.name}: {node.why_not()}" for node in nodes) or "none configured"
        raise NoNodeAvailable(f"no qBittorrent node can take {info_hash} ({reasons})")
    return ranked[0][-1]


def room_for_new(nodes: Sequence[NodeState]) -> int | None:
    """Bytes free on the node a new torrent would go to: what the disk floor is judged by. When
    none can take one, the most free on any (the placement then says why); None: none known."""
    known = [node for node in nodes if node.free_space is not None]
    takers = [node for node in known if node.why_not() is None] or known
    return max((node.free_space or 0 for node in takers), default=None)
