"""Reading the machine's figures from /proc: real shapes, odd shapes, garbage."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.system import (
    CpuSample,
    SystemProbe,
    cpu_percent,
    disk_usage,
    parse_cpu,
    parse_loadavg,
    parse_meminfo,
    parse_rss,
    parse_uptime,
)

STAT = """cpu  4705 150 1120 16250 520 0 30 25 0 0
cpu0 2352 75 560 8125 260 0 15 12 0 0
intr 114930548 113199788 3 0 5 263 0 4 [...]
"""
MEMINFO = """MemTotal:       24576000 kB
MemFree:         1200000 kB
MemAvailable:   20480000 kB
Cached:          9000000 kB
HugePages_Total:       0
"""
OLD_KERNEL_MEMINFO = "MemTotal:  1000 kB\nMemFree:  200 kB\nCached:  300 kB\n"


def test_cpu_counts_iowait_as_idle_and_steal_as_busy() -> None:
    sample = parse_cpu(STAT)
    assert sample == CpuSample(
        busy=4705 + 150 + 1120 + 30 + 25, total=4705 + 150 + 1120 + 16250 + 520 + 30 + 25
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (CpuSample(100, 1000), CpuSample(150, 1100), 50.0),
        (CpuSample(100, 1000), CpuSample(100, 1000), 0.0),  # no time passed
        (CpuSample(100, 1000), CpuSample(90, 1100), 0.0),  # counters went backwards
    ],
)
def test_cpu_percent(before: CpuSample, after: CpuSample, expected: float) -> None:
    assert cpu_percent(before, after) == expected


def test_memory_prefers_memavailable_and_falls_back_on_old_kernels() -> None:
    memory = parse_meminfo(MEMINFO)
    assert (memory.total, memory.available) == (24576000 * 1024, 20480000 * 1024)
    old = parse_meminfo(OLD_KERNEL_MEMINFO)
    assert old.available == 500 * 1024


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (parse_cpu, "intr 1 2 3\n"),
        (parse_meminfo, "MemFree: 10 kB\n"),
        (parse_loadavg, "0.5\n"),
        (parse_uptime, ""),
        (parse_loadavg, "a b c"),
    ],
)
def test_garbage_is_refused_with_a_value_error(parser, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        parser(text)


def test_small_files() -> None:
    assert parse_loadavg("0.52 0.40 0.31 1/123 4567\n") == (0.52, 0.40, 0.31)
    assert parse_uptime("273045.12 1000.5\n") == 273045.12
    assert parse_rss("Name:\tpython\nVmRSS:\t  103424 kB\n") == 103424 * 1024
    assert parse_rss("Name:\tkthreadd\n") == 0


def test_disk_usage_of_a_folder_not_made_yet_is_its_parent_file_system(tmp_path: Path) -> None:
    disk = disk_usage(tmp_path / "downloads" / "not-yet")
    assert disk.total > 0
    assert 0 < disk.free <= disk.total
    assert disk.path.endswith("not-yet")


async def test_the_probe_reads_a_proc_tree(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    (proc / "self").mkdir(parents=True)
    (proc / "stat").write_text(STAT)
    (proc / "meminfo").write_text(MEMINFO)
    (proc / "loadavg").write_text("1.00 0.50 0.25 1/1 1\n")
    (proc / "uptime").write_text("3600.0 100.0\n")
    (proc / "self" / "status").write_text("VmRSS:\t2048 kB\n")
    probe = SystemProbe(tmp_path, proc=proc)
    first = await probe.read()
    assert first.load == (1.0, 0.5, 0.25)
    assert first.uptime == 3600.0
    assert first.process_rss == 2048 * 1024
    assert first.cpu_percent == 0.0  # the same sample twice: no time passed
    (proc / "stat").write_text("cpu  4805 150 1120 16350 520 0 30 25 0 0\n")
    assert (await probe.read()).cpu_percent == 50.0


HAS_PROC = Path("/proc/stat").is_file()


@pytest.mark.skipif(not HAS_PROC, reason="no /proc on this system")
async def test_the_probe_reads_this_machine(tmp_path: Path) -> None:
    figures = await SystemProbe(tmp_path).read()
    assert figures.memory.total > figures.memory.available > 0
    assert figures.cores >= 1
    assert figures.process_rss > 10 * 1024 * 1024
