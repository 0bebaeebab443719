"""The parser on the real-names tables: every worked-on row field by field, and each held-out
table by its score per field, which must stay at or above BAR."""

from __future__ import annotations

import pytest

from domain.releases import parse
from tests.unit.releases.real_names import (
    DEV,
    SCORED,
    Row,
    check_row,
    episode_spec,
    field_scores,
)
from tests.unit.releases.real_names_held_out import HELD_OUT, HELD_OUT_LATE

BAR = 0.95


@pytest.mark.parametrize("row", DEV, ids=lambda row: row[0][:60])
def test_worked_on_names(row: Row) -> None:
    name, *_, season, alternative = row
    parsed = parse(name)
    got = dict(
        title=parsed.title,
        episode=episode_spec(parsed),
        group=parsed.group,
        version=parsed.version,
        resolution=parsed.resolution,
    )
    assert all(check_row(parsed, row).values()), f"{name!r}: got {got}"
    assert parsed.season == season
    if alternative is not None:
        assert alternative in parsed.alternative_titles


def test_tables_do_not_overlap() -> None:
    dev, held, late = ({row[0] for row in rows} for rows in (DEV, HELD_OUT, HELD_OUT_LATE))
    assert not dev & held and not dev & late and not held & late


def test_tables_are_big_enough() -> None:
    assert len(DEV) + len(HELD_OUT) + len(HELD_OUT_LATE) >= 300


@pytest.mark.parametrize("field", SCORED)
@pytest.mark.parametrize("table", ["held out", "held out, written last"])
def test_held_out_names(table: str, field: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = HELD_OUT if table == "held out" else HELD_OUT_LATE
    scores = field_scores(parse, rows)
    if field == SCORED[0]:
        with capsys.disabled():
            print(f"\nreal names, {table}: {len(rows)}")
            for name in SCORED:
                print(f"  {name:<11} {scores[name]:7.1%}")
    misses = [row[0] for row in rows if not check_row(parse(row[0]), row)[field]]
    assert scores[field] >= BAR, misses
