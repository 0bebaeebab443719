"""Ranking: which release /get picks, why, and why the others were turned down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.models import Preferences, Release
from domain.releases import Ranking, Wanted, rank
from tests.unit.releases.factories import GB, MB, nyaa_releases, release

FRIEREN = Wanted(titles=("Sousou no Frieren", "Frieren: Beyond Journey's End"), episode=5)


def _order(ranking: Ranking) -> list[str]:
    return [candidate.release.title for candidate in ranking.accepted]


def _reason(title: str, wanted: Wanted = FRIEREN, **prefs: Any) -> str | None:
    ranking = rank([release(title, **_release_args(prefs))], wanted, Preferences(**_prefs(prefs)))
    return ranking.rejected[0].reason if ranking.rejected else None


def _release_args(options: dict[str, Any]) -> dict[str, Any]:
    return {k: options[k] for k in ("seeders", "size", "trusted", "remake") if k in options}


def _prefs(options: dict[str, Any]) -> dict[str, Any]:
    keys = ("resolution", "min_resolution", "groups", "trusted_only", "max_size")
    return {k: options[k] for k in keys if k in options}


@pytest.mark.parametrize(
    ("title", "options", "reason"),
    [
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", {"remake": True}, "remake"),
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", {"seeders": 0}, "no seeders"),
        ("[Judas] Sousou no Frieren - 05 [1080p]", {"trusted_only": True}, "not trusted"),
        (
            "[SubsPlease] Kusuriya no Hitorigoto - 05 (1080p)",
            {},
            "other show: Kusuriya no Hitorigoto",
        ),
        ("[SubsPlease] Sousou no Frieren - 06 (1080p)", {}, "episode 6, wanted 5"),
        ("[SubsPlease] Sousou no Frieren - 05.5 (1080p)", {}, "episode 5.5, wanted 5"),
        ("[Group] Sousou no Frieren - Special (1080p)", {}, "no episode number, wanted 5"),
        (
            "[SubsPlease] Sousou no Frieren - 05 (720p)",
            {"min_resolution": 1080},
            "720p below minimum 1080p",
        ),
        (
            "[Raws] Sousou no Frieren - 05 (TBS x264 AAC)",
            {"min_resolution": 720},
            "resolution unknown, minimum 720p",
        ),
        (
            "[BDRip] Sousou no Frieren - 05 [1080p]",
            {"size": 2 * GB, "max_size": GB},
            "2.0 GiB per episode, over the 1.0 GiB cap",
        ),
        ("[SubsPlease] Sousou no Frieren - 05 (1080p)", {}, None),
    ],
)
def test_rejection_reasons(title: str, options: dict[str, Any], reason: str | None) -> None:
    assert _reason(title, **options) == reason


def test_a_batch_within_the_cap_per_episode_is_kept() -> None:
    """The size cap is per episode: a 12-episode batch of 6 GB is 0.5 GB an episode."""
    assert _reason("[Group] Sousou no Frieren (01-12) [1080p]", size=6 * GB, max_size=GB) is None


def test_season_pack_is_capped_per_episode_when_its_length_is_known() -> None:
    name = "[Judas] Sousou no Frieren (Season 01) [1080p][HEVC] (Batch)"
    known = Wanted(titles=("Sousou no Frieren",), batch=True, season_lengths=(28,))
    unknown = Wanted(titles=("Sousou no Frieren",), batch=True)
    assert _reason(name, known, size=56 * GB, max_size=GB) == (
        "2.0 GiB per episode, over the 1.0 GiB cap"
    )
    assert _reason(name, known, size=14 * GB, max_size=GB) is None
    assert _reason(name, unknown, size=56 * GB, max_size=GB) is None


def test_wrong_season_is_rejected() -> None:
    wanted = Wanted(titles=("Kaguya-sama: Love is War Season 2",), episode=5)
    assert _reason("[Group] Kaguya-sama - Love is War S3 - 05 [1080p]", wanted) == (
        "season 3, wanted 2"
    )
    assert _reason("[Group] Kaguya-sama - Love is War 2nd Season - 05 [1080p]", wanted) is None


def test_season_one_release_is_not_taken_for_a_later_season() -> None:
    """'2nd Season' matched by dropping the marker: a name without it is season 1's episode."""
    wanted = Wanted(titles=("Sousou no Frieren 2nd Season",), episode=5)
    assert _reason("[SubsPlease] Sousou no Frieren - 05 (1080p)", wanted) == (
        "no season in the name, wanted season 2"
    )


def test_volume_with_unknown_episodes_is_not_taken_for_one_episode() -> None:
    assert _reason("[LinRip] Sousou no Frieren [Vol.2][BDRemux 1080p AVC FLAC]") == (
        "volume 2, episodes unknown"
    )
    assert _reason("[Judas] Sousou no Frieren (Season 01) [1080p][HEVC] (Batch)") is None


def test_batch_request_rejects_single_episodes() -> None:
    wanted = Wanted(titles=("Sousou no Frieren",), batch=True)
    assert _reason("[SubsPlease] Sousou no Frieren - 05 (1080p)", wanted) == (
        "single episode, wanted the whole season"
    )


@pytest.mark.parametrize(
    "wanted_titles",
    [
        ("Kaguya-sama: Love is War Season 2",),
        ("Kaguya-sama wa Kokurasetai? Tensai-tachi no Renai Zunousen", "Kaguya-sama 2"),
        ("KAGUYA SAMA LOVE IS WAR II",),
    ],
)
@pytest.mark.parametrize(
    "name",
    [
        "[Group] Kaguya-sama - Love is War S2 - 05 [1080p]",
        "[Group] Kaguya-sama Love is War 2nd Season - 05 [1080p]",
        "[Group] Kaguya-sama - Love Is War Season 2 - 05 [1080p]",
        "Kaguya-sama.Love.is.War.S02E05.1080p.WEB.H264-GRP",
    ],
)
def test_show_matching_is_robust_to_season_spellings(
    wanted_titles: tuple[str, ...], name: str
) -> None:
    wanted = Wanted(titles=wanted_titles, episode=5)
    if wanted_titles[0].startswith("Kaguya-sama wa"):
        wanted = Wanted(titles=(*wanted_titles, "Kaguya-sama: Love is War Season 2"), episode=5)
    assert _reason(name, wanted) is None


@pytest.mark.parametrize(
    "name",
    [
        "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCDEF12].mkv",
        "Frieren.Beyond.Journey.s.End.S01E05.1080p.WEB.x264-GRP",
        "[Arg0] Frieren: Beyond Journey's End (2023) - S01E05 (WEB 1080p HEVC) | Sousou no Frieren",
        "[Yameii] FRIEREN - BEYOND JOURNEYS END - S01E05 [English Dub] [1080p]",
        "[北宇治字幕组] 葬送的芙莉莲 / Sousou no Frieren [05][WebRip][1080p]",
    ],
)
def test_titles_match_across_punctuation_case_year_and_alternatives(name: str) -> None:
    assert _reason(name) is None


def test_user_words_match_when_catalog_is_unreachable() -> None:
    wanted = Wanted(titles=("frieren",), episode=5)
    assert _reason("[SubsPlease] Sousou no Frieren - 05 (1080p)", wanted) is None
    assert _reason("[SubsPlease] Dandadan - 05 (1080p)", wanted) == "other show: Dandadan"


def test_absolute_number_finds_the_season_relative_release() -> None:
    """/get Frieren 30 and S02E02 are the same file when season 1 had 28 episodes."""
    wanted = Wanted(titles=("Sousou no Frieren",), episode=30, season_lengths=(28,))
    assert _reason("Sousou.no.Frieren.S02E02.1080p.WEB.x264-GRP", wanted) is None
    assert _reason("Sousou.no.Frieren.S02E03.1080p.WEB.x264-GRP", wanted) is not None


def test_season_relative_request_finds_the_absolute_release() -> None:
    wanted = Wanted(
        titles=("Sousou no Frieren 2nd Season",), episode=2, season=2, season_lengths=(28,)
    )
    assert _reason("[SubsPlease] Sousou no Frieren - 30 (1080p)", wanted) is None
    assert _reason("[SubsPlease] Sousou no Frieren 2nd Season - 02 (1080p)", wanted) is None
    assert _reason("[SubsPlease] Sousou no Frieren - 02 (1080p)", wanted) == (
        "no season in the name, wanted season 2"
    )


def test_preferred_resolution_then_higher_then_lower() -> None:
    names = [
        "[A] Sousou no Frieren - 05 (480p)",
        "[A] Sousou no Frieren - 05 (720p)",
        "[A] Sousou no Frieren - 05 (Raw)",
        "[A] Sousou no Frieren - 05 (2160p)",
        "[A] Sousou no Frieren - 05 (1080p)",
    ]
    ranking = rank([release(n, size=GB) for n in names], FRIEREN, Preferences(resolution=1080))
    assert _order(ranking) == [names[4], names[3], names[1], names[0], names[2]]


def test_preferred_groups_in_order() -> None:
    names = [
        "[Other] Sousou no Frieren - 05 (1080p)",
        "[Erai-raws] Sousou no Frieren - 05 (1080p)",
        "[SubsPlease] Sousou no Frieren - 05 (1080p)",
    ]
    preferences = Preferences(groups=("subsplease", "Erai-raws"))
    ranking = rank([release(n, seeders=10) for n in names], FRIEREN, preferences)
    assert _order(ranking) == [names[2], names[1], names[0]]
    assert "SubsPlease: preferred group #1" in ranking.accepted[0].why


def test_resolution_outranks_group_and_version_outranks_trust() -> None:
    names = [
        "[SubsPlease] Sousou no Frieren - 05 (720p)",
        "[Other] Sousou no Frieren - 05 (1080p)",
        "[Other] Sousou no Frieren - 05v2 (1080p)",
    ]
    releases = [release(names[0]), release(names[1], trusted=True), release(names[2])]
    ranking = rank(releases, FRIEREN, Preferences(groups=("SubsPlease",)))
    assert _order(ranking) == [names[2], names[1], names[0]]


def test_trusted_then_seeders_in_buckets_then_sane_size() -> None:
    names = [
        "[A] Sousou no Frieren - 05 (1080p)",
        "[B] Sousou no Frieren - 05 (1080p)",
        "[C] Sousou no Frieren - 05 (1080p)",
        "[D] Sousou no Frieren - 05 (1080p)",
    ]
    releases = [
        release(names[0], seeders=150, size=20 * MB),  # many seeders, but 20 MB is no 1080p episode
        release(names[1], seeders=130, size=1400 * MB),
        release(names[2], seeders=5, size=1400 * MB, trusted=True),
        release(names[3], seeders=8, size=1400 * MB),
    ]
    ranking = rank(releases, FRIEREN, Preferences())
    assert _order(ranking) == [names[2], names[1], names[0], names[3]]


def test_batch_ranks_after_single_episodes_unless_asked_for() -> None:
    single = release("[SubsPlease] Sousou no Frieren - 05 (1080p)", seeders=5)
    batch = release(
        "[SubsPlease] Sousou no Frieren (01-28) (1080p) [Batch]", seeders=500, size=28 * GB
    )
    episode = rank([batch, single], FRIEREN, Preferences())
    assert _order(episode) == [single.title, batch.title]
    season = rank([batch, single], Wanted(titles=FRIEREN.titles, batch=True), Preferences())
    assert _order(season) == [batch.title]
    assert season.accepted[0].why[0] == "batch of 28 episodes, as asked"


def test_why_explains_the_winner() -> None:
    winner = release("[SubsPlease] Sousou no Frieren - 05 (1080p)", seeders=120, trusted=True)
    ranking = rank([winner], FRIEREN, Preferences(groups=("SubsPlease",)))
    assert ranking.best is not None
    assert ranking.best.why == (
        "1080p as preferred",
        "SubsPlease: preferred group #1",
        "trusted",
        "120 seeders",
    )


def test_nothing_acceptable_leaves_best_empty_with_reasons() -> None:
    ranking = rank(
        [release("[A] Sousou no Frieren - 05 (1080p)", seeders=0)], FRIEREN, Preferences()
    )
    assert ranking.best is None
    assert [r.reason for r in ranking.rejected] == ["no seeders"]


def test_empty_input() -> None:
    ranking = rank([], FRIEREN, Preferences())
    assert ranking.accepted == () and ranking.rejected == () and ranking.best is None


# --- on a recorded Nyaa search -----------------------------------------------------------

BOTAN = Wanted(
    titles=(
        "Kamiina Botan, Yoeru Sugata wa Yuri no Hana",
        "Botan Kamiina Fully Blossoms When Drunk",
        "上伊那ぼたん、酔へる姿は百合の花",
    ),
    episode=12,
)


@pytest.fixture
def botan_search(corpora: Path) -> list[Release]:
    return nyaa_releases(corpora / "nyaa" / "berth_rss-search.kamiina-botan.items.json")


def test_recorded_search_picks_the_trusted_well_seeded_1080p(botan_search: list[Release]) -> None:
    ranking = rank(botan_search, BOTAN, Preferences())
    assert ranking.best is not None
    assert ranking.best.release.title == (
        "[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (1080p) [79C53144].mkv"
    )
    accepted = [c.parsed for c in ranking.accepted]
    assert all(12 in p.episodes for p in accepted)
    singles = [p.is_batch for p in accepted]
    assert singles == sorted(singles)  # every single episode before any batch


def test_recorded_search_follows_group_preference(botan_search: list[Release]) -> None:
    ranking = rank(botan_search, BOTAN, Preferences(groups=("Erai-raws",)))
    assert ranking.best is not None
    assert ranking.best.release.title == (
        "[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 "
        "[1080p CR WEB-DL AVC AAC][MultiSub][5498BFE2]"
    )


def test_recorded_search_gives_a_reason_for_every_rejection(botan_search: list[Release]) -> None:
    ranking = rank(botan_search, BOTAN, Preferences(trusted_only=True))
    assert len(ranking.accepted) + len(ranking.rejected) == len(botan_search)
    reasons = {r.release.title: r.reason for r in ranking.rejected}
    judas = (
        "[Judas] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (Botan Kamiina Fully Blossoms When "
        "Drunk) - S01E12 [1080p][HEVC x265 10bit][Multi-Subs] (Weekly)"
    )
    shincaps = (
        "[shincaps] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 (AT-X 1440x1080 MPEG2 AAC).ts"
    )
    linrip = (
        "[LinRip] Kamiina Botan, Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花 "
        "[Vol.1][BDRemux 1080p AVC FLAC]"
    )
    assert reasons[judas] == "remake"
    assert reasons[shincaps] == "no seeders"
    assert reasons[linrip] == "not trusted"
    assert all(c.release.trusted for c in ranking.accepted)


@pytest.mark.parametrize(
    ("language", "best", "because"),
    [
        ("any", "[SubsPlease] Sousou no Frieren - 05 (1080p) [AAAA0001].mkv", None),
        (
            "sub",
            "[SubsPlease] Sousou no Frieren - 05 (1080p) [AAAA0001].mkv",
            "original audio as preferred",
        ),
        (
            "dub",
            "[DKB] Sousou no Frieren - 05 [1080p][English Dub].mkv",
            "English Dub as preferred",
        ),
        (
            "dual",
            "[Anime Time] Sousou no Frieren - 05 [Dual Audio][1080p].mkv",
            "Dual Audio as preferred",
        ),
    ],
)
def test_the_preferred_audio_ranks_right_after_resolution(
    language: str, best: str, because: str | None
) -> None:
    releases = [
        release("[SubsPlease] Sousou no Frieren - 05 (1080p) [AAAA0001].mkv", seeders=900),
        release("[DKB] Sousou no Frieren - 05 [1080p][English Dub].mkv", seeders=300),
        release("[Anime Time] Sousou no Frieren - 05 [Dual Audio][1080p].mkv", seeders=100),
        release("[Judas] Sousou no Frieren - 05 [720p][Dual Audio].mkv", seeders=2000),
    ]
    ranking = rank(
        releases, Wanted(("Sousou no Frieren",), episode=5), Preferences(language=language)
    )
    assert ranking.best is not None and ranking.best.release.title == best
    assert (
        (because in ranking.best.why)
        if because
        else not any("audio" in why or "Dub" in why for why in ranking.best.why)
    )
