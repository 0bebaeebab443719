"""The tortoise configuration, and the attributes aerich's command line reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import tortoise_config as module
from storage.errors import DatabaseUrlError


def test_sqlite_waits_for_locks_before_switching_to_wal_and_checks_foreign_keys() -> None:
    config = module.tortoise_config("sqlite://data/x.db")

    credentials = config["connections"]["sqlite"]["credentials"]
    assert credentials["file_path"] == "data/x.db"
    pragmas = [key for key in credentials if key != "file_path"]
    assert pragmas[0] == "busy_timeout"
    assert (credentials["journal_mode"], credentials["foreign_keys"]) == ("WAL", "ON")
    assert config["use_tz"] is True and config["timezone"] == "UTC"


def test_postgres_credentials_come_decoded_from_the_url() -> None:
    config = module.tortoise_config("postgres://bot:p%40ss@db:6543/iii?max_size=3")

    connection = config["connections"]["postgres"]
    assert connection["engine"] == "tortoise.backends.asyncpg"
    assert (
        connection["credentials"].items()
        >= {
            "host": "db",
            "port": 6543,
            "user": "bot",
            "password": "p@ss",
            "database": "iii",
            "max_size": 3,
        }.items()
    )


def test_the_app_includes_aerichs_history_model() -> None:
    config = module.tortoise_config("sqlite://:memory:")

    assert config["apps"]["models"]["models"] == ["storage.models", "aerich.models"]


def test_aerich_reads_the_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path}/sub/db.sqlite3")

    config = module.TORTOISE_ORM_SQLITE

    assert config["connections"]["sqlite"]["credentials"]["file_path"].endswith("sub/db.sqlite3")
    assert (tmp_path / "sub").is_dir()


@pytest.mark.parametrize(
    ("attribute", "url"),
    [
        ("TORTOISE_ORM_POSTGRES", "sqlite://data/x.db"),
        ("TORTOISE_ORM_SQLITE", "postgres://127.0.0.1/x"),
        ("TORTOISE_ORM_POSTGRES", ""),
    ],
)
def test_aerich_refuses_the_other_dialects_url(
    monkeypatch: pytest.MonkeyPatch, attribute: str, url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)

    with pytest.raises(DatabaseUrlError):
        getattr(module, attribute)


def test_other_attributes_are_still_missing() -> None:
    with pytest.raises(AttributeError):
        module.TORTOISE_ORM  # noqa: B018
