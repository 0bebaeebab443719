"""AniList JSON to Media, on AniList's recorded answers and error bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domain.anilist.parse import parse_media, parse_media_page, unwrap_response
from domain.errors import CatalogError
from domain.models import Media


def recorded(corpora: Path, name: str) -> Any:
    return json.loads((corpora / "anilist/recorded" / name).read_text(encoding="utf-8"))


def test_media_page(corpora: Path) -> None:
    data = unwrap_response(recorded(corpora, "MediaPageData.json"), status=200)
    media = parse_media_page(data)
    assert len(media) == 50
    assert media[0] == Media(
        id=1,
        romaji="Cowboy Bebop",
        english="Cowboy Bebop",
        native="カウボーイビバップ",
        status="FINISHED",
        season_year=1998,
        format="TV",
        cover_url="https://s4.anilist.co/file/anilistcdn/media/anime/cover/medium/bx1-GCsPm7waJ4kS.png",
    )
    hungry_heart = next(m for m in media if m.id == 17)
    assert hungry_heart.english is None  # null in the answer
    assert hungry_heart.display_title == "Hungry Heart: Wild Striker"


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        (
            "DetailAnimeData.json",
            ("Media",),
            Media(
                id=121,
                romaji="Hagane no Renkinjutsushi",
                english="Fullmetal Alchemist",
                native="鋼の錬金術師",
                episodes=51,
                status="FINISHED",
                season_year=2003,
                format="TV",
                cover_url="https://s4.anilist.co/file/anilistcdn/media/anime/cover/medium/bx121-zjmixZ428Mwv.png",
            ),
        ),
        (
            "MediaWithRelations.json",
            ("Media",),
            Media(
                id=1,
                romaji="Cowboy Bebop",
                english="Cowboy Bebop",
                native="カウボーイビバップ",
                episodes=26,
                status="FINISHED",
                season_year=1998,
                format="TV",
                cover_url="https://s4.anilist.co/file/anilistcdn/media/anime/cover/medium/bx1-GCsPm7waJ4kS.png",
            ),
        ),
        (
            "MediaListItemData.json",
            ("MediaList", "media"),
            Media(
                id=123,
                romaji="Fushigi Yuugi",
                english="Fushigi Yugi: The Mysterious Play",
                native="ふしぎ遊戯",
                episodes=52,
                status="FINISHED",
                season_year=1995,
                format="TV",
                cover_url="https://s4.anilist.co/file/anilistcdn/media/anime/cover/medium/bx123-nTVq4CHgK5Ly.jpg",
            ),
        ),
    ],
)
def test_single_media_in_recorded_answers(
    corpora: Path, name: str, path: tuple[str, ...], expected: Media
) -> None:
    node = unwrap_response(recorded(corpora, name), status=200)
    for key in path:
        node = node[key]
    assert parse_media(node) == expected


def test_media_inside_airing_schedules(corpora: Path) -> None:
    data = unwrap_response(recorded(corpora, "AiringSchedulePageData.json"), status=200)
    media = [parse_media(s["media"]) for s in data["Page"]["airingSchedules"]]
    assert media[0].english == "In Search of the Lost Future"
    assert media[0].episodes == 12


def test_synonyms_keep_order_and_drop_blanks() -> None:
    node = {
        "id": 154587,
        "title": {"romaji": "Sousou no Frieren", "english": "Frieren: Beyond Journey's End"},
        "synonyms": ["Frieren at the Funeral", "  ", None, 7, "장송의 프리렌"],
    }
    media = parse_media(node)
    assert media.synonyms == ("Frieren at the Funeral", "장송의 프리렌")
    assert media.native is None


@pytest.mark.parametrize(
    "node",
    [None, [], "x", {}, {"id": None}, {"id": "154587"}, {"id": True}, {"id": 1.5}],
)
def test_media_without_an_integer_id_is_rejected(node: object) -> None:
    with pytest.raises(CatalogError):
        parse_media(node)


def test_unusable_page_entries_are_skipped() -> None:
    data: dict[str, Any] = {
        "Page": {"media": [{"id": 1, "title": {"romaji": "A"}}, None, {"title": {}}]}
    }
    assert [m.id for m in parse_media_page(data)] == [1]


@pytest.mark.parametrize(
    "data", [{}, {"Page": None}, {"Page": {}}, {"Page": {"media": None}}, {"Page": []}]
)
def test_page_without_a_media_list_is_a_catalog_error(data: dict[str, Any]) -> None:
    with pytest.raises(CatalogError):
        parse_media_page(data)


def test_recorded_error_bodies_carry_their_messages(corpora: Path) -> None:
    cases = json.loads((corpora / "anilist/anilist_error_responses.json").read_text())
    assert cases
    for case in cases:
        body = case["body"] if "body" in case else json.loads(case["body_raw"])
        status = case["http_status"] if isinstance(case["http_status"], int) else 400
        with pytest.raises(CatalogError) as caught:
            unwrap_response(body, status=status)
        for error in body["errors"]:
            assert error["message"] in str(caught.value)


def test_unauthorized_recording(corpora: Path) -> None:
    with pytest.raises(CatalogError, match=r"HTTP 401\): Unauthorized\."):
        unwrap_response(recorded(corpora, "UnauthorizedError.json"), status=401)


@pytest.mark.parametrize(
    ("payload", "status", "match"),
    [
        ([], 200, "not an object"),
        ("ok", 200, "not an object"),
        ({"data": None}, 200, "without data"),
        ({"data": []}, 200, "without data"),
        ({"data": {"Page": {}}}, 500, "HTTP 500"),
        ({"errors": "boom"}, 200, "boom"),
        ({"errors": [{"status": 500}]}, 500, "status"),
    ],
)
def test_unwrap_rejects(payload: object, status: int, match: str) -> None:
    with pytest.raises(CatalogError, match=match):
        unwrap_response(payload, status=status)


@pytest.mark.parametrize(
    ("image", "cover"),
    [
        ({"large": "https://s4.anilist.co/cover.jpg"}, "https://s4.anilist.co/cover.jpg"),
        ({"large": "javascript:alert(1)"}, None),
        ({"large": None}, None),
        (None, None),
    ],
)
def test_the_cover_is_an_https_image_or_nothing(image: object, cover: str | None) -> None:
    assert parse_media({"id": 1, "coverImage": image}).cover_url == cover
