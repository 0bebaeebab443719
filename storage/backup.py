"""Backing up and restoring the database, SQLite or PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the bot keeps writing; the copy
is switched out of WAL mode (one self-contained file) and must pass `PRAGMA integrity_check`
before it gets its final name. Restore checks the backup the same way, then swaps it in with a
rename, so the live file is either the old database or the new one, never half of each.

PostgreSQL: `pg_dump --format=custom`, checked by `pg_restore --list`; restore is
`pg_restore --clean --if-exists --single-transaction`, so a failed restore changes nothing. The
password goes to the tools through PGPASSWORD, never on their command line.

Restore while the bot is stopped: it replaces what an open connection is looking at. Every failure
is a `BackupError`; the live database is left as it was.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from domain.services.stats import BackupInfo
from storage.errors import BackupError
from storage.tortoise_config import BUSY_TIMEOUT_MS
from storage.urls import DatabaseUrl, parse_database_url

logger = logging.getLogger(__name__)

PREFIX = "iiitorrent-"
SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".dump"
# pg_dump of a large database can take a while; a hung one must not block forever.
TOOL_TIMEOUT = 3600.0
CONNECT_TIMEOUT_S = 10
STDERR_TAIL = 2000
# aerich's table: every database `migrate` has touched has it, so every backup worth restoring.
HISTORY_TABLE = "aerich"


async def backup(database_url: str, destination_dir: Path) -> Path:
    """Write a timestamped, checked backup into `destination_dir` and return its path."""
    url = parse_database_url(database_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if url.dialect == "sqlite":
        source = _sqlite_file(url)
        target = destination_dir / f"{PREFIX}{stamp}{SQLITE_SUFFIX}"
        await asyncio.to_thread(_sqlite_backup, source, target)
    else:
        target = destination_dir / f"{PREFIX}{stamp}{POSTGRES_SUFFIX}"
        await _postgres_backup(url, target)
    size = (await asyncio.to_thread(target.stat)).st_size
    logger.info("backed up %s to %s (%d bytes)", url.redacted, target, size)
    return target


async def restore(database_url: str, backup_file: Path) -> None:
    """Replace the database's contents with `backup_file` (made by `backup`)."""
    url = parse_database_url(database_url)
    if not await asyncio.to_thread(backup_file.is_file):
        raise BackupError(f"no backup file at {backup_file}")
    if url.dialect == "sqlite":
        await asyncio.to_thread(_sqlite_restore, backup_file, _sqlite_file(url))
    else:
        await _postgres_restore(url, backup_file)
    logger.info("restored %s from %s", url.redacted, backup_file)


# SQLite


def _sqlite_file(url: DatabaseUrl) -> Path:
    if url.path is None:
        raise BackupError("an in-memory SQLite database has nothing to back up or restore")
    return url.path


def _connect_existing(path: Path) -> sqlite3.Connection:
    # mode=rw: fail on a missing file instead of creating an empty database there.
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )


def _check_integrity(connection: sqlite3.Connection, what: Path) -> None:
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{what} is not a readable SQLite database: {exc}") from exc
    if rows != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in rows[:5])
        raise BackupError(f"{what} failed the integrity check: {problems}")


def _check_is_ours(connection: sqlite3.Connection, what: Path) -> None:
    """An empty file is a valid, empty SQLite database; restoring it would wipe everything."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (HISTORY_TABLE,)
    ).fetchone()
    if found is None:
        raise BackupError(f"{what} is not a backup of this database (no migration history)")


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(_connect_existing(source)) as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(copy, partial)
        _install(partial, target, private=True)
    except sqlite3.Error as exc:
        raise BackupError(f"backing up {source} failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Next to the target so the final rename stays on one file system; the backup file itself
    # is only read, never opened by SQLite (which would leave -wal and -shm files beside it).
    partial = target.with_name(f".{target.name}.restoring")
    try:
        shutil.copyfile(backup_file, partial)
        with closing(sqlite3.connect(partial)) as copy:
            _check_integrity(copy, backup_file)
            _check_is_ours(copy, backup_file)
            copy.execute("PRAGMA journal_mode=DELETE")
        # A leftover journal of the old database would be replayed onto the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _install(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"restoring {target} from {backup_file} failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


def _install(partial: Path, target: Path, *, private: bool = False) -> None:
    """Durably rename `partial` to `target`: data on disk first, then the directory entry."""
    if private:
        # Backups hold every user's data; only the bot's own account may read them.
        partial.chmod(0o600)
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# PostgreSQL


async def _postgres_backup(url: DatabaseUrl, target: Path) -> None:
    await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        dump = ("--format=custom", f"--file={partial}")
        await _run_tool("pg_dump", *dump, *_target_args(url), url=url)
        # Reading the archive's table of contents proves it is whole.
        await _run_tool("pg_restore", "--list", str(partial), url=url)
        await asyncio.to_thread(functools.partial(_install, partial, target, private=True))
    finally:
        await asyncio.to_thread(partial.unlink, missing_ok=True)


async def _postgres_restore(url: DatabaseUrl, backup_file: Path) -> None:
    contents = await _run_tool("pg_restore", "--list", str(backup_file), url=url)
    if not re.search(rf"^\d+; .* TABLE public {HISTORY_TABLE} ", contents, re.MULTILINE):
        raise BackupError(f"{backup_file} is not a backup of this database (no migration history)")
    await _run_tool(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        *_target_args(url),
        str(backup_file),
        url=url,
    )


def _target_args(url: DatabaseUrl) -> list[str]:
    args = [f"--dbname={url.database}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.user:
        args.append(f"--username={url.user}")
    return args


def _tool_environment(url: DatabaseUrl) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT_S))
    if url.password:
        env["PGPASSWORD"] = url.password
    sslmode = dict(url.params).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


async def _run_tool(name: str, *args: str, url: DatabaseUrl) -> str:
    """Run a PostgreSQL client tool to completion; returns what it printed."""
    env = _tool_environment(url)
    executable = shutil.which(name, path=env.get("PATH"))
    if executable is None:
        raise BackupError(f"{name} not found on PATH; install the PostgreSQL client tools")
    process = await asyncio.create_subprocess_exec(
        executable,
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        async with asyncio.timeout(TOOL_TIMEOUT):
            stdout, stderr = await process.communicate()
    except TimeoutError as exc:
        process.kill()
        await process.wait()
        raise BackupError(f"{name} took longer than {TOOL_TIMEOUT:.0f}s on {url.redacted}") from exc
    if process.returncode != 0:
        message = stderr.decode(errors="replace").strip()[-STDERR_TAIL:]
        raise BackupError(f"{name} failed on {url.redacted} (exit {process.returncode}): {message}")
    return stdout.decode(errors="replace")


# The backup folder: listing, retention


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A finished backup in a backup folder; `created_at` comes from its name."""

    path: Path
    created_at: datetime
    size: int


_NAME = re.compile(
    rf"^{re.escape(PREFIX)}(\d{{8}}T\d{{12}}Z)({re.escape(SQLITE_SUFFIX)}|{re.escape(POSTGRES_SUFFIX)})$"
)


def parse_backup_name(name: str) -> datetime | None:
    """When a backup was made, from its file name; None for anything that is not a backup."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _list_backups(directory: Path) -> list[BackupFile]:
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        created = parse_backup_name(path.name)
        if created is not None and path.is_file():
            found.append(BackupFile(path, created, path.stat().st_size))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


async def list_backups(directory: Path) -> list[BackupFile]:
    """The finished backups in `directory`, newest first (partial files are not listed)."""
    return await asyncio.to_thread(_list_backups, directory)


async def latest_backup(directory: Path) -> BackupFile | None:
    backups = await list_backups(directory)
    return backups[0] if backups else None


async def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups; returns what was deleted, oldest last."""
    if keep < 1:
        raise BackupError(f"refusing to keep {keep} backups: at least one must stay")
    doomed = (await list_backups(directory))[keep:]
    for backup_file in doomed:
        await asyncio.to_thread(backup_file.path.unlink, missing_ok=True)
        logger.info("removed old backup %s", backup_file.path)
    return [b.path for b in doomed]


def _sqlite_verify(path: Path) -> None:
    # Read-only and immutable: checking must not leave -wal/-shm files or change a byte.
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            _check_integrity(connection, path)
            _check_is_ours(connection, path)
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be checked: {exc}") from exc


async def verify(backup_file: Path, database_url: str | None = None) -> None:
    """Raise `BackupError` unless `backup_file` is a whole backup of this application.

    SQLite copies get `PRAGMA integrity_check`; PostgreSQL dumps must list their table of
    contents (`database_url` supplies the tools' environment).
    """
    if not await asyncio.to_thread(backup_file.is_file):
        raise BackupError(f"no backup file at {backup_file}")
    if backup_file.name.endswith(SQLITE_SUFFIX):
        await asyncio.to_thread(_sqlite_verify, backup_file)
        return
    url = parse_database_url(database_url or "postgres://localhost/postgres")
    contents = await _run_tool("pg_restore", "--list", str(backup_file), url=url)
    if not re.search(rf"^\d+; .* TABLE public {HISTORY_TABLE} ", contents, re.MULTILINE):
        raise BackupError(f"{backup_file} is not a backup of this database (no migration history)")


class BackupFolder:
    """The backups of one database in one folder, as the backup job and /stats use them."""

    def __init__(self, database_url: str, folder: Path, *, keep: int) -> None:
        self._database_url = database_url
        self._folder = folder
        self._keep = keep

    async def latest(self) -> BackupInfo | None:
        found = await latest_backup(self._folder)
        return None if found is None else BackupInfo(str(found.path), found.created_at, found.size)

    async def make(self) -> BackupInfo:
        path = await backup(self._database_url, self._folder)
        made = await self.latest()
        if made is None or made.location != str(path):
            raise BackupError(f"backup {path} vanished right after it was written")
        return made

    async def prune(self) -> int:
        return len(await prune(self._folder, self._keep))
