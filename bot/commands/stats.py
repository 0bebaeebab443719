"""/stats: the box at a glance, for admins, in about twenty short lines."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.commands.base import Context, Reply
from bot.formatting import human_duration, human_size, human_speed, shorten
from domain.models import DownloadState, NodeReport
from domain.services.stats import Snapshot, StatsService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def stats(self) -> StatsService: ...


LOW_DISK_RATIO = 0.10
STALE_BACKUP_SECONDS = 30 * 60
MAX_JOBS = 8
MAX_PROBLEMS = 2
# Torrent states in the order a reader cares about them.
STATE_ORDER = (
    DownloadState.DOWNLOADING,
    DownloadState.STALLED,
    DownloadState.METADATA,
    DownloadState.QUEUED,
    DownloadState.CHECKING,
    DownloadState.PAUSED,
    DownloadState.ERROR,
    DownloadState.COMPLETED,
)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    return f"{human_duration(int(max(0.0, (now - moment).total_seconds())))} ago"


def _percent(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "?"


def render_stats(snapshot: Snapshot) -> str:
    """The snapshot as short lines for a phone screen; a part that could not be read says so."""
    now = snapshot.taken_at
    bot_uptime = int((now - snapshot.started_at).total_seconds())
    lines = ["📊 Box status"]
    system = snapshot.system
    if system is None:
        lines.append(f"Host: unreadable · bot {human_duration(bot_uptime)}")
    else:
        disk, memory = system.disk, system.memory
        low = " ⚠️ low" if disk.free_ratio < LOW_DISK_RATIO else ""
        load = " ".join(f"{value:.2f}" for value in system.load)
        lines += [
            f"Up {human_duration(int(system.uptime))} · bot {human_duration(bot_uptime)}",
            f"CPU {system.cpu_percent:.0f}% of {system.cores} cores · load {load}",
            f"RAM {human_size(memory.used)} / {human_size(memory.total)} "
            f"({_percent(memory.used, memory.total)}) · bot {human_size(system.process_rss)}",
            f"Disk {human_size(disk.free)} free of {human_size(disk.total)} "
            f"({_percent(disk.free, disk.total)}){low}",
        ]
    torrents = snapshot.torrents
    if torrents is None:
        lines.append("qBittorrent: ❌ not answering")
    else:
        lines.append(
            f"qBittorrent {torrents.version} · ↓ {human_speed(torrents.download_speed)} "
            f"↑ {human_speed(torrents.upload_speed)}"
        )
        by_state = [
            f"{torrents.by_state[state]} {state.value}"
            for state in STATE_ORDER
            if torrents.by_state.get(state)
        ]
        lines.append("Torrents: " + (" · ".join(by_state) if by_state else "none"))
    if snapshot.nodes:
        lines.append("Nodes:")
        lines += [f" {_node_line(node)}" for node in snapshot.nodes]
    people = "?" if snapshot.users is None else str(snapshot.users)
    held = "?" if snapshot.downloads is None else str(sum(snapshot.downloads.values()))
    active = f" ({torrents.active} active)" if torrents is not None else ""
    lines.append(f"Users {people} · downloads {held}{active}")
    if snapshot.queued_notifications is not None:
        lines.append(f"Notifications queued: {snapshot.queued_notifications}")
    lines.append("Database: ✅ ok" if snapshot.database_ok else "Database: ❌ not answering")
    lines.append(_backup_line(snapshot))
    if snapshot.jobs is not None:
        lines.append("Jobs:" if snapshot.jobs else "Jobs: none scheduled")
        for job in snapshot.jobs[:MAX_JOBS]:
            lag = f", lag {job.lag:.1f}s" if job.lag is not None else ""
            failed = " ❌ failed" if not job.ok else ""
            lines.append(f" {shorten(job.name, 20)}: {_ago(job.last_run, now)}{lag}{failed}")
        if len(snapshot.jobs) > MAX_JOBS:
            lines.append(f" … and {len(snapshot.jobs) - MAX_JOBS} more")
    if snapshot.problems:
        shown = snapshot.problems[:MAX_PROBLEMS]
        lines.append("Unreadable: " + "; ".join(shorten(p, 60) for p in shown))
    return "\n".join(lines)


def _node_line(node: NodeReport) -> str:
    if not node.up:
        return f"{node.name}: ❌ down"
    free = "free ?" if node.free_space is None else f"{human_size(node.free_space)} free"
    cap = f"/{node.max_active}" if node.max_active else ""
    return f"{node.name}: ✅ {free} · {node.active}{cap} active"


def _backup_line(snapshot: Snapshot) -> str:
    backup, age = snapshot.backup, snapshot.backup_age
    if backup is None or age is None:
        return "Backup: ⚠️ none yet"
    stale = " ⚠️ stale" if age > STALE_BACKUP_SECONDS else ""
    ago = _ago(backup.created_at, snapshot.taken_at)
    return f"Backup: {ago} ({human_size(backup.size)}){stale}"


async def stats(ctx: Context[Needs]) -> Reply:
    return Reply(render_stats(await ctx.services.stats.snapshot()))
