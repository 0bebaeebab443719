"""Title normalisation and show matching."""

from __future__ import annotations

import pytest

from domain.releases import match_show, normalise, parse, title_key


@pytest.mark.parametrize(
    ("title", "words", "season"),
    [
        ("Frieren: Beyond Journey's End", ("frieren", "beyond", "journeys", "end"), None),
        ("FRIEREN - BEYOND JOURNEY`S END", ("frieren", "beyond", "journeys", "end"), None),
        ("Kaguya-sama: Love is War Season 2", ("kaguya", "sama", "love", "is", "war"), 2),
        ("Kaguya-sama - Love is War 2nd Season", ("kaguya", "sama", "love", "is", "war"), 2),
        ("Kaguya-sama Love is War S2", ("kaguya", "sama", "love", "is", "war"), 2),
        ("Kaguya-sama Love is War II", ("kaguya", "sama", "love", "is", "war"), 2),
        ("Kaguya-sama 2", ("kaguya", "sama"), 2),
        ("Mob Psycho 100 III", ("mob", "psycho", "100"), 3),
        ("Mob Psycho 100", ("mob", "psycho", "100"), None),
        ("86", ("86",), None),
        ("Shingeki no Kyojin (2023)", ("shingeki", "no", "kyojin"), None),
        ("Diamond no Ace Second Season", ("diamond", "no", "ace"), 2),
        ("呪術廻戦 第2期", ("呪術廻戦",), 2),
        ("Ｓｐｙ×Ｆａｍｉｌｙ", ("spy", "family"), None),
        ("Tiger & Bunny", ("tiger", "and", "bunny"), None),
    ],
)
def test_title_key(title: str, words: tuple[str, ...], season: int | None) -> None:
    key = title_key(title)
    assert (key.words, key.season) == (words, season)


def test_normalise_folds_case_accents_width_and_punctuation() -> None:
    assert normalise("Ｒｅ：ＺＥＲＯ －Ｓｔａｒｔｉｎｇ Ｌｉｆｅ－") == (
        "re",
        "zero",
        "starting",
        "life",
    )
    assert normalise("") == ()


@pytest.mark.parametrize(
    ("name", "titles", "matches"),
    [
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", ("Sousou no Frieren",), True),
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", ("frieren",), True),
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", ("Frieren: Beyond Journey's End",), False),
        (
            "[Judas] Sousou no Frieren (Frieren: Beyond Journey's End) - 05",
            ("beyond journeys end",),
            True,
        ),
        ("[SubsPlease] One Piece Film Red (1080p)", ("One Piece",), True),
        ("[SubsPlease] One Piece (1080p)", ("One Piece Film Red",), False),
        ("[SubsPlease] Dandadan - 05 (1080p)", ("Sousou no Frieren", "Frieren"), False),
        ("[SubsPlease] Dandadan - 05 (1080p)", ("", "   "), False),
    ],
)
def test_match_show(name: str, titles: tuple[str, ...], matches: bool) -> None:
    assert (match_show(parse(name), titles) is not None) is matches


def test_exact_match_is_preferred_and_reports_seasons() -> None:
    parsed = parse("[Group] Kaguya-sama - Love is War S3 - 05 [1080p]")
    match = match_show(parsed, ("Kaguya-sama: Love is War Season 3", "Kaguya-sama"))
    assert match is not None
    assert (match.exact, match.release_season, match.wanted_season) == (True, 3, 3)
