"""A finished download whose AniList show and episode are known (issue 13): its owner's notice has
"✓ Watched" and "Next episode"; a plain /get's has neither, and a group's copy never does."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.commands import Caller, Reply
from domain.anilist.accounts import AniListAccount
from domain.models import (
    ChatTarget,
    Download,
    DownloadState,
    Notification,
    Platform,
    TargetKind,
    TorrentStatus,
)
from domain.notifications.events import Recipient, download_completed
from tests.fakes import release
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.world import World, build_world

ALICE = 5001  # Alice's AniList user id
TG = "1000"  # Alice on Telegram
ALICE_CHAT = ChatTarget(Platform.TELEGRAM, TG, TargetKind.PERSON)
GROUP = ChatTarget(Platform.TELEGRAM, "-100777", TargetKind.GROUP)
FRIEREN = 154587
EPISODE_6 = release("[SubsPlease] Sousou no Frieren - 06 (1080p) [ABCD0006].mkv")
EPISODE_7 = release("[SubsPlease] Sousou no Frieren - 07 (1080p) [ABCD0007].mkv")


async def linked_world() -> World:
    """Alice at episode 5 of Frieren on AniList, 7 aired; 6 and 7 on Nyaa."""
    lists = FakeAniListLists(
        lists={ALICE: [list_entry(FRIEREN, "Sousou no Frieren", 5, 28, 8)]},
        tokens={"tok": ALICE},
    )
    world = build_world(admins=(TG,), releases=[EPISODE_6, EPISODE_7], lists=lists)
    world.anilist.tokens["tok"] = AniListAccount(ALICE, "alice")
    await say(world, "/link token tok")
    return world


async def say(world: World, text: str) -> Reply:
    """As Telegram hands it over: from Alice's private chat."""
    return await world.dispatcher.handle(
        Caller(Platform.TELEGRAM, TG, "Alice", chat=ALICE_CHAT), text
    )


async def finished(world: World, info_hash: str) -> list[tuple[ChatTarget, Notification]]:
    """The torrent finishes; the watcher runs once. What the outbox holds for whom."""
    world.torrents.finish(info_hash)
    await world.box.completions.poll()
    return [(row.entry.target, row.entry.notification) for row in world.outbox.rows.values()]


def actions(notification: Notification) -> list[tuple[str, str]]:
    return [(a.label, a.command) for a in notification.actions]


async def test_a_watchlist_auto_download_is_marked_watched_from_its_notice() -> None:
    world = await linked_world()
    answer = await say(world, "/watchlist auto on")
    assert "Fetching Sousou no Frieren episode 6 (#1)." in answer.text
    [request] = [r for r in world.requests.rows.values() if r.episode == 6]
    assert request.media_id == FRIEREN

    [(target, notice)] = await finished(world, EPISODE_6.info_hash)

    assert target == ALICE_CHAT and notice.title == "Download complete"
    assert actions(notice) == [
        ("Files", "/files 1"),
        ("Status", "/status 1"),
        ("✓ Watched", f"/watchlist watched {FRIEREN} 6"),
        ("Next episode", f"/watchlist get {FRIEREN} 7"),
    ]
    pressed = await say(world, f"/watchlist watched {FRIEREN} 6")
    assert pressed.text.startswith("Marked on AniList: Sousou no Frieren — 6/28 watched")
    assert world.lists.lists[ALICE][0]["progress"] == 6


async def test_next_episode_fetches_by_anilist_id_so_its_notice_has_the_buttons_too() -> None:
    world = await linked_world()

    reply = await say(world, f"/watchlist get {FRIEREN} 7")

    assert reply.text.startswith("Added #1: [SubsPlease] Sousou no Frieren - 07")
    assert reply.track_download == 1
    [request] = world.requests.rows.values()
    assert (request.query, request.episode, request.media_id) == ("Sousou no Frieren", 7, FRIEREN)
    [(_, notice)] = await finished(world, EPISODE_7.info_hash)
    assert ("✓ Watched", f"/watchlist watched {FRIEREN} 7") in actions(notice)
    assert ("Next episode", f"/watchlist get {FRIEREN} 8") in actions(notice)


async def test_a_plain_get_knows_no_anilist_show_and_gets_no_watched_button() -> None:
    world = await linked_world()
    await say(world, "/get Sousou no Frieren 6")
    [request] = world.requests.rows.values()
    assert request.media_id is None

    [(_, notice)] = await finished(world, EPISODE_6.info_hash)

    assert actions(notice) == [("Files", "/files 1"), ("Status", "/status 1")]


def test_the_group_copy_of_a_notice_has_no_anilist_buttons() -> None:
    download = Download(
        id=3,
        info_hash=EPISODE_6.info_hash,
        owner_id=1,
        name=EPISODE_6.title,
        state=DownloadState.COMPLETED,
        added_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    recipient = Recipient(download, GROUP, ALICE_CHAT, episode=6, media_id=FRIEREN)
    torrent = TorrentStatus(
        info_hash=download.info_hash,
        name=download.name,
        state=DownloadState.COMPLETED,
        progress=1.0,
        size=7,
        downloaded=7,
        download_speed=0,
        upload_speed=0,
        eta=None,
    )

    personal, group = download_completed(recipient, torrent, "https://box.example/f/x")

    assert personal.target == ALICE_CHAT
    assert [a.label for a in personal.notification.actions] == [
        "Files",
        "Status",
        "✓ Watched",
        "Next episode",
    ]
    assert group.target == GROUP and group.notification.url is None
    assert actions(group.notification) == [("Files", "/files 3")]
    # Every button fits Telegram's 64 bytes of callback data, the tighter of the two limits.
    assert all(len(a.command.encode()) <= 64 for a in personal.notification.actions)
