"""What every command handler receives and returns, independent of the chat platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.models import Platform, User
from domain.services.accounts import AccountService
from domain.services.downloads import DownloadService
from domain.services.search import SearchService


@dataclass(frozen=True, slots=True)
class Services:
    """The use cases a front-end may call; built once by the composition root."""

    accounts: AccountService
    search: SearchService
    downloads: DownloadService


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a command, as the platform names them."""

    platform: Platform
    external_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered under a reply; pressing it runs `command` as the presser."""

    label: str
    command: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    track_download: int | None = None  # a front-end may keep this download's progress updated


@dataclass(frozen=True, slots=True)
class Context:
    user: User
    services: Services
    args: str


Handler = Callable[[Context], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    summary: str
    usage: str = ""
    admin_only: bool = False
