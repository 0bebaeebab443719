"""Assembling the python-telegram-bot Application and running it inside someone else's loop.

`run_telegram` follows python-telegram-bot's customwebhookbot/starlettebot example: the
Application is started by hand so it shares one asyncio loop with the HTTP server and the
scheduler, and `bot/app.py` owns its lifetime with `async with`.

Telegram hands a token's updates to one long poll at a time (a second getUpdates ends the first
with 409 Conflict), so with several processes only the scheduler's leader polls: every process
sends, one takes updates, and when the leader dies the next one starts polling as it takes the
lead. A webhook has no such limit: each process answers the POSTs that reach it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from contextlib import asynccontextmanager

from telegram import LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults, Updater

from bot.commands import COMMANDS, Command, Dispatcher, Services
from bot.progress import ProgressFollower, SnapshotSource
from bot.telegram.commands_menu import register_commands
from bot.telegram.context import BotData, FrontEnd, TelegramApplication, TelegramContext
from bot.telegram.errors import on_error
from bot.telegram.handlers import handlers
from bot.telegram.ratelimit import OutgoingLimiter, TelegramLimits
from bot.telegram.updates import PerChatUpdateProcessor
from bot.telegram.uploads import upload_limit_for
from bot.telegram.webhook import WebhookMode
from domain.ports import SendSlots
from scheduler.leader import Leader

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0  # Bot API calls answer fast; long polls add their own wait to this
WRITE_TIMEOUT = 15.0
POOL_TIMEOUT = 5.0
CONCURRENT_UPDATES = 16
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
LEADER_CHECK_INTERVAL = 1.0  # seconds between a follower's checks whether it leads now


def file_base_url(base_url: str) -> str:
    """Where files live for a Bot API base: `https://api.telegram.org/bot` gives
    `https://api.telegram.org/file/bot`, and a local server's `http://host:8081/bot` likewise."""
    head, slash, last = base_url.rstrip("/").rpartition("/")
    if not slash or not last or head.endswith(":/"):
        raise ValueError(f"a Bot API base URL ends with a path segment such as /bot: {base_url!r}")
    return f"{head}/file/{last}"


def build_application(
    token: str,
    base_url: str,
    dispatcher: Dispatcher,
    services: Services,
    snapshots: SnapshotSource,
    *,
    progress_interval: float = 2.0,
    commands: Sequence[Command] = COMMANDS,
    limits: TelegramLimits | None = None,
    admin_chats: Collection[str] = (),
    upload_limit: int | None = None,
    send_slots: SendSlots | None = None,
) -> TelegramApplication:
    """An Application wired to the Dispatcher, not yet started; run it with `run_telegram`.
    `upload_limit` defaults to what the Bot API at `base_url` takes (see `upload_limit_for`).
    With `send_slots` the pace is shared with every process booking there."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_base_url(base_url))
        .context_types(ContextTypes(context=TelegramContext, bot_data=BotData))
        # Signed download links must not be fetched by Telegram's link-preview robot.
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .job_queue(None)  # the project's scheduler runs periodic work
        # Replies, progress edits and notifications all go through the one bot: one pace.
        .rate_limiter(OutgoingLimiter(limits, shared=send_slots))
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .write_timeout(WRITE_TIMEOUT)
        .pool_timeout(POOL_TIMEOUT)
        .get_updates_connect_timeout(CONNECT_TIMEOUT)
        .get_updates_read_timeout(READ_TIMEOUT)
        .get_updates_write_timeout(WRITE_TIMEOUT)
        .get_updates_pool_timeout(POOL_TIMEOUT)
        .build()
    )
    progress = ProgressFollower(
        services, snapshots, interval=progress_interval, name="telegram-progress"
    )
    admins = tuple(sorted(int(chat) for chat in admin_chats if chat.lstrip("-").isdigit()))
    limit = upload_limit_for(base_url) if upload_limit is None else upload_limit
    application.bot_data.bind(
        FrontEnd(dispatcher, services, progress, tuple(commands), admins, limit)
    )
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application


@asynccontextmanager
async def run_telegram(
    application: TelegramApplication,
    *,
    poll_timeout: float = 30.0,
    webhook: WebhookMode | None = None,
    leader: Leader | None = None,
    leader_check_interval: float = LEADER_CHECK_INTERVAL,
) -> AsyncIterator[None]:
    """Take updates in the current loop while the block runs, by long polling or, with
    `webhook`, from Telegram's POSTs to the HTTP server; stop cleanly on the way out. With
    `leader`, poll only while this process leads (it sends either way)."""
    updater = application.updater
    if updater is None and webhook is None:
        raise RuntimeError("the Telegram application was built without an updater")
    front_end = application.bot_data.front_end
    async with application:  # initialize (getMe) ... shutdown
        await application.start()
        try:
            try:
                await register_commands(application.bot, front_end.commands, front_end.admin_chats)
            except TelegramError as exc:
                # A missing menu is cosmetic; the commands still work.
                logger.warning("could not register the Telegram command menu: %s", exc)
            if webhook is not None:
                # Left set on the way out: Telegram keeps updates and retries until the next start
                # sets it again (with that start's secret).
                await application.bot.set_webhook(
                    webhook.url,
                    secret_token=webhook.secret,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                logger.info("Telegram bot @%s takes updates by webhook", application.bot.username)
                yield
                return
            if updater is None:
                raise RuntimeError("the Telegram application was built without an updater")

            async def start_polling() -> None:
                await updater.start_polling(
                    timeout=dt.timedelta(seconds=poll_timeout),
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                logger.info("Telegram bot @%s is polling", application.bot.username)

            if leader is None:
                await start_polling()
                try:
                    yield
                finally:
                    await updater.stop()
                return
            following = asyncio.create_task(
                poll_while_leading(updater, leader, start_polling, leader_check_interval),
                name="telegram-leadership",
            )
            try:
                yield
            finally:
                following.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await following
                if updater.running:
                    await updater.stop()
        finally:
            try:
                await application.stop()  # lets updates already being handled finish
            finally:
                await front_end.progress.close()  # then no message is followed any more


async def poll_while_leading(
    updater: Updater,
    leader: Leader,
    start_polling: Callable[[], Awaitable[None]],
    interval: float,
) -> None:
    """Start polling when this process becomes the leader, stop when it no longer is; until
    cancelled."""
    while True:
        leads = await leader.is_leader()
        if leads and not updater.running:
            await start_polling()
        elif not leads and updater.running:
            logger.info("another process leads now: this one stops polling Telegram")
            await updater.stop()
        await asyncio.sleep(interval)
