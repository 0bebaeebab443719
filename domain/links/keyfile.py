"""The link signing key kept on disk when LINK_SECRET is not set, so links survive restarts."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from domain.security.secret_file import load_or_create_secret

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "link-secret"


def load_or_create_key(data_dir: Path) -> str:
    """The key in `data_dir/link-secret`, made once (32 random bytes, mode 0600) if missing.

    Made atomically, so two processes starting together end up with the same key; an empty or
    unreadable file raises `SecretFileError` (a ValueError) naming it.
    """
    path = data_dir / KEY_FILE_NAME
    key, created = load_or_create_secret(path, lambda: secrets.token_urlsafe(32))
    if created:
        logger.info("made a new link signing key in %s", path)
    return key
