"""aiohttp's server log, minus the request: a request it cannot parse is logged with its raw
first line, and a link's first line carries its signature."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any


class QuietServerLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """Keeps the message and the exception's type; drops the exception text and traceback."""

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        exc_info = kwargs.pop("exc_info", None)
        if exc_info is True:
            exc_info = sys.exc_info()
        if isinstance(exc_info, BaseException):
            msg = f"{msg} ({type(exc_info).__name__})"
        elif isinstance(exc_info, tuple) and exc_info and exc_info[0] is not None:
            msg = f"{msg} ({exc_info[0].__name__})"
        return msg, kwargs
