from __future__ import annotations

import stat
from pathlib import Path

import pytest

from domain.links.keyfile import KEY_FILE_NAME, load_or_create_key


def test_a_key_is_made_once_private_and_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = load_or_create_key(data_dir)
    path = data_dir / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 40
    assert load_or_create_key(data_dir) == first  # a restart keeps the links working


def test_an_empty_key_file_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text("\n")
    with pytest.raises(ValueError, match="empty"):
        load_or_create_key(tmp_path)
