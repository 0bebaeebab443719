"""A broadcast on both backends: every identity listed, the audit entry and one outbox entry per
chat committed together, delivered once each on Telegram and Discord, gone chats skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.models import ChatTarget, NotificationKind, Platform, Role
from domain.notifications.dispatcher import OutboxDispatcher
from domain.notifications.outbox import DeliveryState
from domain.services.admin import AdminService
from domain.services.quotas import Limits, QuotaService
from storage.database import Database
from storage.repositories.accounts import (
    TortoiseAuditLog,
    TortoiseInviteRepository,
    TortoiseQuotaRepository,
)
from storage.repositories.broadcasts import TortoiseBroadcastLog
from storage.repositories.downloads import TortoiseDownloadRepository
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.users import TortoiseUserRepository
from tests.fakes import FakeClock, FakeTorrents
from tests.fakes_automation import RecordingNotifier

TG, DC, CONSOLE = Platform.TELEGRAM, Platform.DISCORD, Platform.CONSOLE


async def test_every_identity_is_listed_by_user_then_platform(database: Database) -> None:
    users = TortoiseUserRepository()
    assert await users.every_identity() == []
    alice = await users.create(platform=TG, external_id="11", display_name="A", role=Role.USER)
    bob = await users.create(platform=DC, external_id="22", display_name="B", role=Role.USER)
    await users.add_identity(alice.id, DC, "33")
    op = await users.create(platform=CONSOLE, external_id="op", display_name="O", role=Role.OWNER)

    assert await users.every_identity() == [
        (alice.id, DC, "33"),
        (alice.id, TG, "11"),
        (bob.id, DC, "22"),
        (op.id, CONSOLE, "op"),
    ]


async def test_a_broadcast_reaches_each_chat_once_and_skips_gone_ones(database: Database) -> None:
    clock = FakeClock(datetime.now(UTC) + timedelta(seconds=1))
    users, audit, outbox = TortoiseUserRepository(), TortoiseAuditLog(), TortoiseOutboxRepository()
    admin = AdminService(
        users=users,
        invites=TortoiseInviteRepository(),
        audit=audit,
        quotas=QuotaService(
            quotas=TortoiseQuotaRepository(),
            downloads=TortoiseDownloadRepository(),
            torrents=FakeTorrents(),
            defaults=Limits(0, 0, 0),
            clock=clock,
            users=users,
        ),
        clock=clock,
        broadcasts=TortoiseBroadcastLog(),
    )
    owner = await users.create(platform=TG, external_id="1", display_name="Owner", role=Role.OWNER)
    alice = await users.create(platform=TG, external_id="2", display_name="A", role=Role.USER)
    await users.add_identity(alice.id, DC, "20")
    await users.create(platform=TG, external_id="3", display_name="G", role=Role.USER)
    banned = await users.create(platform=DC, external_id="4", display_name="B", role=Role.USER)
    await users.set_banned(banned.id, True)
    await users.create(platform=CONSOLE, external_id="op", display_name="O", role=Role.OWNER)
    await outbox.mark_target_gone(ChatTarget(TG, "3"), "blocked the bot")

    # Owner, alice (two chats) and the person whose chat is gone; not the banned or the console.
    assert await admin.broadcast(owner, "  Box moves to a new disk tonight.  ") == 3

    entries = await outbox.entries()
    assert sorted((e.target.platform, e.target.chat_id, s) for e, s in entries) == [
        (DC, "20", DeliveryState.PENDING),
        (TG, "1", DeliveryState.PENDING),
        (TG, "2", DeliveryState.PENDING),
        (TG, "3", DeliveryState.GONE),
    ]
    assert {e.notification.kind for e, _ in entries} == {NotificationKind.BROADCAST}
    logged = (await audit.latest(1))[0]
    assert (logged.actor_id, logged.action) == (owner.id, "broadcast")
    assert logged.detail == "Box moves to a new disk tonight."

    telegram, discord = RecordingNotifier(TG), RecordingNotifier(DC)
    dispatcher = OutboxDispatcher(outbox, {TG: telegram, DC: discord}, clock)
    for _ in range(3):
        await dispatcher.dispatch()
    assert sorted(t.chat_id for t, _ in telegram.delivered) == ["1", "2"]
    assert [t.chat_id for t, _ in discord.delivered] == ["20"]
    assert {n.body for _, n in telegram.delivered + discord.delivered} == {
        "Box moves to a new disk tonight."
    }
