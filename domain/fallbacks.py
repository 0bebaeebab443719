"""Falling back from a stalled release to the next-best: the record of switches and the rules.

A request found by a search can fall back a bounded number of times. Every switch is written down
per (first request, stalled torrent), so the chain of switches that led an owner to a torrent is
known after a restart: a switch is never repeated, and the bound holds across restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

DEFAULT_MAX_SWITCHES = 2


@dataclass(frozen=True, slots=True)
class Switch:
    """One owner moved from a stalled torrent to another release of what they asked for."""

    root_request_id: int  # the request the chain started from
    owner_id: int
    stalled_hash: str
    replacement_hash: str
    replacement_title: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Chain:
    """What the switches so far mean for a stalled torrent of one owner."""

    root_request_id: int
    switches: tuple[Switch, ...]
    stalled_hash: str

    @property
    def done(self) -> Switch | None:
        """The switch already made away from this torrent (a restart came before its cleanup)."""
        return next((s for s in self.switches if s.stalled_hash == self.stalled_hash), None)

    @property
    def exclude(self) -> frozenset[str]:
        """Every torrent this owner already gave up on in this chain, this one included."""
        return frozenset({s.stalled_hash for s in self.switches} | {self.stalled_hash})

    def may_switch(self, limit: int) -> bool:
        return len(self.switches) < limit


def chain_of(request_id: int, stalled_hash: str, switches: Sequence[Switch]) -> Chain:
    """The chain a download belongs to, from its request and the owner's recorded switches: a
    torrent that replaced another belongs to the chain of the request that started it all."""
    root = next((s.root_request_id for s in switches if s.replacement_hash == stalled_hash), None)
    root = request_id if root is None else root
    mine = tuple(sorted((s for s in switches if s.root_request_id == root), key=lambda s: s.at))
    return Chain(root_request_id=root, switches=mine, stalled_hash=stalled_hash)
