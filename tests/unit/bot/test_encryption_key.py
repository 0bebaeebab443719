"""ENCRYPTION_KEY when set; otherwise one key made once under DATA_DIR, with a warning to back
it up, and kept across restarts."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.bootstrap import Keys
from bot.keys import KEY_FILE, encryption_keys
from bot.settings import Settings
from domain.security.secret_file import EmptySecretFile


def settings(data_dir: Path, **env: str) -> Settings:
    return Settings.load(environ={"DATA_DIR": str(data_dir), **env}, env_file=None)


def test_a_key_is_made_once_with_a_warning_and_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.keys"):
        first = encryption_keys(settings(tmp_path))
    assert "ENCRYPTION_KEY is not set: generated one in" in caplog.text
    Fernet(first[0].encode())  # a usable key
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.keys"):
        assert encryption_keys(settings(tmp_path)) == first
    assert caplog.text == ""


def test_a_set_key_makes_no_file(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    assert encryption_keys(settings(tmp_path, ENCRYPTION_KEY=key)) == [key]
    assert not (tmp_path / KEY_FILE).exists()


def test_an_emptied_key_file_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_text("\n")
    with pytest.raises(EmptySecretFile, match=str(tmp_path / KEY_FILE)):
        encryption_keys(settings(tmp_path))


def test_the_keys_never_show_in_a_repr() -> None:
    shown = repr(Keys(link=("link-secret-value",), encryption=("fernet-secret-value",)))
    assert "secret-value" not in shown
