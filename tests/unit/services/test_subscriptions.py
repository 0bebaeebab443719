"""/subscribe, /unsubscribe, /subscriptions as the service sees them: who may subscribe which
chat, who may change what, and bad input."""

from __future__ import annotations

import pytest

from domain.errors import CatalogError, InvalidInput, NotChatAdmin, NotSubscribed, UnknownShow
from domain.models import ChatTarget, Platform, Role
from tests.unit.services.airing_world import DUNGEON, FRIEREN, GROUP, airing_world


async def test_subscribing_says_when_the_next_episode_airs() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    subscribed = await world.service.subscribe_title(
        ann, "frieren", chat, is_chat_admin=None, auto_download=True
    )
    assert subscribed.created and subscribed.schedule_known
    assert subscribed.subscription.title == "Frieren: Beyond Journey's End"
    assert subscribed.subscription.query == "Sousou no Frieren"
    assert subscribed.subscription.auto_download
    assert subscribed.next_episode is not None and subscribed.next_episode.episode == 5


async def test_subscribing_again_only_changes_auto_download() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    first = await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                                auto_download=False)  # fmt: skip
    again = await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                                auto_download=True)  # fmt: skip
    assert not again.created and again.subscription.id == first.subscription.id
    [view] = await world.service.listed(ann, chat)
    assert view.subscription.auto_download


@pytest.mark.parametrize(
    ("role", "is_chat_admin", "allowed"),
    [
        (Role.USER, False, False),  # a group member
        (Role.USER, None, False),  # the platform could not say
        (Role.USER, True, True),  # the group's admin
        (Role.ADMIN, False, True),  # the box's admin
    ],
)
async def test_only_group_admins_subscribe_a_group(
    role: Role, is_chat_admin: bool | None, allowed: bool
) -> None:
    world = airing_world()
    user, _ = await world.person("101", role=role)
    subscribe = world.service.subscribe_title(
        user, "frieren", GROUP, is_chat_admin=is_chat_admin, auto_download=False
    )
    if allowed:
        assert (await subscribe).subscription.target == GROUP
    else:
        with pytest.raises(NotChatAdmin):
            await subscribe
        assert world.subscriptions.rows == {}
        assert world.airing.asked == []  # refused before AniList is asked anything


async def test_group_admins_change_the_groups_subscriptions_members_do_not() -> None:
    world = airing_world()
    admin, _ = await world.person("101")
    member, _ = await world.person("102")
    subscribed = await world.service.subscribe_title(
        admin, "frieren", GROUP, is_chat_admin=True, auto_download=False
    )
    number = str(subscribed.subscription.id)
    with pytest.raises(NotSubscribed):
        await world.service.unsubscribe(member, number, GROUP, is_chat_admin=False)
    # A group's subscription is changed from that group, not from elsewhere.
    with pytest.raises(NotSubscribed):
        await world.service.unsubscribe(admin, number, ChatTarget(Platform.TELEGRAM, "101"),
                                        is_chat_admin=None)  # fmt: skip
    [view] = await world.service.listed(member, GROUP)  # members may look
    removed = await world.service.unsubscribe(admin, "frieren", GROUP, is_chat_admin=True)
    assert removed.media_id == FRIEREN.id
    assert await world.service.listed(admin, GROUP) == []
    assert view.subscription.id == removed.id


async def test_people_act_only_on_their_own_subscriptions_admins_on_all() -> None:
    world = airing_world()
    ann, ann_chat = await world.person("101")
    bob, bob_chat = await world.person("102")
    boss, boss_chat = await world.person("1", role=Role.ADMIN)
    anns = await world.service.subscribe_title(ann, "frieren", ann_chat, is_chat_admin=None,
                                               auto_download=False)  # fmt: skip
    await world.service.subscribe_title(bob, "dungeon", bob_chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    number = str(anns.subscription.id)
    with pytest.raises(NotSubscribed):
        await world.service.unsubscribe(bob, number, bob_chat, is_chat_admin=None)
    with pytest.raises(NotSubscribed):  # by name, Bob only sees his own
        await world.service.unsubscribe(bob, "frieren", bob_chat, is_chat_admin=None)
    assert [v.subscription.media_id for v in await world.service.listed(bob, bob_chat)] == [
        DUNGEON.id
    ]
    everyone = await world.service.listed(boss, boss_chat, everyone=True)
    assert {v.subscription.user_id for v in everyone} == {ann.id, bob.id}
    # "everyone" means nothing more for someone who is not an admin.
    assert len(await world.service.listed(bob, bob_chat, everyone=True)) == 1
    await world.service.unsubscribe(boss, f"#{number}", boss_chat, is_chat_admin=None)
    assert await world.service.listed(ann, ann_chat) == []


@pytest.mark.parametrize("which", ["", "   ", "999", "99999999999999999999", "#0", "naruto"])
async def test_unsubscribing_something_not_there_is_refused(which: str) -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                        auto_download=False)  # fmt: skip
    with pytest.raises((NotSubscribed, InvalidInput)):
        await world.service.unsubscribe(ann, which, chat, is_chat_admin=None)
    assert len(await world.service.listed(ann, chat)) == 1


async def test_a_name_matching_several_subscriptions_asks_for_the_number() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    for title in ("frieren", "dungeon"):
        await world.service.subscribe_title(ann, title, chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    with pytest.raises(InvalidInput, match="use the number"):
        await world.service.unsubscribe(ann, "n", chat, is_chat_admin=None)


async def test_unknown_shows_and_empty_titles_are_refused() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    with pytest.raises(UnknownShow):
        await world.service.subscribe_title(ann, "no such show", chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    with pytest.raises(InvalidInput):
        await world.service.subscribe_title(ann, "  ", chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    assert world.subscriptions.rows == {}


async def test_anilist_down_refuses_a_new_subscription_but_not_a_missing_schedule() -> None:
    world = airing_world()
    ann, chat = await world.person("101")
    world.airing.down = True
    subscribed = await world.service.subscribe_title(ann, "frieren", chat, is_chat_admin=None,
                                                     auto_download=False)  # fmt: skip
    assert not subscribed.schedule_known and subscribed.next_episode is None
    world.fakes.catalog.down = True
    with pytest.raises(CatalogError):
        await world.service.subscribe_title(ann, "dungeon", chat, is_chat_admin=None,
                                            auto_download=False)  # fmt: skip
    assert len(world.subscriptions.rows) == 1
