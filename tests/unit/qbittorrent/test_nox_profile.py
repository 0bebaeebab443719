"""The pure parts of the supervised qbittorrent-nox: password hash, config merge, backoff."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.qbittorrent_nox import (
    BACKOFF_FIRST,
    BACKOFF_MAX,
    STABLE_AFTER,
    QbConnection,
    check_pbkdf2_password,
    load_or_create_password,
    merge_config,
    next_backoff,
    owned_settings,
    pbkdf2_password,
)

# qBittorrent's own hash of its old default password "adminadmin", as its config files carry it
ADMINADMIN = (
    '"@ByteArray(ARQ77eY1NUZaQsuDHbIMCA==:0WMRkYTUWVT9wVvdDtHAjU9b3b7uB8NR1Gur2hmQCvCDpm39Q+PsJRJPaCU5'
    '1dEiz+dTzh8qbPsL8WkFljQYFQ==)"'
)


def test_checks_a_hash_qbittorrent_made() -> None:
    assert check_pbkdf2_password("adminadmin", ADMINADMIN)
    assert not check_pbkdf2_password("adminadmiN", ADMINADMIN)


def test_hashes_in_qbittorrents_format_with_a_fresh_salt() -> None:
    first, second = pbkdf2_password("s3cret"), pbkdf2_password("s3cret")

    assert first.startswith("@ByteArray(") and first.endswith(")")
    assert first != second  # salted
    assert check_pbkdf2_password("s3cret", first) and check_pbkdf2_password("s3cret", second)
    assert not check_pbkdf2_password("other", first)
    assert pbkdf2_password("s3cret", salt=b"0" * 16) == pbkdf2_password("s3cret", salt=b"0" * 16)


@pytest.mark.parametrize(
    "stored", ["", "adminadmin", "@ByteArray()", "@ByteArray(abc)", "@ByteArray(!!:!!)"]
)
def test_malformed_stored_hashes_never_match(stored: str) -> None:
    assert not check_pbkdf2_password("", stored)


def test_password_is_generated_once_kept_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "qbittorrent-password"

    first = load_or_create_password(path)
    path.chmod(0o644)  # loosened by hand: tightened again on the next start
    second = load_or_create_password(path)

    assert first == second and len(first) >= 24
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_emptied_password_file_gets_a_new_password(tmp_path: Path) -> None:
    path = tmp_path / "qbittorrent-password"
    path.write_text("\n")
    password = load_or_create_password(path)
    assert password and path.read_text().strip() == password


def test_the_connection_never_shows_its_password() -> None:
    connection = QbConnection("http://127.0.0.1:1", "iiitorrent", "hunter2")
    assert "hunter2" not in repr(connection)


def owned(*, dht: bool = False, port: int = 8080) -> dict[str, dict[str, str]]:
    return owned_settings(
        web_port=port,
        download_dir=Path("/srv/downloads"),
        dht=dht,
        username="iiitorrent",
        password_hash="@ByteArray(c2FsdA==:a2V5)",
    )


def test_a_fresh_profile_gets_every_owned_key() -> None:
    text = merge_config("", owned())

    assert text.startswith("[LegalNotice]\nAccepted=true\n")
    for line in [
        "WebUI\\Address=127.0.0.1",
        "WebUI\\Port=8080",
        "WebUI\\LocalHostAuth=true",
        "WebUI\\Username=iiitorrent",
        'WebUI\\Password_PBKDF2="@ByteArray(c2FsdA==:a2V5)"',
        "Session\\DefaultSavePath=/srv/downloads",
        "Session\\DHTEnabled=false",
        "Session\\PeXEnabled=false",
        "Session\\LSDEnabled=false",
    ]:
        assert line in text.splitlines()


def test_a_restart_changes_only_owned_keys_and_keeps_the_rest() -> None:
    existing = (
        "[BitTorrent]\n"
        "Session\\GlobalMaxRatio=2\n"
        "Session\\DHTEnabled=false\n"
        "\n"
        "[Meta]\n"
        "MigrationVersion=4\n"
        "\n"
        "[Preferences]\n"
        "WebUI\\Port=1111\n"
        "Downloads\\SavePath=/old\n"
    )

    text = merge_config(existing, owned(dht=True, port=2222))
    lines = text.splitlines()

    assert "Session\\GlobalMaxRatio=2" in lines and "MigrationVersion=4" in lines
    assert "Session\\DHTEnabled=true" in lines and "Session\\DHTEnabled=false" not in lines
    assert "WebUI\\Port=2222" in lines and "WebUI\\Port=1111" not in lines
    assert lines.count("[Preferences]") == 1 and lines.count("[BitTorrent]") == 1
    assert merge_config(text, owned(dht=True, port=2222)) == text  # stable


@pytest.mark.parametrize(
    ("previous", "ran_for", "expected"),
    [
        (None, 0.5, BACKOFF_FIRST),
        (BACKOFF_FIRST, 0.5, BACKOFF_FIRST * 2),
        (8.0, 3.0, 16.0),
        (BACKOFF_MAX, 1.0, BACKOFF_MAX),
        (BACKOFF_MAX * 0.75, 1.0, BACKOFF_MAX),
        (BACKOFF_MAX, STABLE_AFTER, BACKOFF_FIRST),  # a long healthy run starts over
    ],
)
def test_restart_backoff(previous: float | None, ran_for: float, expected: float) -> None:
    assert next_backoff(previous, ran_for) == expected
