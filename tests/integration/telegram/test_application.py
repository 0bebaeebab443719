"""Building and running the Application: URLs, start-up failures, the menu, the keyboards."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton
from telegram.error import InvalidToken

from bot.commands import COMMANDS, Button, Caller, Command
from bot.commands.basics import start
from bot.telegram.application import build_application, file_base_url, run_telegram
from bot.telegram.commands_menu import menu
from bot.telegram.handlers import addressed_elsewhere
from bot.telegram.keyboards import CallbackDataTooLong, keyboard
from domain.models import Download, DownloadState, Platform
from tests.integration.telegram.people import ADMIN_ID
from tests.standins.telegram import MAX_CALLBACK_DATA, TelegramStandIn
from tests.world import World


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("https://api.telegram.org/bot/", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("http://proxy.lan/telegram/bot", "http://proxy.lan/telegram/file/bot"),
        ("http://127.0.0.1:8081/bot{token}", "http://127.0.0.1:8081/file/bot{token}"),
    ],
)
def test_the_file_url_sits_beside_the_bot_api_url(base_url: str, expected: str) -> None:
    assert file_base_url(base_url) == expected


@pytest.mark.parametrize("base_url", ["https://api.telegram.org", "bot", ""])
def test_a_base_url_without_a_path_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError):
        file_base_url(base_url)


async def test_a_wrong_token_fails_at_start_and_polls_nothing(
    standin: TelegramStandIn, world: World
) -> None:
    application = build_application(
        "999:not-the-token",
        standin.base_url,
        world.dispatcher,
        world.services,
        world.box.progress,
    )

    with pytest.raises(InvalidToken):
        async with run_telegram(application):
            pytest.fail("the bot must not run with a token Telegram refuses")

    assert not application.running
    assert standin.calls == []  # every request was refused before it reached a method


async def test_the_bot_starts_and_stops_in_the_callers_loop(
    standin: TelegramStandIn, world: World
) -> None:
    application = build_application(
        standin.token, standin.base_url, world.dispatcher, world.services, world.box.completions
    )
    async with run_telegram(application, poll_timeout=5.0):
        assert application.running
        assert application.updater is not None and application.updater.running
        await standin.wait_until(lambda: standin.polls_waiting == 1)

    assert not application.running
    menus = ["setMyCommands"] * 3  # default, private chats, groups
    assert [c.method for c in standin.calls[:5]] == ["getMe", *menus, "deleteWebhook"]
    # On the way out the last poll confirms what was fetched, without waiting.
    assert standin.calls[-1].method == "getUpdates"
    assert standin.calls[-1].params["timeout"] == 0


def test_the_menu_lists_what_everyone_may_run() -> None:
    secret = Command("secret", start, "numbers for admins", admin_only=True)
    listed = menu([*COMMANDS, secret])

    # /pick is what buttons send: in no menu.
    assert [c.command for c in listed] == [
        c.name for c in COMMANDS if not c.admin_only and c.name != "pick"
    ]
    assert "secret" not in [c.command for c in listed]
    assert all(1 <= len(c.description) <= 256 for c in listed)


def test_a_long_summary_is_shortened_for_the_menu() -> None:
    [listed] = menu([Command("get", start, "x" * 300)])
    assert len(listed.description) == 256


def test_buttons_become_one_row_each_with_the_command_as_callback_data() -> None:
    markup = keyboard((Button("Delete, keep files", "/delete 3 yes"), Button("Delete", "/d")))

    assert markup is not None
    assert markup.inline_keyboard == (
        (InlineKeyboardButton("Delete, keep files", callback_data="/delete 3 yes"),),
        (InlineKeyboardButton("Delete", callback_data="/d"),),
    )
    assert keyboard(()) is None


@pytest.mark.parametrize(
    ("command", "fits"),
    [
        ("/" + "x" * (MAX_CALLBACK_DATA - 1), True),
        ("/" + "x" * MAX_CALLBACK_DATA, False),
        ("/get " + "フ" * 19, True),  # 5 + 19 * 3 = 62 bytes
        ("/get " + "フ" * 20, False),  # 65 bytes, though only 25 characters
        ("", False),
    ],
)
def test_callback_data_must_fit_telegrams_64_bytes(command: str, fits: bool) -> None:
    buttons = (Button("press", command),)
    if fits:
        assert keyboard(buttons) is not None
    else:
        with pytest.raises(CallbackDataTooLong):
            keyboard(buttons)


async def test_the_delete_buttons_fit_for_the_largest_download_number(world: World) -> None:
    admin = Caller(Platform.TELEGRAM, str(ADMIN_ID), "Alice")
    user = await world.services.accounts.identify(admin.platform, admin.external_id, "Alice")
    world.downloads.rows[999_999_999] = Download(
        id=999_999_999,
        info_hash="f" * 40,
        owner_id=user.id,
        name="[SubsPlease] Sousou no Frieren - 28 (1080p) [0F1E2D3C].mkv",
        state=DownloadState.DOWNLOADING,
        added_at=world.clock(),
    )

    reply = await world.dispatcher.handle(admin, "/delete 999999999")

    markup = keyboard(reply.buttons)
    assert markup is not None
    assert [row[0].callback_data for row in markup.inline_keyboard] == [
        "/delete 999999999 yes",
        "/delete 999999999 files",
    ]


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("/help", False),
        ("/help@iiitorrent_test_bot", False),
        ("/help@IIITorrent_Test_Bot now", False),
        ("/help@OtherBot", True),
        ("/get@OtherBot frieren 5", True),
        ("", False),
    ],
)
def test_commands_addressed_to_another_bot(text: str, elsewhere: bool) -> None:
    assert addressed_elsewhere(text, "iiitorrent_test_bot") is elsewhere
