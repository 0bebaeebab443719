"""RETENTION_* and DISK_FREE_FLOOR: sensible defaults, 0 turns a feature off, nonsense fails at
start naming the key."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError


def load(env: dict[str, str]) -> Settings:
    return Settings.load(environ=env, env_file=None)


def test_defaults() -> None:
    settings = load({})
    assert settings.retention_days == 14
    assert settings.retention_warning_hours == 24
    assert settings.retention_min_age_hours == 24
    assert settings.disk_free_floor == 5 * 1024**3


def test_zero_turns_retention_and_the_floor_off() -> None:
    settings = load({"RETENTION_DAYS": "0", "DISK_FREE_FLOOR": "0"})
    assert (settings.retention_days, settings.disk_free_floor) == (0, 0)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("RETENTION_DAYS", "-1"),
        ("RETENTION_DAYS", "two weeks"),
        ("RETENTION_WARNING_HOURS", "1.5"),
        ("RETENTION_MIN_AGE_HOURS", "-3"),
        ("DISK_FREE_FLOOR", "5G"),
    ],
)
def test_nonsense_fails_at_start_naming_the_key(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        load({key: value})
