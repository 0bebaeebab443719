"""Release parser throughput and accuracy, next to anitopy's, on the Anitomy corpus.

Run with `python -m pytest tests/perf/bench_release_parser.py -m perf -s` or
`python -m tests.perf.bench_release_parser [rounds]`. Prints titles per second for both
parsers on the same titles in the same run, the ratio, and both accuracies on
title+episode+group+resolution. Nothing here passes or fails on speed.
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
    )


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


def _accuracy(parse_one: Callable[[str], ParsedRelease], cases: list[Case]) -> float:
    correct = 0
    for case in cases:
        result = check(parse_one(case.name), case)
        correct += all(result[field] for field in CORE)
    return correct / len(cases)


def report(corpora: Path, rounds: int = ROUNDS) -> dict[str, float]:
    cases = load_cases(corpora)
    names = [case.name for case in cases]
    parsers: dict[str, Callable[[str], object]] = {"ours": parse}
    other = _anitopy_parse()
    if other is not None:
        parsers["anitopy"] = other
    speed = _throughputs(parsers, names, rounds)
    figures = {"titles": float(len(names)), "ours": speed["ours"]}
    figures["ours_accuracy"] = _accuracy(parse, cases)
    print(f"\n{len(names)} corpus titles, {rounds} interleaved passes each, fastest pass kept")
    print(
        f"  domain.releases.parse {speed['ours']:>10,.0f} titles/s  "
        f"accuracy {figures['ours_accuracy']:.1%}"
    )
    if other is None:
        print("  anitopy               not installed")
        return figures
    figures.update(
        anitopy=speed["anitopy"],
        anitopy_accuracy=_accuracy(other, cases),
        ratio=speed["ours"] / speed["anitopy"],
    )
    print(
        f"  anitopy               {speed['anitopy']:>10,.0f} titles/s  "
        f"accuracy {figures['anitopy_accuracy']:.1%}"
    )
    print(f"  ratio                 {figures['ratio']:>10.1f}x")
    print("  (titles per CPU second; accuracy: title, episode, group and resolution all right)")
    return figures


@pytest.mark.perf
def test_release_parser_benchmark(corpora: Path) -> None:
    figures = report(corpora)
    assert figures["titles"] > 0  # the figures are printed; speed is not a pass/fail matter


if __name__ == "__main__":
    if not CORPORA.is_dir():
        sys.exit(f"corpora not found at {CORPORA}")
    report(CORPORA, int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
