"""The tortoise-orm configuration for a DATABASE_URL, shared by the app, the migrations and aerich.

`tortoise_config(url)` is what the code uses. aerich's command line can only load a dict from a
module attribute, so `TORTOISE_ORM_SQLITE` and `TORTOISE_ORM_POSTGRES` exist for it alone: they
are built on first access (module `__getattr__`, so importing this module does nothing) from the
environment variable DATABASE_URL, and refuse a URL of the other backend so that SQL for one
dialect never lands in the other's migration folder (see `storage/migrate.py`).
"""

from __future__ import annotations

import os
from typing import Any

from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import ConfigurationError

from storage.errors import DatabaseUrlError
from storage.urls import MEMORY, DatabaseUrl, Dialect, parse_database_url

APP = "models"
MODEL_MODULES = ("storage.models",)
# aerich's table of applied migrations: loading it imports all of aerich, which migrating needs.
HISTORY_MODELS = "aerich.models"
BUSY_TIMEOUT_MS = 5000
DEFAULT_SQLITE_URL = "sqlite://data/iiitorrent.db"


def sqlite_pragmas(url: DatabaseUrl) -> dict[str, Any]:
    """Pragmas run on every SQLite connection; the busy timeout first so WAL can wait its turn."""
    pragmas: dict[str, Any] = {
        "busy_timeout": BUSY_TIMEOUT_MS,
        "journal_mode": "WAL",
        "journal_size_limit": 16384,
        "foreign_keys": "ON",
    }
    pragmas.update(url.params)
    return pragmas


def connection_config(url: DatabaseUrl) -> dict[str, Any]:
    if url.dialect == "sqlite":
        return {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": str(url.path) if url.path else MEMORY,
                **sqlite_pragmas(url),
            },
        }
    try:
        # tortoise knows how to cast asyncpg's pool options from the query string.
        config = expand_db_url(url.url)
    except (ConfigurationError, ValueError) as exc:
        raise DatabaseUrlError(f"DATABASE_URL is malformed: {exc}") from exc
    config["credentials"].update(
        host=url.host, port=url.port or 5432, user=url.user, password=url.password
    )
    return config


def tortoise_config(database_url: str | DatabaseUrl, *, history: bool = True) -> dict[str, Any]:
    """With `history`, aerich's own model too, as aerich needs; the app runs without it."""
    url = parse_database_url(database_url) if isinstance(database_url, str) else database_url
    models = [*MODEL_MODULES, HISTORY_MODELS] if history else list(MODEL_MODULES)
    # tortoise caches built SQL per connection name, process-wide; naming the connection after
    # its dialect keeps SQLite's `?` placeholders away from PostgreSQL and back.
    return {
        "connections": {url.dialect: connection_config(url)},
        "apps": {APP: {"models": models, "default_connection": url.dialect}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _config_from_environment(dialect: Dialect) -> dict[str, Any]:
    default = DEFAULT_SQLITE_URL if dialect == "sqlite" else None
    raw = os.environ.get("DATABASE_URL") or default
    if raw is None:
        raise DatabaseUrlError("set DATABASE_URL=postgres://… to run aerich for PostgreSQL")
    url = parse_database_url(raw)
    if url.dialect != dialect:
        raise DatabaseUrlError(f"DATABASE_URL is {url.dialect}, this aerich config is {dialect}")
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)
    return tortoise_config(url)


def __getattr__(name: str) -> dict[str, Any]:
    if name == "TORTOISE_ORM_SQLITE":
        return _config_from_environment("sqlite")
    if name == "TORTOISE_ORM_POSTGRES":
        return _config_from_environment("postgres")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
