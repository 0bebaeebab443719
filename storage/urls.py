"""DATABASE_URL, parsed once into the parts the ORM, the migrations and the backup tools need.

Accepted forms:

    sqlite://data/iiitorrent.db          relative to the working directory
    sqlite:///var/lib/iiitorrent/db      absolute
    sqlite://:memory:                    throwaway, for quick experiments
    postgres://user:password@host:5432/dbname?min_size=1&max_size=10   (also postgresql://)

`direct_connection` gives the arguments of one connection of its own (asyncpg's `connect`), for
what must hold a session rather than borrow from the ORM's pool: the leader's lock, LISTEN.

Pure: no I/O, nothing at import time.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storage.errors import DatabaseUrlError

Dialect = Literal["sqlite", "postgres"]

MEMORY = ":memory:"
# Pragmas end up in `PRAGMA name=value`, so only plain words get through.
_PRAGMA_NAME = re.compile(r"^[A-Za-z_]+$")
_PRAGMA_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")
_USERINFO_PASSWORD = re.compile(r"(://[^/@:]*:)[^/]*@")
# What the query string may say about the TLS of a connection; the rest is the ORM's pool
# options (min_size, max_size, ...), which asyncpg would send the server as settings it refuses.
_SSL_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    dialect: Dialect
    # SQLite: the database file, or None for an in-memory database.
    path: Path | None = None
    # PostgreSQL: where and who; None leaves the choice to libpq's defaults and environment.
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    url: str = field(default="", repr=False)

    @property
    def redacted(self) -> str:
        """The URL with its password starred out, for logs and error messages."""
        return _USERINFO_PASSWORD.sub(r"\1***@", self.url)


def parse_database_url(url: str) -> DatabaseUrl:
    """Split a DATABASE_URL; raise `DatabaseUrlError` naming what is wrong with it."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise DatabaseUrlError("DATABASE_URL must look like sqlite://… or postgres://…")
    scheme = scheme.lower()
    if scheme == "sqlite":
        return _parse_sqlite(url, rest)
    if scheme in ("postgres", "postgresql"):
        return _parse_postgres(url)
    raise DatabaseUrlError(f"DATABASE_URL scheme {scheme!r} is not supported (sqlite, postgres)")


def _parse_sqlite(url: str, rest: str) -> DatabaseUrl:
    location, _, query = rest.partition("?")
    location = urllib.parse.unquote(location)
    if not location:
        raise DatabaseUrlError("DATABASE_URL names no SQLite file (sqlite://path/to/file.db)")
    params = tuple(urllib.parse.parse_qsl(query, keep_blank_values=True))
    for name, value in params:
        if not _PRAGMA_NAME.match(name) or not _PRAGMA_VALUE.match(value):
            raise DatabaseUrlError(f"DATABASE_URL has a malformed SQLite option {name!r}")
    path = None if location == MEMORY else Path(location)
    return DatabaseUrl(dialect="sqlite", path=path, params=params, url=url)


def _parse_postgres(url: str) -> DatabaseUrl:
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise DatabaseUrlError(f"DATABASE_URL is malformed: {exc}") from exc
    database = urllib.parse.unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise DatabaseUrlError("DATABASE_URL names no PostgreSQL database (postgres://host/dbname)")
    return DatabaseUrl(
        dialect="postgres",
        host=urllib.parse.unquote(parts.hostname) if parts.hostname else None,
        port=port,
        user=urllib.parse.unquote(parts.username) if parts.username else None,
        password=urllib.parse.unquote(parts.password) if parts.password else None,
        database=database,
        params=tuple(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)),
        url=url,
    )


def direct_connection(url: DatabaseUrl) -> dict[str, Any]:
    """Keyword arguments of `asyncpg.connect` for one connection to the PostgreSQL `url`: where,
    who and its TLS (`sslmode=`, or the ORM's `ssl=true`); the pool's options are left out."""
    if url.dialect != "postgres":
        raise DatabaseUrlError(f"a direct connection needs PostgreSQL, not {url.dialect}")
    options: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.user,
        "password": url.password,
        "database": url.database,
    }
    params = dict(url.params)
    mode = params.get("sslmode", "").lower()
    if mode in _SSL_MODES:
        options["ssl"] = mode
    elif params.get("ssl", "").lower() in _TRUE:
        options["ssl"] = "require"
    return options
