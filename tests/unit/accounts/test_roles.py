"""Owners are whoever the configuration lists; owners manage admins, admins manage users, and
nobody acts on themselves, an equal or a better."""

from __future__ import annotations

import re

import pytest

from bot.errors import UnknownCommand
from domain.errors import InvalidInput, NotAllowed
from domain.models import Platform, Role
from tests.world import World, build_world

TG = Platform.TELEGRAM
# People by the role they hold, as Telegram ids: two owners (configured), two admins, two users.
PEOPLE = {"owner": "1000", "owner2": "1001", "admin": "20", "admin2": "21", "user": "30"}
PEOPLE["user2"] = "31"


async def cast() -> tuple[World, dict[str, int]]:
    w = build_world(admins=(PEOPLE["owner"], PEOPLE["owner2"]))
    for name in ("admin", "admin2", "user", "user2"):
        role = "admin" if name.startswith("admin") else "user"
        invite = (await w.say(PEOPLE["owner"], f"/invite 1 1 {role}")).text
        match = re.search(r"/start (\S+)", invite)
        assert match
        await w.say(PEOPLE[name], f"/start {match[1]}")
    await w.say(PEOPLE["owner2"], "/start")
    ids = {}
    for name, external_id in PEOPLE.items():
        user = await w.users.by_identity(TG, external_id)
        assert user is not None
        ids[name] = user.id
    return w, ids


OK, REFUSED, NOT_THERE, POINTLESS = "ok", NotAllowed, UnknownCommand, InvalidInput
MATRIX = [
    # actor, command, target, outcome
    ("owner", "demote", "admin", OK),
    ("owner", "demote", "owner2", REFUSED),  # an equal
    ("owner", "demote", "owner", REFUSED),  # oneself
    ("owner", "demote", "user", POINTLESS),  # not an admin
    ("owner", "promote", "user", OK),
    ("owner", "promote", "admin", POINTLESS),  # already one
    ("owner", "ban", "admin", OK),
    ("admin", "demote", "admin2", REFUSED),  # an equal
    ("admin", "demote", "admin", REFUSED),  # oneself
    ("admin", "demote", "owner", REFUSED),  # a better
    ("admin", "ban", "owner", REFUSED),
    ("admin", "ban", "admin2", REFUSED),
    ("admin", "promote", "user", OK),
    ("admin", "ban", "user", OK),
    ("user", "demote", "admin", NOT_THERE),  # admin commands do not exist for users
    ("user", "promote", "user2", NOT_THERE),
    ("user", "ban", "user2", NOT_THERE),
]


@pytest.mark.parametrize(("actor", "command", "target", "outcome"), MATRIX)
async def test_who_may_change_whom(actor: str, command: str, target: str, outcome: object) -> None:
    w, ids = await cast()
    before = await w.users.get(ids[target])
    if outcome == OK:
        await w.say(PEOPLE[actor], f"/{command} {ids[target]}")
        after = await w.users.get(ids[target])
        assert after != before
        assert w.audit.entries[-1].action == command
        return
    assert isinstance(outcome, type)
    with pytest.raises(outcome):
        await w.say(PEOPLE[actor], f"/{command} {ids[target]}")
    assert await w.users.get(ids[target]) == before


async def test_the_configured_people_are_owners_and_admins_they_make_are_admins() -> None:
    w, ids = await cast()
    roles = {name: (await w.users.get(i)).role for name, i in ids.items()}  # type: ignore[union-attr]
    assert roles == {
        "owner": Role.OWNER,
        "owner2": Role.OWNER,
        "admin": Role.ADMIN,
        "admin2": Role.ADMIN,
        "user": Role.USER,
        "user2": Role.USER,
    }


async def test_a_configured_discord_id_is_an_owner_too() -> None:
    w = build_world(discord_admins=("555",))
    await w.say("555", "/start", Platform.DISCORD)
    owner = await w.users.by_identity(Platform.DISCORD, "555")
    assert owner is not None and owner.role is Role.OWNER


async def test_a_bootstrap_admin_from_before_becomes_owner_on_their_next_message() -> None:
    w = build_world(admins=("1000",))
    old = await w.users.create(
        platform=TG, external_id="1000", display_name="boss", role=Role.ADMIN
    )
    await w.say("1000", "/start")
    assert (await w.users.get(old.id)).role is Role.OWNER  # type: ignore[union-attr]
    assert (w.audit.entries[-1].actor_id, w.audit.entries[-1].action) == (None, "owner")


async def test_at_start_listed_people_become_owners_and_unlisted_owners_admins() -> None:
    w = build_world(admins=("1000",))
    listed = await w.users.create(
        platform=TG, external_id="1000", display_name="boss", role=Role.ADMIN
    )
    former = await w.users.create(
        platform=TG, external_id="999", display_name="old boss", role=Role.OWNER
    )
    plain = await w.users.create(
        platform=TG, external_id="5", display_name="someone", role=Role.USER
    )

    await w.services.accounts.settle_owners()

    roles = [(await w.users.get(u.id)).role for u in (listed, former, plain)]  # type: ignore[union-attr]
    assert roles == [Role.OWNER, Role.ADMIN, Role.USER]
    await w.services.accounts.settle_owners()  # settled: nothing more to do
    assert [e.action for e in w.audit.entries] == ["owner", "demote"]


async def test_an_owner_can_now_demote_an_admin_that_was_a_bootstrap_admin_before() -> None:
    w = build_world(admins=("1000",))
    boss = await w.users.create(
        platform=TG, external_id="1000", display_name="boss", role=Role.ADMIN
    )
    helper = await w.users.create(
        platform=TG, external_id="7", display_name="helper", role=Role.ADMIN
    )
    with pytest.raises(NotAllowed):  # as it was: an admin cannot demote an admin
        await w.services.admin.demote(boss, helper.id)  # type: ignore[union-attr]
    assert "now a user" in (await w.say("1000", f"/demote {helper.id}")).text
