"""What every command handler receives and returns, independent of the chat platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.models import ChatTarget, Platform, User
from domain.ports import GroupMembership, PickLists
from domain.security.ratelimit import UserRateLimiter
from domain.services.accounts import AccountService
from domain.services.admin import AdminService
from domain.services.anilist_link import AniListLinkService
from domain.services.downloads import DownloadService
from domain.services.feeds import FeedService
from domain.services.files import FileService
from domain.services.preferences import PreferenceService
from domain.services.quotas import QuotaService
from domain.services.search import SearchService
from domain.services.stats import StatsService
from domain.services.subscriptions import SubscriptionService
from domain.services.watchlist import WatchlistService
from domain.services.watchlist_auto import WatchlistAutomation

S = TypeVar("S", covariant=True)  # the services a command handler may use


@dataclass(frozen=True, slots=True)
class Services:
    """The use cases a front-end may call; built once by `bot/bootstrap.py`."""

    accounts: AccountService
    admin: AdminService
    quotas: QuotaService
    rate_limiter: UserRateLimiter
    anilist: AniListLinkService
    preferences: PreferenceService
    search: SearchService
    downloads: DownloadService
    stats: StatsService
    files: FileService
    feeds: FeedService
    subscriptions: SubscriptionService
    watchlist: WatchlistService
    watchlist_auto: WatchlistAutomation
    picks: PickLists  # search results a button may pick from


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a command, as the platform names them."""

    platform: Platform
    external_id: str
    display_name: str
    chat: ChatTarget | None = None  # where it was sent; notifications about it go there
    is_chat_admin: bool | None = None  # an admin of that group chat; None: not asked or unknown
    group_id: str | None = None  # the Telegram group or Discord guild it came from (ALLOWED_GROUPS)
    membership: GroupMembership | None = None  # asks the platform if a stranger is in a group
    private_reply: bool = False  # only the caller will see the answer (Discord's ephemeral)


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered under a reply; pressing it runs `command` as the presser."""

    label: str
    command: str
    url: str | None = None  # a link button: opens `url` instead of running `command`
    same_row: bool = False  # sits beside the button before it (Prev | Next), where there is room


@dataclass(frozen=True, slots=True)
class Upload:
    """A finished file a front-end may send into the chat itself, when its platform takes the size;
    otherwise its link (already in the reply's text) stands."""

    name: str  # the file's own name, as the chat shows it
    size: int
    base: str  # DOWNLOAD_DIR
    parts: tuple[str, ...]  # the path below it, every component checked
    url: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    track_download: int | None = None  # a front-end may keep this download's progress updated
    delete_request: bool = False  # the message asked for held a secret: remove it from the chat
    uploads: tuple[Upload, ...] = ()  # files to send into the chat, where the platform can


@dataclass(frozen=True, slots=True)
class Context(Generic[S]):
    """One command as its handler sees it. `services` is typed by what the handler's feature
    declares it needs (its module's `Needs`), so a handler cannot reach for any other service."""

    user: User
    services: S
    args: str
    chat: ChatTarget | None = None  # the chat the command came from, when the platform says
    is_chat_admin: bool | None = None  # the caller administers that group chat
    caller: Caller | None = None  # who sent it, as the platform names them
    joined: bool = False  # the caller just got in with the code in `args`, which is now spent


Handler = Callable[[Context[Any]], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    summary: str
    usage: str = ""
    admin_only: bool = False
    personal: bool = False  # about the asker alone: links, settings, codes, quotas

    @property
    def answered_privately(self) -> bool:
        """Asked in a group, answered in the asker's private chat (on Discord, ephemerally):
        personal commands, and every admin command (invite codes, the user list, the audit log,
        the host's figures are nobody else's business)."""
        return self.personal or self.admin_only
