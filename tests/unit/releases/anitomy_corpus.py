"""The Anitomy and anitopy test tables in ../shared/corpora/anitomy, read into one shape.

The four tables name their fields differently (Anitomy v2: title/episode/video_resolution;
v1 and anitopy: anime_title/episode_number/...) and spell values as strings ("01", "1280x720",
["01", "12"]). `load_cases` turns them into `Case`s and `check` compares a ParsedRelease with
one, field by field. Used by the parametrised test and by the benchmark.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from domain.releases import ParsedRelease

TABLES = (
    "erengy_anitomy_test_data.json",
    "erengy_anitomy_master_v1_test_data.json",
    "anitopy_table.json",
    "anitopy_failing_table.json",
)
_SHORT = dict(zip(TABLES, ("anitomy-v2", "anitomy-v1", "anitopy", "anitopy-failing"), strict=True))
CORE = ("title", "episode", "group", "version", "resolution")
FIELDS = (*CORE, "season", "year", "checksum", "extension")

# Frame sizes of cropped encodes, which count as the resolution class they were cut from.
_CROPPED = {(1904, 1072): 1080, (1280, 692): 720}
_V1_NAMES = {
    "title": "anime_title",
    "episode": "episode_number",
    "season": "anime_season",
    "year": "anime_year",
}


@dataclass(frozen=True)
class Case:
    table: str
    index: int
    name: str
    expected: dict[str, object]  # field -> expected value, in ParsedRelease's terms

    @property
    def id(self) -> str:
        return f"{_SHORT[self.table]}-{self.index}"


def load_cases(corpora: Path) -> list[Case]:
    cases: list[Case] = []
    for table in TABLES:
        rows = json.loads((corpora / "anitomy" / table).read_text(encoding="utf-8"))
        for index, row in enumerate(rows):
            if "output" in row:  # Anitomy v2: {"input", "output"}
                name, raw, names = row["input"], row["output"], {}
            elif "expected" in row:  # anitopy: {"input", "options", "expected"}
                name, raw, names = row["input"], row["expected"], _V1_NAMES
            else:  # Anitomy v1: the fields themselves, the name in "file_name"
                name, raw, names = row["file_name"], row, _V1_NAMES
            cases.append(Case(table, index, name, _expected(raw, names)))
    return cases


def _expected(raw: dict[str, object], names: dict[str, str]) -> dict[str, object]:
    def get(field: str) -> object:
        return raw.get(names.get(field, field))

    title = get("title")
    return {
        "title": title if isinstance(title, str) else "",
        "episode": _episode(get("episode")),
        "group": raw.get("release_group"),
        "resolution": _resolution(raw.get("video_resolution")),
        "season": _first_int(get("season")),
        "year": _first_int(get("year")),
        "version": _first_int(raw.get("release_version")) if raw.get("release_version") else 1,
        "checksum": str(raw["file_checksum"]).upper() if raw.get("file_checksum") else None,
        "extension": str(raw["file_extension"]).lower() if raw.get("file_extension") else None,
    }


def _episode(value: object) -> tuple[object, ...]:
    """("single", 2, ".5") or ("range", first, last) or () for none."""
    if value is None:
        return ()
    if isinstance(value, list):
        first, last = _episode(value[0]), _episode(value[-1])
        return ("range", first[1], last[1])
    m = re.fullmatch(r"(\d+)(?:\.(\d))?([A-Za-z])?", str(value))
    if m is None:
        return ("raw", str(value))
    suffix = f".{m.group(2)}" if m.group(2) else (m.group(3).lower() if m.group(3) else None)
    return ("single", int(m.group(1)), suffix)


def _resolution(value: object) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r"(?:(\d+)[xX×])?(\d+)[pPiI]?", str(value))
    if m is None:
        return None
    width, height = m.groups()
    if width is not None:
        return _CROPPED.get((int(width), int(height)), int(height))
    return int(height)


def _first_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return int(str(value))


def actual(parsed: ParsedRelease) -> dict[str, object]:
    """The parsed release in the same shape as Case.expected."""
    episodes = parsed.episodes
    if not episodes:
        episode: tuple[object, ...] = ()
    elif len(episodes) == 1:
        episode = ("single", episodes[0], parsed.episode_suffix)
    else:
        episode = ("range", episodes[0], episodes[-1])
    return {
        "title": parsed.title,
        "episode": episode,
        "group": parsed.group,
        "resolution": parsed.resolution,
        "season": parsed.season,
        "year": parsed.year,
        "version": parsed.version,
        "checksum": parsed.checksum,
        "extension": parsed.extension,
    }


def check(parsed: ParsedRelease, case: Case) -> dict[str, bool]:
    """Field -> whether the parse agrees with the table."""
    got = actual(parsed)
    return {field: got[field] == case.expected[field] for field in FIELDS}


def core_ok(parsed: ParsedRelease, case: Case) -> bool:
    result = check(parsed, case)
    return all(result[field] for field in CORE)
