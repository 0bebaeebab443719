"""The parser against the public Anitomy/anitopy test tables in ../shared/corpora/anitomy.

Every case is a test. Cases are compared on title, episode, group, version and resolution
(the fields ranking depends on). Two reviewed lists mark cases as expected failures, each with
its reason:

- CORPUS_ERRATA: the table itself is wrong for this product, or two tables disagree on the
  same name and we side with one;
- PARSER_MISSES: the table is right and the parser gets it wrong; kept honest and visible.

Both run as strict xfail, so a case that starts passing shows up. `test_pass_rate` holds the
bar (98% of the cases not in CORPUS_ERRATA) and prints the per-field accuracy.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from domain.releases import parse
from tests.conftest import CORPORA
from tests.unit.releases.anitomy_corpus import CORE, FIELDS, Case, actual, check, load_cases

V2 = "erengy_anitomy_test_data.json"
V1 = "erengy_anitomy_master_v1_test_data.json"
ANITOPY = "anitopy_table.json"
FAILING = "anitopy_failing_table.json"

_V1_KEEPS_SEASON = (
    "the v1 table keeps the season marker in the title; the v2 table (same name) and this "
    "parser give it as the season"
)
_V1_KEEPS_TV = "the v1 table keeps '(TV)' in the title; the v2 table (same name) drops it"
_V1_RAW_GROUP = (
    "the v1 table keeps '_' in 'B-G_&_m.3.3.w'; the v2 table (same name) reads 'B-G & m.3.3.w', "
    "a joint release of two groups"
)
_V1_SEED = (
    "the v1 table cuts '[encoded by SEED]' to 'SEED'; the v2 table (same name) keeps the whole "
    "bracket, and we do not guess which words of a bracket are a name"
)
_AZF = "'[AzF]' closing the name is the release group's tag; the tables give no group at all"
_V2_PILOT = (
    "the v2 table keeps '- Pilot' in the title; the v1 and anitopy tables (same name) and this "
    "parser give 'Kiddy Grade 2' and leave 'Pilot' as the kind of file"
)
_4K = "anitopy does not know '4K'; it is a resolution (2160 lines)"

# (table, index) -> why the table's expectation is not ours.
CORPUS_ERRATA: dict[tuple[str, int], str] = {
    (V1, 8): _V1_KEEPS_SEASON,
    (V1, 43): _V1_KEEPS_SEASON,
    (V1, 56): _V1_KEEPS_SEASON,
    (V1, 130): _V1_KEEPS_SEASON,
    (V1, 163): _V1_KEEPS_TV,
    (ANITOPY, 129): _V1_KEEPS_TV,
    (V1, 136): _V1_RAW_GROUP,
    (FAILING, 28): _V1_RAW_GROUP,
    (V1, 80): _V1_SEED,
    (FAILING, 11): _V1_SEED,
    (V2, 13): _AZF,
    (V1, 13): _AZF,
    (FAILING, 1): _AZF,
    (V2, 38): _V2_PILOT,
    (ANITOPY, 155): _4K,
}

_RWBY = (
    "'RWBY 14 Forever Fall Part 2': a bare number followed by more words is only taken as the "
    "episode when it has a leading zero, which keeps 'Mob Psycho 100 III' a title"
)
_K = "'「K」 Image Blu-ray ...': nothing tells the show '「K」' from the product name 'Image'"
_TRUNCATED = "'[Anime': a lone unclosed bracket is read as a title"
_CONAN = (
    "'Detective-Conan-656 Professor's Video Site': hyphens as separators in the first word "
    "only, then a spaced episode title"
)

# (table, index) -> why the parser gets a correct expectation wrong.
PARSER_MISSES: dict[tuple[str, int], str] = {
    (V2, 161): _RWBY,
    (V1, 161): _RWBY,
    (ANITOPY, 128): _RWBY,
    (V2, 81): _K,
    (V1, 81): _K,
    (FAILING, 12): _K,
    (V2, 164): _TRUNCATED,
    (V1, 164): _TRUNCATED,
    (ANITOPY, 130): _TRUNCATED,
    (V2, 192): _CONAN,
}

BAR = 0.98


def _cases() -> list[Case]:
    return load_cases(CORPORA) if CORPORA.is_dir() else []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" not in metafunc.fixturenames:
        return
    params = []
    for case in _cases():
        key = (case.table, case.index)
        marks = []
        if key in CORPUS_ERRATA:
            marks.append(pytest.mark.xfail(reason=f"corpus: {CORPUS_ERRATA[key]}", strict=True))
        elif key in PARSER_MISSES:
            marks.append(pytest.mark.xfail(reason=f"parser: {PARSER_MISSES[key]}", strict=True))
        params.append(pytest.param(case, id=case.id, marks=marks))
    if not params:
        params.append(pytest.param(None, marks=pytest.mark.skip(reason=f"no corpus at {CORPORA}")))
    metafunc.parametrize("case", params)


def test_case(case: Case) -> None:
    parsed = parse(case.name)
    got = actual(parsed)
    wrong = {f: (got[f], case.expected[f]) for f, ok in check(parsed, case).items() if not ok}
    assert not {f: v for f, v in wrong.items() if f in CORE}, (
        f"{case.name!r}: (got, expected) {wrong}"
    )


def test_lists_name_real_cases(corpora: Path) -> None:
    """Every listed case exists, and no case is in both lists."""
    keys = {(case.table, case.index) for case in load_cases(corpora)}
    assert set(CORPUS_ERRATA) <= keys
    assert set(PARSER_MISSES) <= keys
    assert not set(CORPUS_ERRATA) & set(PARSER_MISSES)


def test_pass_rate(corpora: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = load_cases(corpora)
    per_field: Counter[str] = Counter()
    core_ok = core_ok_reviewed = reviewed = 0
    for case in cases:
        result = check(parse(case.name), case)
        per_field.update(field for field, ok in result.items() if ok)
        ok = all(result[field] for field in CORE)
        core_ok += ok
        if (case.table, case.index) not in CORPUS_ERRATA:
            reviewed += 1
            core_ok_reviewed += ok
    with capsys.disabled():
        print(f"\nanitomy corpus: {len(cases)} cases")
        for field in FIELDS:
            print(f"  {field:<11} {per_field[field] / len(cases):7.1%}")
        print(
            f"  title+episode+group+version+resolution: {core_ok / len(cases):.1%} of all cases, "
            f"{core_ok_reviewed / reviewed:.1%} of the {reviewed} not in CORPUS_ERRATA"
        )
    assert core_ok_reviewed / reviewed >= BAR
