"""The link signing key kept on disk when LINK_SECRET is not set, so links survive restarts."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from pathlib import Path

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "link-secret"


def load_or_create_key(data_dir: Path) -> str:
    """The key in `data_dir/link-secret`, made once (32 random bytes, mode 0600) if missing.

    Created with O_EXCL, so two processes starting together end up with the same key.
    """
    path = data_dir / KEY_FILE_NAME
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if not key:
            raise ValueError(f"{path} is empty: delete it to have a new key made") from None
        return key
    key = secrets.token_urlsafe(32)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key + "\n")
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    logger.info("made a new link signing key in %s", path)
    return key
