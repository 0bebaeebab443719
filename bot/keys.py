"""The keys the services sign and encrypt with: from the settings, or generated once under
DATA_DIR (mode 0600) so links and stored tokens survive restarts."""

from __future__ import annotations

import logging

from bot.bootstrap import Keys
from bot.settings import Settings, SettingsError
from domain.links.keyfile import KEY_FILE_NAME, load_or_create_key
from domain.security.crypto import new_key
from domain.security.secret_file import load_or_create_secret, read_secret

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


def existing_keys(settings: Settings) -> Keys:
    """The box's keys, for a process that serves its links but must not make keys of its own:
    a new link key would open no link the box signed, and a new encryption key no stored token.
    From LINK_SECRET and ENCRYPTION_KEY, else the files the box generated under DATA_DIR."""
    link = [secret.reveal() for secret in settings.link_secrets]
    encryption = [key.reveal() for key in settings.encryption_keys]
    for found, key, name in (
        (link, "LINK_SECRET", KEY_FILE_NAME),
        (encryption, "ENCRYPTION_KEY", KEY_FILE),
    ):
        if not found:
            value = read_secret(settings.data_dir / name)
            if value is None:
                raise SettingsError(
                    f"{key} is not set and DATA_DIR has no {name}: set {key} to the box's "
                    f"(from its environment or its DATA_DIR/{name})"
                )
            found.append(value)
    return Keys(link=tuple(link), encryption=tuple(encryption))
