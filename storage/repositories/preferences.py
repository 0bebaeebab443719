"""Preferences to and from the JSON kept in `users.preferences`. Pure.

Reading is forgiving: a missing key (a row older than the field) or a value of the wrong shape
falls back to that field's default, so one bad value never locks a user out. Unknown keys are
ignored, so a rollback to an older release can still read newer rows.
"""

from __future__ import annotations

from typing import Any

from domain.models import LANGUAGES, Platform, Preferences

_DEFAULTS = Preferences()


def preferences_to_json(preferences: Preferences) -> dict[str, Any]:
    return {
        "resolution": preferences.resolution,
        "min_resolution": preferences.min_resolution,
        "groups": list(preferences.groups),
        "trusted_only": preferences.trusted_only,
        "max_size": preferences.max_size,
        "language": preferences.language,
        "watchlist_auto": preferences.watchlist_auto,
    }


def preferences_from_json(data: object) -> Preferences:
    if not isinstance(data, dict):
        return _DEFAULTS
    return Preferences(
        resolution=_int(data.get("resolution"), _DEFAULTS.resolution),
        min_resolution=_int(data.get("min_resolution"), _DEFAULTS.min_resolution),
        groups=_groups(data.get("groups")),
        trusted_only=_bool(data.get("trusted_only"), _DEFAULTS.trusted_only),
        max_size=_optional_int(data.get("max_size"), _DEFAULTS.max_size),
        language=_language(data.get("language")),
        watchlist_auto=_platform(data.get("watchlist_auto")),
    )


def _platform(value: object) -> Platform | None:
    try:
        return Platform(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _language(value: object) -> str:
    return value if value in LANGUAGES else _DEFAULTS.language


def _int(value: object, default: int) -> int:
    # bool is an int in Python, but `true` is not a resolution.
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return default


def _optional_int(value: object, default: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return default


def _bool(value: object, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _groups(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return _DEFAULTS.groups
    return tuple(item for item in value if isinstance(item, str) and item)
