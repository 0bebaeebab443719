"""Whole conversations through python-telegram-bot, as a user on a phone would have them."""

from __future__ import annotations

from dataclasses import replace

from bot.commands import COMMANDS, StrangerRefusals
from bot.error_text import describe
from bot.telegram.application import build_application, run_telegram
from bot.telegram.context import TelegramApplication
from domain.errors import DownloadNotFound, NotAllowed
from domain.models import DownloadState, Platform, RequestState
from tests.integration.telegram.people import (
    ADMIN_ID,
    BEST_HASH,
    GROUP_ID,
    MEMBER_ID,
    RELEASES,
    STRANGER_ID,
    Person,
)
from tests.standins.telegram import TelegramStandIn
from tests.world import World


async def get_episode(admin: Person, world: World) -> int:
    """`/get frieren 5` as the admin; returns the message id of the bot's answer."""
    answer = await admin.send("/get frieren 5")
    assert answer.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 05 (1080p)")
    return answer.message_id


async def test_a_magnet_is_added_with_word_that_its_size_is_checked_once_known(
    admin: Person, world: World
) -> None:
    answer = await admin.send("/get magnet:?xt=urn:btih:" + "a" * 40 + "&dn=Some%20Show%20-%2001")
    assert answer.text.splitlines() == [
        "Added #1: Some Show - 01",
        "Its size is known once qBittorrent has its metadata: if it is more than your disk share "
        "or the disk has room for, it is removed then and you are told.",
        "I'll keep you posted; /status shows progress.",
    ]
    assert world.torrents.added_sources[0].startswith("magnet:?xt=urn:btih:" + "a" * 40)


async def test_start_and_help_from_a_bootstrap_admin(admin: Person, world: World) -> None:
    hello = await admin.send("/start")
    everything = await admin.send("/help")

    assert hello.text.startswith("Hi Alice!")
    assert hello.reply_markup is None
    user = await world.users.by_identity(Platform.TELEGRAM, str(ADMIN_ID))
    assert user is not None and user.is_admin
    for command in ("/start", "/search", "/get", "/status", "/pause", "/resume", "/delete"):
        assert f"\n{command}" in everything.text


async def test_the_command_menus_are_registered_per_scope_at_start(
    running: TelegramApplication, standin: TelegramStandIn
) -> None:
    scopes = [
        c.params.get("scope", {"type": "default"})["type"]
        for c in standin.calls_of("setMyCommands")
    ]
    assert scopes == ["default", "all_private_chats", "all_group_chats"]
    members = [c.name for c in COMMANDS if not c.admin_only and c.name != "pick"]
    assert [c["command"] for c in standin.commands()] == members
    assert [c["command"] for c in standin.commands("all_private_chats")] == members
    in_groups = [c["command"] for c in standin.commands("all_group_chats")]
    assert "search" in in_groups and "get" in in_groups
    # Personal things and admin commands are not offered in front of a group.
    assert not {"link", "quota", "files", "stats", "invite"} & set(in_groups)
    assert all(c["description"] for c in standin.commands())


async def test_each_bootstrap_admin_gets_the_full_menu_in_their_private_chat(
    standin: TelegramStandIn, world: World
) -> None:
    application = build_application(
        standin.token,
        standin.base_url,
        world.dispatcher,
        world.services,
        world.box.progress,
        admin_chats={str(ADMIN_ID), "not-a-number"},
    )
    async with run_telegram(application, poll_timeout=5.0):
        admin_menu = [c["command"] for c in standin.commands(f"chat:{ADMIN_ID}")]
    assert admin_menu == [c.name for c in COMMANDS if c.name != "pick"]
    assert "stats" in admin_menu and "stats" not in [c["command"] for c in standin.commands()]


async def test_search_lists_ranked_releases_best_first(admin: Person) -> None:
    answer = await admin.send("/search frieren")

    lines = answer.text.splitlines()
    assert lines[0] == "Best releases for “frieren” (Frieren: Beyond Journey's End):"
    assert lines[1] == "1. [SubsPlease] Sousou no Frieren - 05 (1080p) [5C9E2F1A].mkv"
    assert lines[2].split(" · ")[:4] == ["   1080p", "SubsPlease", "1.3 GiB", "900 seeders"]
    listed = "\n".join(lines)
    assert listed.index("(1080p)") < listed.index("(720p)")
    # Remakes and dead torrents are never offered.
    assert "[Erai-raws]" not in listed
    assert "[Nobody]" not in listed


async def test_get_adds_the_best_release_and_its_message_follows_it_to_completion(
    admin: Person, standin: TelegramStandIn, world: World, running: TelegramApplication
) -> None:
    message_id = await get_episode(admin, world)

    best = RELEASES[0]
    assert world.torrents.added_sources == [best.torrent_url]
    [request] = world.requests.rows.values()
    assert request.state is RequestState.ADDED

    torrent = world.torrents.torrents_by_hash[BEST_HASH]
    world.torrents.torrents_by_hash[BEST_HASH] = replace(
        torrent, progress=0.5, size=1 << 30, download_speed=2 << 20, eta=180
    )
    await world.box.completions.poll()  # the watcher's cycle tells the follower
    halfway = await standin.wait_for(
        lambda c: c.method == "editMessageText" and c.message_id == message_id and "50%" in c.text
    )
    assert "█████░░░░░ 50% · 2.0 MiB/s · ETA 3m 00s" in halfway.text

    world.torrents.finish(BEST_HASH)
    await world.box.completions.poll()
    await standin.wait_for(
        lambda c: c.method == "editMessageText" and c.message_id == message_id and "✅" in c.text
    )
    progress = running.bot_data.front_end.progress
    await standin.wait_until(lambda: progress.active == 0)

    shown = standin.message(admin.chat, message_id)
    assert shown.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 05 (1080p)")
    assert shown.text.endswith("✅ complete · 1.0 GiB")
    # One edit for each change a person could see (0% if it was seen, 50%, complete), none for
    # the watcher cycles that changed nothing.
    edits = [c for c in standin.calls_of("editMessageText") if c.message_id == message_id]
    assert 2 <= len(edits) <= 3
    assert all(c.ok for c in edits)


async def test_status_pause_and_resume(admin: Person, world: World) -> None:
    await get_episode(admin, world)

    listing = await admin.send("/status")
    paused = await admin.send("/pause 1")
    state_while_paused = world.torrents.torrents_by_hash[BEST_HASH].state
    one = await admin.send("/status 1")
    resumed = await admin.send("/resume #1")

    assert listing.text.startswith("Your downloads (1):")
    assert "░░░░░░░░░░ 0%" in listing.text
    assert paused.text.startswith("⏸ Paused #1 [SubsPlease] Sousou no Frieren - 05")
    assert state_while_paused is DownloadState.PAUSED
    assert one.text.endswith("· paused")
    assert resumed.text.startswith("▶️ Resumed #1")
    assert world.torrents.torrents_by_hash[BEST_HASH].state is DownloadState.DOWNLOADING


async def test_delete_asks_first_and_the_button_deletes(
    admin: Person, standin: TelegramStandIn, world: World
) -> None:
    await get_episode(admin, world)

    question = await admin.send("/delete 1")
    assert question.text.startswith("Delete #1 [SubsPlease] Sousou no Frieren - 05")
    assert question.button_data == ["/delete 1 yes", "/delete 1 files"]
    assert world.torrents.deleted == []

    answer = await admin.press(question, "/delete 1 files")

    # The question itself turns into the answer, so its buttons cannot be pressed twice.
    assert answer.method == "editMessageText"
    assert answer.message_id == question.message_id
    shown = standin.message(question.chat_id, question.message_id)
    assert shown.text.startswith("🗑 Deleted #1")
    assert shown.text.endswith("and its files")
    assert shown.button_data == []
    assert world.torrents.deleted == [(BEST_HASH, True)]
    assert world.downloads.rows == {}
    assert (await admin.send("/status")).text == "No downloads yet. Try /get frieren 5."


async def test_a_button_pressed_by_someone_else_leaves_the_owners_download_alone(
    admin: Person, standin: TelegramStandIn, world: World
) -> None:
    in_group = admin.in_group()
    await get_episode(in_group, world)
    question = await in_group.send("/delete 1")

    member = Person(standin, MEMBER_ID, "Mia").in_group()
    stranger = Person(standin, STRANGER_ID, "Eve").in_group()
    sent_before = len(standin.sent(GROUP_ID))
    by_member = await member.press_refused(question, "/delete 1 yes")
    by_stranger = await stranger.press_refused(question, "/delete 1 files")
    # One chat's updates are handled in order: once this is answered, the presses are done with.
    later = await in_group.send("/help")

    # Each presser alone is told, in words that reveal nothing about the download; the group
    # sees nothing.
    assert by_member == describe(DownloadNotFound("download 1"))
    assert by_stranger == describe(NotAllowed("unknown telegram user"))
    assert standin.sent(GROUP_ID)[sent_before:] == [later]
    # The owner's download and question are untouched, buttons and all.
    assert world.torrents.deleted == []
    assert BEST_HASH in world.torrents.torrents_by_hash
    owner = await world.users.by_identity(Platform.TELEGRAM, str(ADMIN_ID))
    assert owner is not None
    assert [d.owner_id for d in world.downloads.rows.values()] == [owner.id]
    shown = standin.message(question.chat_id, question.message_id)
    assert shown.edits == 0
    assert shown.button_data == ["/delete 1 yes", "/delete 1 files"]
    assert await world.users.by_identity(Platform.TELEGRAM, str(STRANGER_ID)) is None

    # The owner can still use the very same buttons.
    await in_group.press(question, "/delete 1 yes")
    assert world.torrents.deleted == [(BEST_HASH, False)]


async def test_a_stranger_is_refused_politely_and_nothing_happens_for_them(
    running: TelegramApplication, standin: TelegramStandIn, world: World
) -> None:
    stranger = Person(standin, STRANGER_ID, "Eve")
    world.dispatcher.refusals = StrangerRefusals(window=0)  # each message refused, for this test

    for text in ("/start", "/get frieren 5", "/get magnet:?xt=urn:btih:" + "a" * 40, "/status"):
        answer = await stranger.send(text)
        assert answer.text == describe(NotAllowed("unknown telegram user"))

    assert world.requests.rows == {}
    assert world.torrents.added_sources == []
    assert world.index.queries == []
    assert await world.users.by_identity(Platform.TELEGRAM, str(STRANGER_ID)) is None


async def test_unknown_commands_get_the_same_friendly_path(admin: Person) -> None:
    answer = await admin.send("/frobnicate now")
    assert answer.text == "I don't know /frobnicate. Send /help for what I can do."


async def test_a_command_for_another_bot_in_a_group_is_left_alone(
    admin: Person, standin: TelegramStandIn
) -> None:
    in_group = admin.in_group()
    in_group.write("/help@SomeOtherBot")
    answer = await in_group.send("/start@iiitorrent_test_bot")

    # One chat's updates are handled in order, so the first was seen, and ignored, before this.
    assert answer.text.startswith("Hi Alice!")
    assert [m.text[:9] for m in standin.sent(in_group.chat)] == ["Hi Alice!"]


async def test_a_button_under_a_message_gone_from_the_chat_still_answers(
    admin: Person, standin: TelegramStandIn, world: World
) -> None:
    await get_episode(admin, world)
    question = await admin.send("/delete 1")
    # The user deleted the question; a copy still on their screen keeps its buttons.
    standin.delete_in_chat(question.chat_id, question.message_id)

    answer = await admin.press(question, "/delete 1 yes")

    assert answer.method == "sendMessage"
    assert answer.text.startswith("🗑 Deleted #1")
    assert world.torrents.deleted == [(BEST_HASH, False)]
