"""Every command and every button shape with hostile arguments, through the real
python-telegram-bot Application and the Telegram stand-in, over real SQLite storage (issue 17).

Each case is sent by the box's admin and by an ordinary invited member in their private chats, as
typed text and, for the shapes the bot puts into buttons, as pressed callback data. Each must get
an answer in words (the command's usage or a clear refusal, never `describe(RuntimeError())`),
leave no ERROR record in the log, and change nothing: every row of every table
(`storage_tables()`, read with SQL) and what the fake qBittorrent holds and was asked to change
are equal before and after.

The cases are one table: every command in `COMMANDS` (so a new command is covered without a new
line here) with each value of `HOSTILE` as its argument; `SECOND` puts each value where a command
reads its second piece; `BUTTONS` are the callback data shapes of bot/commands (picker, downloads,
feeds, subscriptions, settings, watchlist) with one piece replaced. The world (one box, one
database, one running Application) is shared by the module: the before/after snapshot of every
case is what makes sharing safe.

Decided per command where a valid effect is a change even with odd text (`STORES`):
- `/broadcast <text>`: any text is a message. It is queued exactly (stripped, as the domain says)
  as one outbox row per person, with its audit entry, and nothing else changes; 10,000 characters
  are refused as too long (the Dispatcher's 4096). The notifier sends it as plain text.
- `/settings groups <names>`: a name of word characters in any script (`²`, `٣`, `５`) is a name
  and is stored exactly in the caller's preferences, nothing else; control characters, bidi and
  zero-width marks and HTML are refused by the domain's group pattern.
- `/feeds add <url> <filters>`: hostile filters become a word filter stored exactly (checked
  through the feed's own description); the feed and its seen items are the only rows added, and
  the test removes them again. A hostile URL is refused.
- `/invite` and `/connect` with nothing after them make an invite or a connect code, as they
  should: those rows (and the invite's audit entry) are allowed for the empty value alone.
- `/get <title> 5`: every /get is written down, found or not; a hostile title is looked up, not
  found, and stored exactly as `parse_get` read it as a request with no torrent (with the chat to
  answer in), nothing else. `/search`, `/rejected`, `/subscribe <title>` find nothing and store
  nothing; `/subscribe frieren` with nothing after it follows the show, as it should.
- `/unlink` with anything after it is refused with its usage (it used to forget the link).
- NUL: the Dispatcher drops it before reading (PostgreSQL's text cannot hold it), so "stored
  exactly" means without NUL (`read`).
The stand-in refuses any `parse_mode`, so no reply can put unescaped HTML into a formatted
message: every reply here is plain text, and a reply echoing `<b>` shows it as typed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from bot.bootstrap import Box
from bot.commands import COMMANDS
from bot.commands.arguments import EpisodeWanted, parse_get
from bot.error_text import describe
from bot.telegram.application import build_application, run_telegram
from bot.telegram.context import TelegramApplication
from bot.telegram.ratelimit import Rate, TelegramLimits
from domain.anilist.accounts import AniListAccount
from domain.feeds.filters import parse_settings
from domain.models import Platform, Role
from storage.database import Database
from tests.fakes_watchlist import FakeAniListLists, list_entry
from tests.harness.databases import migrated_database, sqlite_url, storage_tables
from tests.hostile import HOSTILE
from tests.integration.telegram.people import (
    ADMIN_ID,
    FRIEREN,
    MEMBER_ID,
    RELEASES,
    REPLY_WITHIN,
    Person,
)
from tests.integration.telegram.people import settled as settled_application
from tests.standins.nyaa import build_feed
from tests.standins.telegram import ApiCall, TelegramStandIn
from tests.world import World, build_world, stored_box

pytestmark = pytest.mark.asyncio(loop_scope="module")

CRASH = describe(RuntimeError())
ANILIST_ID = 5001
FEED_URL = "https://feeds.example/rss"
# Pacing is test_rate_limits' subject; here it would only make each case wait its chat's turn.
UNPACED = TelegramLimits(*(Rate(1_000_000, 1.0) for _ in range(3)))

# Where a command reads a second piece, the first being valid. {own}: a download of the sender's;
# {token}: the admin's live /search list; {feed}: the admin's feed.
SECOND = [
    "/get frieren {x}",
    "/get {x} 5",
    "/pick {token} {x}",
    "/status {own} {x}",
    "/delete {own} {x}",
    "/files {own} {x}",
    "/subscribe frieren {x}",
    "/feeds remove {x}",
    "/feeds test {x}",
    "/feeds add {x}",
    "/feeds add " + FEED_URL + " {x}",
    "/feeds add " + FEED_URL + " every={x}",
    "/settings resolution {x}",
    "/settings min {x}",
    "/settings groups {x}",
    "/settings trusted {x}",
    "/settings maxsize {x}",
    "/settings language {x}",
    "/link token {x}",
    "/link {x} more",
    "/watchlist +1 {x}",
    "/watchlist get {x} 6",
    "/watchlist get 154587 {x}",
    "/watchlist watched {x} 6",
    "/watchlist watched 154587 {x}",
    "/watchlist complete {x}",
    "/invite 1 {x}",
    "/quota 2 {x}",
    "/quota 2 disk {x}",
    "/quota 2 active {x}",
    "/audit 5 {x}",
]

# Every callback data shape bot/commands builds (`Button(..., command)`), one piece replaced.
BUTTONS = [
    "/pick {token} {x}",
    "/pick {x} 1",
    "/pick {token} p{x}",
    "/delete {x} yes",
    "/delete {x} files",
    "/delete {own} {x}",
    "/feeds test {x}",
    "/unsubscribe {x}",
    "/settings resolution {x}",
    "/settings min {x}",
    "/settings {x} off",
    "/settings trusted {x}",
    "/settings language {x}",
    "/settings maxsize {x}",
    "/settings groups {x}",
    "/get {x} 6",
    "/get frieren {x}",
    "/watchlist get {x} 6",
    "/watchlist get 154587 {x}",
    "/watchlist +1 {x}",
    "/watchlist watched {x} 6",
    "/watchlist watched 154587 {x}",
    "/watchlist complete {x}",
]


@dataclass(frozen=True, slots=True)
class Chats:
    """The running bot, its stores, and who talks to it."""

    standin: TelegramStandIn
    world: World
    box: Box
    database: Database
    application: TelegramApplication
    people: dict[str, Person]
    own: dict[str, int]  # who -> the number of a download of theirs
    token: str  # the admin's /search list
    feed: int  # the admin's feed


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chats(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Chats]:
    lists = FakeAniListLists(
        lists={ANILIST_ID: [list_entry(154587, "Sousou no Frieren", 5, 28, 8)]},
        tokens={"tok": ANILIST_ID},
    )
    world = build_world(releases=RELEASES, media=[FRIEREN], admins=[str(ADMIN_ID)], lists=lists)
    world.anilist.tokens["tok"] = AniListAccount(ANILIST_ID, "alice")
    world.feed_source.bodies[FEED_URL] = build_feed(RELEASES[:2])
    url = sqlite_url(tmp_path_factory.mktemp("hostile") / "iiitorrent.db")
    async with AsyncExitStack() as stack:
        standin = await stack.enter_async_context(TelegramStandIn())
        database = await stack.enter_async_context(migrated_database(url))
        box = stored_box(world)
        await box.adapters.repositories.users.create(
            platform=Platform.TELEGRAM,
            external_id=str(MEMBER_ID),
            display_name="Mia",
            role=Role.USER,
        )
        application = build_application(
            standin.token,
            standin.base_url,
            box.dispatcher,
            box.services,
            box.progress,
            limits=UNPACED,
        )
        await stack.enter_async_context(run_telegram(application, poll_timeout=5.0))
        people = {
            "admin": Person(standin, ADMIN_ID, "Alice"),
            "member": Person(standin, MEMBER_ID, "Mia"),
        }
        chats = Chats(standin, world, box, database, application, people, {}, "", 0)
        own = {}
        for who, episode in (("admin", 5), ("member", 6)):
            await ask(chats, who, "/start")
            await ask(chats, who, "/link token tok")
            got = await ask(chats, who, f"/get frieren {episode}")
            own[who] = int(got.split("#", 1)[1].split(":", 1)[0])
        listed = await chats.people["admin"].send("/search frieren 5")
        token = listed.button_data[0].split()[1]
        await ask(chats, "admin", "/subscribe frieren")
        added = await ask(chats, "admin", f"/feeds add {FEED_URL}")
        feed = int(added.split("#", 1)[1].split(":", 1)[0])
        yield Chats(standin, world, box, database, application, people, own, token, feed)


async def settled(chats: Chats) -> None:
    await settled_application(chats.application, chats.standin)


async def ask(chats: Chats, who: str, text: str) -> str:
    """`text` from `who` in their private chat; the bot's answer, every message of it."""
    person = chats.people[who]
    mark = len(chats.standin.calls)
    person.write(text)
    await chats.standin.wait_for(lambda c: _said(c, person), REPLY_WITHIN, since=mark)
    await settled(chats)
    return "\n".join(c.text for c in chats.standin.calls[mark:] if _said(c, person))


async def press(chats: Chats, who: str, data: str) -> str:
    """A button carrying `data` pressed by `who` under the bot's last message to them; the
    alert they see, or what the message became."""
    person = chats.people[who]
    shown = [m for m in chats.standin.history(person.chat) if m.from_bot][-1]
    mark = len(chats.standin.calls)
    query = chats.standin.push_callback(person.user_id, data, shown.message_id, person.chat)
    answer = await chats.standin.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query,
        REPLY_WITHIN,
        since=mark,
    )
    if answer.params.get("show_alert"):
        await settled(chats)
        return str(answer.params.get("text", ""))
    await chats.standin.wait_for(
        lambda c: _said(c, person) or (c.method == "editMessageText" and c.chat_id == person.chat),
        REPLY_WITHIN,
        since=mark,
    )
    await settled(chats)
    return "\n".join(
        c.text
        for c in chats.standin.calls[mark:]
        if _said(c, person) or c.method == "editMessageText"
    )


def _said(call: ApiCall, person: Person) -> bool:
    return call.method == "sendMessage" and call.chat_id == person.chat and call.ok


Rows = dict[str, list[tuple[Any, ...]]]


async def rows(database: Database) -> Rows:
    connection = database.connection()
    found: Rows = {}
    for table in storage_tables():
        result = await connection.execute_query_dict(f'SELECT * FROM "{table}"')
        found[table] = sorted(tuple(sorted(row.items())) for row in result)
    return found


def torrents(world: World) -> tuple[object, ...]:
    fake = world.torrents
    changes = {m: fake.calls[m] for m in ("add", "pause", "resume", "remove_owner", "delete")}
    return (dict(fake.torrents_by_hash), list(fake.added_sources), list(fake.deleted), changes)


def changed(before: Rows, after: Rows) -> dict[str, tuple[list[Any], list[Any]]]:
    return {
        table: (sorted(set(old) - set(after[table])), sorted(set(after[table]) - set(old)))
        for table, old in before.items()
        if set(old) != set(after[table])
    }


Keeps = Callable[[Chats, str, Rows], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Effect:
    """What a case may change, when its valid effect is a change even with odd text: rows of
    `tables` alone; `keeps` asserts the input was stored exactly; `undo` puts the world back for
    the cases after it. `empty_only`: only the command with nothing after it has the effect."""

    tables: frozenset[str]
    keeps: Keeps | None = None
    undo: Callable[[Chats, str, Rows], Awaitable[None]] | None = None
    empty_only: bool = False


def read(x: str) -> str:
    """`x` as the Dispatcher reads it: without NUL, which PostgreSQL's text cannot hold."""
    return x.replace("\x00", "")


async def _broadcast_kept(chats: Chats, x: str, new: Rows) -> None:
    details = [dict(row)["detail"] for row in new.get("audit_log", [])]
    assert details == [read(x).strip()], details


async def _groups_kept(chats: Chats, x: str, new: Rows) -> None:
    (row,) = new["users"]
    preferences = dict(row)["preferences"]
    stored = json.loads(preferences) if isinstance(preferences, str) else preferences
    assert stored["groups"] == [" ".join(read(x).split())], stored


async def _filters_kept(chats: Chats, x: str, new: Rows) -> None:
    (row,) = new["feeds"]
    feed = await chats.box.adapters.repositories.feeds.get(dict(row)["id"])
    assert feed is not None and feed.url == FEED_URL
    assert feed.settings == parse_settings(read(x)), feed.settings


async def _request_kept(chats: Chats, x: str, new: Rows) -> None:
    (row,) = new["download_requests"]
    wanted = parse_get(f"{read(x)} 6")
    assert isinstance(wanted, EpisodeWanted)
    request = dict(row)
    assert (request["query"], request["info_hash"]) == (wanted.query, None), request


async def _feed_removed(chats: Chats, x: str, new: Rows) -> None:
    for row in new.get("feeds", []):
        await chats.box.adapters.repositories.feeds.delete(dict(row)["id"])


async def _relinked(chats: Chats, x: str, new: Rows) -> None:
    for who in chats.people:
        await ask(chats, who, "/link token tok")


# Every /get is written down, found or not, with the chat to answer in.
_ASKED = ("download_requests", "download_replies")
# Each by its template (`/<name> {x}` for the first argument); see the module's docstring.
EFFECTS: dict[str, Effect] = {
    "/broadcast {x}": Effect(frozenset({"audit_log", "outbox"}), keeps=_broadcast_kept),
    "/settings groups {x}": Effect(frozenset({"users"}), keeps=_groups_kept),
    f"/feeds add {FEED_URL} {{x}}": Effect(
        frozenset({"feeds", "feed_seen_items"}), keeps=_filters_kept, undo=_feed_removed
    ),
    "/get {x} 5": Effect(frozenset(_ASKED), keeps=_request_kept),
    "/get {x} 6": Effect(frozenset(_ASKED), keeps=_request_kept),
    "/subscribe frieren {x}": Effect(frozenset({"subscriptions"}), empty_only=True),
    "/unlink {x}": Effect(frozenset({"anilist_links"}), undo=_relinked, empty_only=True),
    "/connect {x}": Effect(frozenset({"connect_codes"}), empty_only=True),
    "/invite {x}": Effect(frozenset({"invites", "audit_log"}), empty_only=True),
    "/invite 1 {x}": Effect(frozenset({"invites", "audit_log"}), empty_only=True),
}


async def run(
    chats: Chats,
    who: str,
    template: str,
    x: str,
    send: Callable[[Chats, str, str], Awaitable[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One case: `template` with `x` in it, sent by `who`; the checks of the module docstring."""
    text = template.format(x=x, own=chats.own[who], token=chats.token, feed=chats.feed)
    caplog.set_level(logging.INFO)
    mark = len(chats.standin.calls)
    before, held = await rows(chats.database), torrents(chats.world)
    answer = await send(chats, who, text)
    after = await rows(chats.database)

    shown = (text[:60], answer[:300])
    assert answer.strip() and CRASH not in answer, shown
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert errors == [], shown
    assert torrents(chats.world) == held, shown
    assert not any(c.params.get("parse_mode") for c in chats.standin.calls[mark:]), shown
    effect = EFFECTS.get(template)
    if effect is None or (effect.empty_only and x):
        assert changed(before, after) == {}, shown
        return
    assert set(changed(before, after)) <= effect.tables, shown
    new = {table: fresh for table, (_, fresh) in changed(before, after).items()}
    if new and effect.keeps is not None:
        await effect.keeps(chats, x, new)
    if effect.undo is not None:
        await effect.undo(chats, x, new)


@pytest.mark.parametrize("who", ["admin", "member"])
@pytest.mark.parametrize("x", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
async def test_every_command_with_a_hostile_argument(
    chats: Chats, who: str, x: str, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    await run(chats, who, f"/{name} {{x}}", x, ask, caplog)


@pytest.mark.parametrize("who", ["admin", "member"])
@pytest.mark.parametrize("x", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("place", SECOND)
async def test_a_hostile_second_argument(
    chats: Chats, who: str, x: str, place: str, caplog: pytest.LogCaptureFixture
) -> None:
    await run(chats, who, place, x, ask, caplog)


@pytest.mark.parametrize("who", ["admin", "member"])
@pytest.mark.parametrize("x", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("shape", BUTTONS)
async def test_a_button_with_a_hostile_piece(
    chats: Chats, who: str, x: str, shape: str, caplog: pytest.LogCaptureFixture
) -> None:
    await run(chats, who, shape, x, press, caplog)
