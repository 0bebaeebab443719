"""The real python-telegram-bot Application, built as bot/app.py builds it, against the stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.telegram.application import build_application, run_telegram
from bot.telegram.context import TelegramApplication
from domain.models import Platform, Role
from tests.integration.telegram.people import (
    ADMIN_ID,
    FRIEREN,
    MEMBER_ID,
    RELEASES,
    Person,
)
from tests.standins.telegram import TelegramStandIn
from tests.world import World, build_world

PROGRESS_INTERVAL = 0.05  # seconds; fast enough that progress tests take a blink


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as server:
        yield server


@pytest.fixture
async def world() -> World:
    world = build_world(releases=RELEASES, media=[FRIEREN], admins=[str(ADMIN_ID)])
    # An ordinary user someone invited earlier: known, not an admin.
    await world.users.create(
        platform=Platform.TELEGRAM, external_id=str(MEMBER_ID), display_name="Mia", role=Role.USER
    )
    return world


@pytest.fixture
def application(standin: TelegramStandIn, world: World) -> TelegramApplication:
    return build_application(
        standin.token,
        standin.base_url,
        world.dispatcher,
        world.services,
        world.box.progress,
        progress_interval=PROGRESS_INTERVAL,
    )


@pytest.fixture
async def running(
    application: TelegramApplication, standin: TelegramStandIn
) -> AsyncIterator[TelegramApplication]:
    async with run_telegram(application, poll_timeout=5.0):
        yield application


@pytest.fixture
def admin(standin: TelegramStandIn, running: TelegramApplication) -> Person:
    return Person(standin, ADMIN_ID, "Alice")
