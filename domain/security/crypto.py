"""Secrets at rest (AniList tokens), encrypted with Fernet under one or more keys.

The first key encrypts; every key decrypts, so a new key is put first, `rotate` re-encrypts what
is stored, and the old key can then be dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from domain.errors import InvalidInput, RelinkNeeded


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise InvalidInput("at least one encryption key is needed")
        try:
            self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])
        except (ValueError, UnicodeEncodeError) as exc:
            # The message must not carry the key; Fernet's does not.
            raise InvalidInput("an encryption key is not a valid Fernet key") from exc

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, sealed: str) -> str:
        """The plain text, or RelinkNeeded when no current key opens it."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise RelinkNeeded("a stored token does not decrypt with the current keys") from exc

    def rotate(self, sealed: str) -> str:
        """The same plain text under the first key; RelinkNeeded when no key opens it."""
        try:
            return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError) as exc:
            raise RelinkNeeded("a stored token does not decrypt with the current keys") from exc
