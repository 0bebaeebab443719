"""Release parser throughput and accuracy, next to anitopy's.

Run with `python -m pytest tests/perf/bench_release_parser.py -m perf -s` or
`python -m tests.perf.bench_release_parser [rounds]`. Prints titles per second for both
parsers on the Anitomy corpus in the same run, the ratio, and both parsers' accuracy per field
(title, episode, group, version, resolution) on the Anitomy corpus and on the real-names
tables (the one worked on and the two held-out ones). Nothing here passes or fails on speed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from domain.releases import ParsedRelease, parse
from tests.conftest import CORPORA
from tests.unit.releases.anitomy_corpus import CORE, Case, check, load_cases
from tests.unit.releases.real_names import DEV, SCORED, Row, field_scores
from tests.unit.releases.real_names_held_out import HELD_OUT, HELD_OUT_LATE

ROUNDS = 20


def _from_anitopy(result: dict[str, Any]) -> ParsedRelease:
    """anitopy's answer in our terms, so both parsers are scored by the same check."""
    episode = result.get("episode_number")
    episodes: tuple[int, ...] = ()
    suffix = None
    values = episode if isinstance(episode, list) else [episode] if episode else []
    numbers = []
    for value in values:
        digits = "".join(c for c in str(value).split(".")[0] if c.isdigit())
        if digits:
            numbers.append(int(digits))
        rest = str(value)[len(str(value).rstrip("abcABC")) :] or None
        if "." in str(value):
            suffix = "." + str(value).split(".")[1]
        elif rest:
            suffix = rest.lower()
    if len(numbers) == 2:
        episodes = (
            tuple(range(numbers[0], numbers[1] + 1)) if numbers[1] > numbers[0] else tuple(numbers)
        )
    else:
        episodes = tuple(numbers)
    resolution = result.get("video_resolution")
    lines = None
    if isinstance(resolution, str):
        digits = resolution.lower().replace("×", "x").split("x")[-1].rstrip("pi")
        lines = int(digits) if digits.isdigit() else None
        if resolution.upper() == "4K":
            lines = 2160
    return ParsedRelease(
        title=result.get("anime_title") or "",
        episodes=episodes,
        episode_suffix=suffix if len(episodes) == 1 else None,
        group=result.get("release_group"),
        resolution=lines,
        version=_int(result.get("release_version"), 1),
    )


def _int(value: object, default: int) -> int:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else default


def _anitopy_parse() -> Callable[[str], ParsedRelease] | None:
    try:
        import anitopy
    except ImportError:
        return None

    def run(name: str) -> ParsedRelease:
        try:
            return _from_anitopy(anitopy.parse(name))
        except Exception:  # anitopy raises on some names of its own corpus
            return ParsedRelease(title="")

    return run


def _batch_time(parse_one: Callable[[str], object], names: list[str]) -> float:
    """CPU seconds for one pass: other work on a shared machine then barely moves the figure."""
    start = time.process_time()
    for name in names:
        parse_one(name)
    return time.process_time() - start


def _throughputs(
    parsers: dict[str, Callable[[str], object]], names: list[str], rounds: int
) -> dict[str, float]:
    """Titles per CPU second for each parser, passes interleaved, fastest pass of each kept."""
    best = dict.fromkeys(parsers, float("inf"))
    for _ in range(rounds):
        for label, parse_one in parsers.items():
            best[label] = min(best[label], _batch_time(parse_one, names))
    return {label: len(names) / max(seconds, 1e-9) for label, seconds in best.items()}


def _corpus_scores(
    parse_one: Callable[[str], ParsedRelease], cases: list[Case]
) -> dict[str, float]:
    """Field -> share of corpus cases right, and "all" for the cases right on every field."""
    counts = dict.fromkeys(CORE, 0)
    every = 0
    for case in cases:
        result = check(parse_one(case.name), case)
        for field in CORE:
            counts[field] += result[field]
        every += all(result[field] for field in CORE)
    scores = {field: counts[field] / len(cases) for field in CORE}
    scores["all"] = every / len(cases)
    return scores


def _print_scores(
    label: str, size: int, ours: dict[str, float], peer: dict[str, float] | None
) -> None:
    print(f"  {label} ({size} names)")
    print(f"    {'field':<11} {'ours':>7} {'anitopy':>8}")
    for field in (*SCORED, "all"):
        theirs = f"{peer[field]:8.1%}" if peer is not None else "       -"
        print(f"    {field:<11} {ours[field]:7.1%} {theirs}")


def report(corpora: Path, rounds: int = ROUNDS) -> dict[str, float]:
    cases = load_cases(corpora)
    names = [case.name for case in cases]
    parsers: dict[str, Callable[[str], object]] = {"ours": parse}
    other = _anitopy_parse()
    if other is not None:
        parsers["anitopy"] = other
    speed = _throughputs(parsers, names, rounds)
    figures = {"titles": float(len(names)), "ours": speed["ours"]}
    print(f"\n{len(names)} corpus titles, {rounds} interleaved passes each, fastest pass kept")
    print(f"  domain.releases.parse {speed['ours']:>10,.0f} titles/s")
    if other is not None:
        figures.update(anitopy=speed["anitopy"], ratio=speed["ours"] / speed["anitopy"])
        print(f"  anitopy               {speed['anitopy']:>10,.0f} titles/s")
        print(f"  ratio                 {figures['ratio']:>10.1f}x")
    else:
        print("  anitopy               not installed")
    print("accuracy per field ('all': every field right for corpus cases, the mean for tables)")
    ours = _corpus_scores(parse, cases)
    peer = _corpus_scores(other, cases) if other is not None else None
    _print_scores("Anitomy corpus", len(cases), ours, peer)
    figures["ours_accuracy"] = ours["all"]
    if peer is not None:
        figures["anitopy_accuracy"] = peer["all"]
    tables: tuple[tuple[str, list[Row]], ...] = (
        ("real names, worked on", DEV),
        ("real names, held out", HELD_OUT),
        ("real names, held out, written last", HELD_OUT_LATE),
    )
    for label, rows in tables:
        mine = field_scores(parse, rows)
        theirs = field_scores(other, rows) if other is not None else None
        _print_scores(label, len(rows), mine, theirs)
        figures[f"{label} ours"] = mine["all"]
    return figures


@pytest.mark.perf
def test_release_parser_benchmark(corpora: Path) -> None:
    figures = report(corpora)
    assert figures["titles"] > 0  # the figures are printed; speed is not a pass/fail matter


if __name__ == "__main__":
    if not CORPORA.is_dir():
        sys.exit(f"corpora not found at {CORPORA}")
    report(CORPORA, int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
