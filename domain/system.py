"""The machine's vital signs, read straight from /proc and statvfs (Linux; no psutil needed).

The parsers are pure functions of the files' text; `SystemProbe` does the reading, and keeps the
previous CPU sample so each reading reports the CPU use since the one before it.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
# With no earlier sample, CPU use is measured over this short window.
FIRST_SAMPLE_WINDOW = 0.2


@dataclass(frozen=True, slots=True)
class CpuSample:
    busy: int  # jiffies spent not idle, since boot
    total: int


@dataclass(frozen=True, slots=True)
class Memory:
    total: int  # bytes
    available: int

    @property
    def used(self) -> int:
        return self.total - self.available


@dataclass(frozen=True, slots=True)
class Disk:
    path: str
    total: int  # bytes
    free: int  # available to an unprivileged process

    @property
    def free_ratio(self) -> float:
        return self.free / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class SystemFigures:
    cpu_percent: float
    cores: int
    load: tuple[float, float, float]
    memory: Memory
    disk: Disk
    uptime: float  # seconds since boot
    process_rss: int  # bytes resident for this process


def parse_cpu(stat: str) -> CpuSample:
    """The aggregate `cpu` line of /proc/stat; iowait counts as idle, steal as busy."""
    for line in stat.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            values = [int(v) for v in fields[1:]]
            # user nice system idle iowait irq softirq steal (guest is already in user)
            values = (values + [0] * 8)[:8]
            idle = values[3] + values[4]
            total = sum(values)
            return CpuSample(busy=total - idle, total=total)
    raise ValueError("no aggregate cpu line in /proc/stat")


def cpu_percent(before: CpuSample, after: CpuSample) -> float:
    elapsed = after.total - before.total
    if elapsed <= 0:
        return 0.0
    return max(0.0, min(100.0, 100.0 * (after.busy - before.busy) / elapsed))


def parse_meminfo(text: str) -> Memory:
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key.strip()] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    if "MemTotal" not in values:
        raise ValueError("no MemTotal in /proc/meminfo")
    # Kernels before 3.14 lack MemAvailable; free + cache is the old estimate.
    available = values.get("MemAvailable", values.get("MemFree", 0) + values.get("Cached", 0))
    return Memory(total=values["MemTotal"], available=available)


def parse_loadavg(text: str) -> tuple[float, float, float]:
    parts = text.split()
    if len(parts) < 3:
        raise ValueError(f"malformed /proc/loadavg: {text!r}")
    return float(parts[0]), float(parts[1]), float(parts[2])


def parse_uptime(text: str) -> float:
    parts = text.split()
    if not parts:
        raise ValueError("empty /proc/uptime")
    return float(parts[0])


def parse_rss(status: str) -> int:
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def disk_usage(path: Path) -> Disk:
    """Usage of the file system that holds `path`, or its nearest existing parent."""
    probe = path.resolve()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    stat = os.statvfs(probe)
    return Disk(
        path=str(path), total=stat.f_blocks * stat.f_frsize, free=stat.f_bavail * stat.f_frsize
    )


class DiskSpace:
    """Free bytes on the file system that holds `path` (`domain.services.disk.FreeSpace`)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    async def free(self) -> int:
        return (await asyncio.to_thread(disk_usage, self._path)).free


class SystemProbe:
    """Reads the machine's figures; `disk_path` is the folder whose free space matters."""

    def __init__(self, disk_path: Path, *, proc: Path = PROC) -> None:
        self._disk_path = disk_path
        self._proc = proc
        self._last_cpu: CpuSample | None = None

    async def read(self) -> SystemFigures:
        before = self._last_cpu
        if before is None:
            before = await asyncio.to_thread(self._cpu)
            await asyncio.sleep(FIRST_SAMPLE_WINDOW)
        figures = await asyncio.to_thread(self._read, before)
        return figures

    def _cpu(self) -> CpuSample:
        return parse_cpu((self._proc / "stat").read_text())

    def _read(self, before: CpuSample) -> SystemFigures:
        after = self._cpu()
        self._last_cpu = after
        return SystemFigures(
            cpu_percent=cpu_percent(before, after),
            cores=os.cpu_count() or 1,
            load=parse_loadavg((self._proc / "loadavg").read_text()),
            memory=parse_meminfo((self._proc / "meminfo").read_text()),
            disk=disk_usage(self._disk_path),
            uptime=parse_uptime((self._proc / "uptime").read_text()),
            process_rss=parse_rss((self._proc / "self" / "status").read_text()),
        )
