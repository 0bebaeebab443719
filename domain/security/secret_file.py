"""A secret kept in a file of its own (a signing key, an encryption key, a password): made once,
readable by this user only, and never seen half-written.

The value is written to a private temporary file beside the target, synced, then hard-linked into
place. The link fails if the target already exists, so of two processes starting together one
wins and the other reads the winner's value; either way the file is whole when it appears.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

MODE = 0o600


class SecretFileError(ValueError):
    """A secret file exists but gives no secret: unreadable, not text, or empty. The message
    names the path; the start should stop rather than make a new secret over it."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class EmptySecretFile(SecretFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} is empty: delete it to have a new one made")


def load_or_create_secret(path: Path, make: Callable[[], str]) -> tuple[str, bool]:
    """The secret in `path` and whether this call made it (with `make`, mode 0600).

    An existing file is read, never replaced (and tightened to 0600 if it was looser); an empty
    or unreadable one raises `SecretFileError`. `make` must give a non-empty value without
    surrounding whitespace, since the file holds it on one line.
    """
    try:
        return _read(path), False
    except FileNotFoundError:
        pass
    value = make()
    if not value or value != value.strip() or "\n" in value:
        raise ValueError("a secret must be one line with no surrounding whitespace")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, MODE)
    try:
        with open(fd, "w", encoding="utf-8") as file:
            file.write(value + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_theirs(path), False
        _sync_directory(path.parent)
        return value, True
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def read_secret(path: Path) -> str | None:
    """The secret in `path`, or None when there is no such file; never makes one. An empty or
    unreadable file raises `SecretFileError`, as `load_or_create_secret` does."""
    try:
        return _read(path)
    except FileNotFoundError:
        return None


def _read(path: Path) -> str:
    """The stripped contents of `path`; FileNotFoundError if there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except UnicodeDecodeError:
        raise SecretFileError(path, f"{path} is not a text secret: delete it or fix it") from None
    except OSError as exc:
        raise SecretFileError(path, f"can't read {path}: {exc.strerror or exc}") from exc
    value = text.strip()
    if not value:
        raise EmptySecretFile(path)
    _tighten(path)
    return value


def _read_theirs(path: Path) -> str:
    """The value another process linked into place first."""
    try:
        return _read(path)
    except FileNotFoundError:
        raise SecretFileError(path, f"{path} exists but can't be opened") from None


def _tighten(path: Path) -> None:
    try:
        if not stat.S_IMODE(path.stat().st_mode) & 0o077:
            return
        path.chmod(MODE)
    except OSError as exc:
        logger.warning("%s may be readable by others and can't be made private: %s", path, exc)
    else:
        logger.info("made %s readable by this user only", path)


def _sync_directory(directory: Path) -> None:
    """So the new name survives a crash, where the platform allows syncing a directory."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
