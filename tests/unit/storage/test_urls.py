"""DATABASE_URL parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.errors import DatabaseUrlError
from storage.urls import DatabaseUrl, direct_connection, parse_database_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite://data/iiitorrent.db", DatabaseUrl("sqlite", path=Path("data/iiitorrent.db"))),
        (
            "sqlite:///var/lib/bot/db.sqlite3",
            DatabaseUrl("sqlite", Path("/var/lib/bot/db.sqlite3")),
        ),
        ("sqlite://:memory:", DatabaseUrl("sqlite", path=None)),
        ("sqlite:///srv/my%20data/db", DatabaseUrl("sqlite", path=Path("/srv/my data/db"))),
        (
            "sqlite://db.sqlite3?busy_timeout=250&synchronous=NORMAL",
            DatabaseUrl(
                "sqlite",
                path=Path("db.sqlite3"),
                params=(("busy_timeout", "250"), ("synchronous", "NORMAL")),
            ),
        ),
        (
            "postgres://bot:p%40ss@db.internal:6543/iiitorrent?max_size=5",
            DatabaseUrl(
                "postgres",
                host="db.internal",
                port=6543,
                user="bot",
                password="p@ss",
                database="iiitorrent",
                params=(("max_size", "5"),),
            ),
        ),
        (
            "postgresql://127.0.0.1/test",
            DatabaseUrl("postgres", host="127.0.0.1", database="test"),
        ),
        ("POSTGRES://h/db", DatabaseUrl("postgres", host="h", database="db")),
    ],
)
def test_accepted_urls(url: str, expected: DatabaseUrl) -> None:
    parsed = parse_database_url(url)

    assert (parsed.dialect, parsed.path, parsed.host, parsed.port) == (
        expected.dialect,
        expected.path,
        expected.host,
        expected.port,
    )
    assert (parsed.user, parsed.password, parsed.database, parsed.params) == (
        expected.user,
        expected.password,
        expected.database,
        expected.params,
    )
    assert parsed.url == url


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("", "sqlite://"),
        ("data/iiitorrent.db", "sqlite://"),
        ("mysql://root@localhost/db", "not supported"),
        ("sqlite://", "no SQLite file"),
        ("sqlite://?journal_mode=WAL", "no SQLite file"),
        ("sqlite://db?journal_mode=WAL;DROP TABLE users", "malformed SQLite option"),
        ("sqlite://db?bad-name=1", "malformed SQLite option"),
        ("postgres://localhost", "no PostgreSQL database"),
        ("postgres://localhost/", "no PostgreSQL database"),
        ("postgres://localhost/a/b", "no PostgreSQL database"),
        ("postgres://localhost:notaport/db", "malformed"),
        ("postgres://localhost:99999/db", "malformed"),
    ],
)
def test_refused_urls_say_why(url: str, complaint: str) -> None:
    with pytest.raises(DatabaseUrlError, match=complaint):
        parse_database_url(url)


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("postgres://bot:hunter2@db/x", "postgres://bot:***@db/x"),
        ("postgres://bot:p%40ss@db:5432/x", "postgres://bot:***@db:5432/x"),
        ("postgres://bot@db/x", "postgres://bot@db/x"),
        ("sqlite://data/db", "sqlite://data/db"),
    ],
)
def test_the_password_is_starred_out_for_logs(url: str, redacted: str) -> None:
    parsed = parse_database_url(url)

    assert parsed.redacted == redacted
    assert "hunter2" not in repr(parsed)


@pytest.mark.parametrize(
    ("query", "ssl"),
    [
        ("", None),
        ("?min_size=1&max_size=10", None),  # the pool's options, not the server's settings
        ("?sslmode=verify-full&max_size=3", "verify-full"),
        ("?ssl=true", "require"),  # the ORM's spelling
    ],
)
def test_a_connection_of_its_own_keeps_where_who_and_tls_but_not_the_pool_options(
    query: str, ssl: str | None
) -> None:
    url = parse_database_url(f"postgres://bot:p%40ss@db.internal:6543/iiitorrent{query}")

    options = direct_connection(url)

    assert options == {
        "host": "db.internal",
        "port": 6543,
        "user": "bot",
        "password": "p@ss",
        "database": "iiitorrent",
        **({"ssl": ssl} if ssl else {}),
    }


def test_sqlite_has_no_connection_of_its_own() -> None:
    with pytest.raises(DatabaseUrlError, match="needs PostgreSQL"):
        direct_connection(parse_database_url("sqlite://data/db"))
