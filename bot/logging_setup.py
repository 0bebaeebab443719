"""Logging, configured once by the entrypoint.

Secrets never reach a log line: a filter on every handler replaces each known secret, the
Bot API path (`/bot<token>/`) and download links' signatures in anything httpx or telegram print.
httpx logs every request URL at INFO, token included, so it is held at WARNING as well.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_BOT_TOKEN_IN_URL = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")
# A download link's signature (domain.links.tokens): telegram's DEBUG log prints whole replies.
_LINK_SIGNATURE = re.compile(r"(\bv1\.[a-z]\.\d+\.\d+\.\d+\.\d+\.[0-9a-f]{8}\.)[A-Za-z0-9_-]{43}")
_NOISY = ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "aiosqlite", "tortoise")

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with every secret replaced by `[redacted]`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        text = _LINK_SIGNATURE.sub(r"\1[redacted]", text)
        return _BOT_TOKEN_IN_URL.sub("/bot[redacted]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter(secrets))
    root.handlers[:] = [handler]
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
