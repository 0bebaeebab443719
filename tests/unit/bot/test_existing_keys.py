"""`serve-files` uses the box's keys and never makes its own: from LINK_SECRET and
ENCRYPTION_KEY, or from the files the box generated in a DATA_DIR it shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.keys import KEY_FILE, existing_keys, keys
from bot.settings import Settings, SettingsError
from domain.links.keyfile import KEY_FILE_NAME


def settings(data_dir: Path, **env: str) -> Settings:
    return Settings.load(environ={"DATA_DIR": str(data_dir), **env}, env_file=None)


def test_the_files_the_box_generated_are_read(tmp_path: Path) -> None:
    made = keys(settings(tmp_path))  # the box's first start

    found = existing_keys(settings(tmp_path))
    assert (found.link, found.encryption) == (made.link, made.encryption)


def test_set_keys_win_and_need_no_files(tmp_path: Path) -> None:
    found = existing_keys(settings(tmp_path, LINK_SECRET="new,old", ENCRYPTION_KEY="k1"))

    assert (found.link, found.encryption) == (("new", "old"), ("k1",))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("env", "missing"),
    [({"ENCRYPTION_KEY": "k1"}, "LINK_SECRET"), ({"LINK_SECRET": "s"}, "ENCRYPTION_KEY")],
)
def test_a_missing_key_is_named_and_none_is_made(
    tmp_path: Path, env: dict[str, str], missing: str
) -> None:
    with pytest.raises(SettingsError, match=f"{missing} is not set and DATA_DIR has no"):
        existing_keys(settings(tmp_path, **env))
    assert not (tmp_path / KEY_FILE_NAME).exists()
    assert not (tmp_path / KEY_FILE).exists()
