"""AniList's airing schedule: the recorded answer parsed, and malformed entries skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.anilist.parse import parse_airing_page
from domain.errors import CatalogError
from domain.models import AiringEpisode


def test_the_recorded_answer_parses(corpora: Path) -> None:
    recorded = json.loads((corpora / "anilist/recorded/AiringSchedulePageData.json").read_text())
    episodes, has_next = parse_airing_page(recorded["data"])
    nodes = recorded["data"]["Page"]["airingSchedules"]
    assert has_next is True
    assert len(episodes) == len(nodes) > 0
    assert episodes[0] == AiringEpisode(20591, 1, datetime.fromtimestamp(1412508600, UTC))
    assert [e.episode for e in episodes] == [n["episode"] for n in nodes]


@pytest.mark.parametrize(
    "node",
    [
        None,
        "text",
        {"mediaId": 1, "episode": 2},  # no time
        {"mediaId": "1", "episode": 2, "airingAt": 3},
        {"mediaId": 1, "episode": -1, "airingAt": 3},
        {"mediaId": 1, "episode": True, "airingAt": 3},
        {"mediaId": 1, "episode": 2, "airingAt": -5},
    ],
)
def test_unusable_entries_are_skipped(node: Any) -> None:
    good = {"mediaId": 7, "episode": 3, "airingAt": 1700000000}
    data = {"Page": {"pageInfo": {"hasNextPage": False}, "airingSchedules": [node, good]}}
    episodes, has_next = parse_airing_page(data)
    assert episodes == [AiringEpisode(7, 3, datetime.fromtimestamp(1700000000, UTC))]
    assert has_next is False


@pytest.mark.parametrize("data", [{}, {"Page": None}, {"Page": {"airingSchedules": "x"}}])
def test_an_answer_without_a_schedule_is_an_error(data: dict[str, Any]) -> None:
    with pytest.raises(CatalogError):
        parse_airing_page(data)
