"""Random codes handed to people, and the hashes we keep of them instead. Pure."""

from __future__ import annotations

import hashlib
import secrets

INVITE_CODE_BYTES = 12  # 16 URL-safe characters: fits a Telegram deep link (64 allowed)


def new_code() -> str:
    return secrets.token_urlsafe(INVITE_CODE_BYTES)


def code_hash(code: str) -> str:
    """What the database holds: a stolen backup gives no usable invite."""
    return hashlib.sha256(code.strip().encode("utf-8")).hexdigest()
