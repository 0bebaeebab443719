"""Preferences to and from JSON."""

from __future__ import annotations

import json

import pytest

from domain.models import Platform, Preferences
from storage.repositories.preferences import preferences_from_json, preferences_to_json

DEFAULTS = Preferences()


@pytest.mark.parametrize(
    "preferences",
    [
        Preferences(),
        Preferences(resolution=720, min_resolution=480, groups=("SubsPlease", "Erai-raws")),
        Preferences(trusted_only=True, max_size=2_000_000_000),
        Preferences(resolution=2160, groups=("字幕組",)),
        Preferences(language="dual"),
        Preferences(watchlist_auto=Platform.DISCORD),
    ],
)
def test_round_trip_through_json_text(preferences: Preferences) -> None:
    text = json.dumps(preferences_to_json(preferences))

    assert preferences_from_json(json.loads(text)) == preferences


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({}, DEFAULTS),
        (None, DEFAULTS),
        ([], DEFAULTS),
        ("1080", DEFAULTS),
        ({"resolution": 720}, Preferences(resolution=720)),
        ({"resolution": "720"}, DEFAULTS),
        ({"resolution": True}, DEFAULTS),
        ({"resolution": -1}, DEFAULTS),
        ({"min_resolution": 1.5}, DEFAULTS),
        ({"groups": "SubsPlease"}, DEFAULTS),
        (
            {"groups": ["SubsPlease", 3, "", None, "Erai-raws"]},
            Preferences(groups=("SubsPlease", "Erai-raws")),
        ),
        ({"trusted_only": 1}, DEFAULTS),
        ({"trusted_only": True}, Preferences(trusted_only=True)),
        ({"max_size": None}, DEFAULTS),
        ({"max_size": 0}, DEFAULTS),
        ({"max_size": "big"}, DEFAULTS),
        ({"max_size": 10}, Preferences(max_size=10)),
        ({"language": "sub"}, Preferences(language="sub")),
        ({"language": "klingon"}, DEFAULTS),
        ({"language": 3}, DEFAULTS),
        ({"watchlist_auto": "telegram"}, Preferences(watchlist_auto=Platform.TELEGRAM)),
        ({"watchlist_auto": "myspace"}, DEFAULTS),
        ({"watchlist_auto": True}, DEFAULTS),
        ({"resolution": 480, "from_a_newer_release": {"x": 1}}, Preferences(resolution=480)),
    ],
)
def test_reading_is_forgiving_field_by_field(stored: object, expected: Preferences) -> None:
    assert preferences_from_json(stored) == expected
