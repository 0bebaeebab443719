"""Every chat command, in one visible list, and the dispatcher both front-ends share."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from bot.commands import (
    account,
    admin,
    basics,
    connect,
    downloads,
    feeds,
    files,
    picker,
    search,
    settings,
    stats,
    subscriptions,
    watchlist,
)
from bot.commands.arguments import MAX_MESSAGE_LENGTH, split_command
from bot.commands.base import Button, Caller, Command, Context, Reply, Services
from bot.errors import MessageTooLong, UnknownCommand
from bot.metered import timed
from domain.errors import NotAllowed
from domain.models import User
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)

__all__ = [
    "COMMANDS",
    "Button",
    "Caller",
    "Command",
    "Dispatcher",
    "Reply",
    "Services",
    "StrangerRefusals",
]


# Answered in the asker's private chat when asked in a group: links, settings, codes, quotas,
# feeds (their addresses may carry a tracker's passkey).
PERSONAL = frozenset(
    {"status", "files", "settings", "quota", "link", "connect", "watchlist", "feeds"}
)


def _commands() -> list[Command]:
    listed = [
        Command("start", basics.start, "say hello"),
        Command("search", search.search, "ranked releases on Nyaa", "<words>"),
        Command("rejected", search.rejected, "what a search left out, and why", "<words>"),
        Command("get", downloads.get, "download the best release", "<title> <episode> | <magnet>"),
        Command("pick", picker.pick, "take one from a /search list (its buttons)", "<list> <n>"),
        Command("status", downloads.status, "your downloads and their progress", "[number]"),
        Command("pause", downloads.pause, "pause a download", "<number>"),
        Command("resume", downloads.resume, "resume a download", "<number>"),
        Command("delete", downloads.delete, "delete a download", "<number>"),
        Command("files", files.files, "download links for a finished download", "<number> [send]"),
        Command("subscribe", subscriptions.subscribe, "alerts for new episodes", "<title> [auto]"),
        Command("unsubscribe", subscriptions.unsubscribe, "stop alerts", "<title or number>"),
        Command("subscriptions", subscriptions.subscriptions, "what this chat follows", "[all]"),
        Command("feeds", feeds.feeds, "your RSS feeds with filters", feeds.USAGE),
        Command("settings", settings.settings, "what I pick for you", "[what value]"),
        Command("quota", account.quota, "your share of the box and what you use", ""),
        Command("link", account.link, "link your AniList account", "[token <t> | <username>]"),
        Command("unlink", account.unlink, "forget your AniList account"),
        Command(
            "watchlist", watchlist.watchlist, "what you watch on AniList", "[auto on|off | +1 <id>]"
        ),
        Command("connect", connect.connect, "one account on Telegram and Discord", "[code]"),
        Command("invite", admin.invite, "make an invite code", "[uses] [days] [role]", True),
        Command("users", admin.users, "everyone on the box", "", True),
        Command("ban", admin.ban, "ban a user", "<user number>", True),
        Command("unban", admin.unban, "lift a ban", "<user number>", True),
        Command("promote", admin.promote, "make a user an admin", "<user number>", True),
        Command("demote", admin.demote, "make an admin a user", "<user number>", True),
        Command("audit", admin.audit, "latest admin actions", "[how many]", True),
        Command("broadcast", admin.broadcast, "message everyone on the box", "<text>", True),
        Command("stats", stats.stats, "the box at a glance", admin_only=True),
    ]
    listed = [replace(c, personal=True) if c.name in PERSONAL else c for c in listed]
    return [*listed, basics.help_command(listed)]


COMMANDS: list[Command] = _commands()


def _every_group_is_served(
    services: Services,
) -> tuple[
    account.Needs,
    admin.Needs,
    basics.Needs,
    connect.Needs,
    downloads.Needs,
    feeds.Needs,
    files.Needs,
    picker.Needs,
    search.Needs,
    settings.Needs,
    stats.Needs,
    subscriptions.Needs,
    watchlist.Needs,
]:
    """Never called: mypy proves here that the one Services meets what each group needs."""
    return (
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
        services,
    )


class StrangerRefusals:
    """How often a chat hears "this is a private box": once per chat per `window` seconds, so
    thirty strangers (or one stranger writing thirty times) cost one reply, not thirty. In
    memory, per process; `clock` is injectable for tests."""

    WINDOW = 60.0  # seconds
    MAX_CHATS = 10_000  # remembered at once; beyond, the oldest are forgotten first

    def __init__(
        self, window: float = WINDOW, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._window = window
        self._clock = clock
        self._last: dict[str, float] = {}  # chat → when it last heard the refusal, oldest first

    def may_refuse(self, chat: str) -> bool:
        """True, and remembered, when `chat` has not heard the refusal within the window;
        False means: stay silent."""
        now = self._clock()
        last = self._last.get(chat)
        if last is not None and now - last < self._window:
            return False
        self._last.pop(chat, None)
        self._last[chat] = now
        self._forget_old(now)
        return True

    def _forget_old(self, now: float) -> None:
        while self._last:
            chat, last = next(iter(self._last.items()))
            if now - last < self._window and len(self._last) <= self.MAX_CHATS:
                break
            del self._last[chat]


class Dispatcher:
    """Turns one chat message into one reply; raises domain and bot errors for the front-end's
    error handler to word."""

    def __init__(
        self,
        services: Services,
        commands: list[Command] = COMMANDS,
        *,
        metrics: Metrics,
        refusals: StrangerRefusals | None = None,
    ) -> None:
        self._services = services
        self._commands = {command.name: command for command in commands}
        self._metrics = metrics
        # The front-ends word NotAllowed for strangers; this says when to stay silent instead.
        self.refusals = refusals if refusals is not None else StrangerRefusals()

    def command(self, name: str) -> Command | None:
        return self._commands.get(name)

    def answers_privately(self, text: str) -> bool:
        """Whether `text` is a command answered to its asker alone when asked where others
        see it: a personal one, or any admin command."""
        command = self.command(split_command(text)[0])
        return command is not None and command.answered_privately

    async def _identify(self, caller: Caller, text: str) -> tuple[User, bool]:
        """The caller's user; a stranger sending `/start <code>` (or `/connect <code>`) with an
        invite or a connect code becomes one, or joins their account from another platform."""
        accounts = self._services.accounts
        try:
            user = await accounts.identify(
                caller.platform,
                caller.external_id,
                caller.display_name,
                group_id=caller.group_id,
                membership=caller.membership,
            )
        except NotAllowed:
            name, code = split_command(text[:MAX_MESSAGE_LENGTH])
            if name not in ("start", "connect") or not code:
                raise
            user = await accounts.join(
                caller.platform, caller.external_id, caller.display_name, code
            )
            return user, True
        return user, False

    async def handle(self, caller: Caller, text: str) -> Reply:
        # NUL is nothing a person types, and PostgreSQL's text cannot hold it: a query, a
        # broadcast or a title carrying one would fail in the database, not as a usage error.
        text = text.replace("\x00", "")
        # Strangers learn nothing, not even which commands exist.
        user, joined = await self._identify(caller, text)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise MessageTooLong(len(text), MAX_MESSAGE_LENGTH)
        name, args = split_command(text)
        command = self._commands.get(name)
        if command is None:
            raise UnknownCommand(name)
        if command.admin_only and not user.is_admin:
            raise UnknownCommand(name)  # admin commands do not exist for everyone else
        logger.debug("user %d runs /%s", user.id, name)
        if not user.is_admin:
            await self._services.rate_limiter.take(user.id, name)
        context = Context(
            user=user,
            services=self._services,
            args=args,
            chat=caller.chat,
            is_chat_admin=caller.is_chat_admin,
            caller=caller,
            joined=joined,
        )
        return await timed(self._metrics, caller.platform, name, command.handler(context))
