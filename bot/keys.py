"""The keys the services sign and encrypt with: from the settings, or generated once under
DATA_DIR (mode 0600) so links and stored tokens survive restarts."""

from __future__ import annotations

import logging

from bot.bootstrap import Keys
from bot.settings import Settings
from domain.links.keyfile import load_or_create_key
from domain.security.crypto import new_key
from domain.security.secret_file import load_or_create_secret

logger = logging.getLogger(__name__)

KEY_FILE = "encryption-key"


def encryption_keys(settings: Settings) -> list[str]:
    """ENCRYPTION_KEY, or a key generated once under DATA_DIR, readable by this user only."""
    if settings.encryption_keys:
        return [key.reveal() for key in settings.encryption_keys]
    path = settings.data_dir / KEY_FILE
    key, created = load_or_create_secret(path, new_key)
    if created:
        logger.warning(
            "ENCRYPTION_KEY is not set: generated one in %s; back it up with the database", path
        )
    return [key]


def keys(settings: Settings) -> Keys:
    """LINK_SECRET and ENCRYPTION_KEY, or keys generated once under DATA_DIR."""
    link = tuple(secret.reveal() for secret in settings.link_secrets)
    return Keys(
        link=link or (load_or_create_key(settings.data_dir),),
        encryption=tuple(encryption_keys(settings)),
    )
