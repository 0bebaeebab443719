"""A pick list kept in the database comes back as the candidates the user was shown: every field
of the release and of what its name said, in the ranking's order."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from domain.releases import Candidate, parse
from storage.repositories.pick_lists import decode_candidates, encode_candidates
from tests.fakes import release

TITLES = (
    "[SubsPlease] Frieren - 01-03 (1080p) [ABCD1234].mkv",
    "[Erai-raws] Sousou no Frieren S2 - 07.5v2 [1080p][Multiple Subtitle] (Batch)",
    "Frieren Beyond Journey's End Vol.1-2 BD 2160p HEVC Dual Audio",
)


def candidates() -> tuple[Candidate, ...]:
    kept = []
    for n, title in enumerate(TITLES):
        picked = release(title, trusted=n == 0)
        if n == 1:
            picked = replace(picked, published=datetime(2026, 12, 3, 5, 0, tzinfo=UTC))
        kept.append(Candidate(picked, parse(title), why=("1080p", "trusted") if n == 0 else ()))
    return tuple(kept)


def test_candidates_survive_the_trip_through_json() -> None:
    shown = candidates()
    assert any(c.parsed.episodes for c in shown)  # tuples in the parsed name are covered
    stored = json.loads(json.dumps(encode_candidates(shown)))
    assert decode_candidates(stored) == shown


def test_no_candidates_is_an_empty_list() -> None:
    assert decode_candidates(json.loads(json.dumps(encode_candidates(())))) == ()
