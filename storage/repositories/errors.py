"""Turning ORM and driver failures into our errors at the edge of every repository method."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from tortoise.exceptions import ValidationError

from domain.errors import DomainError, InvalidInput
from storage.database import driver_errors
from storage.errors import DatabaseUnavailable, StorageError

P = ParamSpec("P")
R = TypeVar("R")


def translate_errors(method: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Let domain and storage errors through; a value the ORM refused is the caller's mistake,
    anything else the ORM or driver raised is the database's."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except (DomainError, StorageError):
            raise
        except ValidationError as exc:
            raise InvalidInput(f"{method.__qualname__}: {exc}") from exc
        except driver_errors() as exc:
            raise DatabaseUnavailable(f"{method.__qualname__}: {exc}") from exc

    return wrapper
