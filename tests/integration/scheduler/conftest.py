from __future__ import annotations

from tests.harness.fixtures import qbittorrent, seeded, swarm, torrent_programs  # noqa: F401
