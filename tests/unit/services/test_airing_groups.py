"""A season stays in one release group: auto-downloads of new episodes follow the group and
resolution of the subscriber's previous episode, wait for it up to GROUP_WAIT after the episode's
first release, and then take the best other release with a private word why."""

from __future__ import annotations

from datetime import timedelta

from domain.models import (
    ChatTarget,
    Notification,
    NotificationKind,
    Preferences,
    Release,
    User,
)
from tests.fakes import FakeClock, release
from tests.unit.services.airing_world import GROUP, AiringWorld, airing_world, frieren
from tests.unit.services.test_airing import alerts, run_for

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
START = FakeClock()()


def airs(episode: int) -> timedelta:
    """How long after the world's start Frieren's `episode` airs (see `airing_world`)."""
    return HOUR + timedelta(weeks=episode - 5)


def at(world: AiringWorld, since_start: timedelta) -> None:
    world.fakes.clock.now = START + since_start


async def follow(world: AiringWorld, user: User, chat: ChatTarget) -> None:
    await world.service.subscribe_title(user, "frieren", chat, is_chat_admin=True,
                                        auto_download=True)  # fmt: skip


def got(world: AiringWorld, user: User, episode: int) -> list[str]:
    return [
        d.name
        for d in world.fakes.downloads.rows.values()
        if d.owner_id == user.id and f" - {episode:02d} " in d.name
    ]


def notices(world: AiringWorld, kind: NotificationKind) -> list[tuple[str, Notification]]:
    return [
        (row.entry.target.chat_id, row.entry.notification)
        for row in world.outbox.rows.values()
        if row.entry.notification.kind is kind
    ]


async def test_the_group_of_the_previous_episode_wins_over_one_that_was_out_first() -> None:
    world = airing_world(releases=[frieren(5)])
    ann, ann_chat = await world.person("101")
    await follow(world, ann, ann_chat)
    await run_for(world, airs(5) + MIN)
    assert got(world, ann, 5) == [frieren(5).title]
    # Bob follows the show after episode 5: he has no previous episode.
    bob, bob_chat = await world.person("102")
    await follow(world, bob, bob_chat)

    # Episode 6: Erai-raws releases first; SubsPlease 40 minutes later.
    at(world, airs(6) - MIN)
    world.index.releases.append(frieren(6, group="Erai-raws"))
    await run_for(world, 5 * MIN)
    assert alerts(world)[("101", "new_episode:154587:6")] == 1
    assert got(world, bob, 6) == [frieren(6, group="Erai-raws").title]  # the usual best
    assert got(world, ann, 6) == []  # waiting for SubsPlease
    [told] = [n.body for chat, n in notices(world, NotificationKind.NEW_EPISODE)
              if chat == "101" and "episode 6" in n.body]  # fmt: skip
    assert "Erai-raws" not in told  # not what she is going to get

    world.index.queries.clear()
    await run_for(world, 40 * MIN)
    assert got(world, ann, 6) == []
    # Searched for every 5 minutes, not every cycle; the latest releases are read each minute.
    assert len([q for q in world.index.queries if q]) <= 10
    world.index.queries.clear()
    while not any(world.index.queries):
        await run_for(world, MIN)  # until Ann's look for SubsPlease has just found nothing
    world.index.releases.append(frieren(6))
    await run_for(world, 2 * MIN)  # among the latest at once: looked for then, not 5 minutes on
    assert got(world, ann, 6) == [frieren(6).title]
    assert notices(world, NotificationKind.DOWNLOAD_STARTED) == []
    assert world.subscriptions.outcomes().count(None) == 0


async def test_a_group_that_has_not_released_in_time_is_left_with_a_private_word_why() -> None:
    # Cat prefers 720p: episode 5 came from Erai-raws, the one group with a 720p release.
    world = airing_world(releases=[frieren(5), frieren(5, "720p", "Erai-raws")])
    cat, _ = await world.person("103", preferences=Preferences(resolution=720))
    await follow(world, cat, GROUP)  # a group's subscription, with auto-download on
    await run_for(world, airs(5) + MIN)
    assert got(world, cat, 5) == [frieren(5, "720p", "Erai-raws").title]

    # Episode 6 only comes from SubsPlease, in 1080p, found at once.
    at(world, airs(6) - MIN)
    world.index.releases.append(frieren(6))
    await run_for(world, 2 * MIN)
    first_release = world.fakes.clock()
    await run_for(world, 2 * HOUR - 2 * MIN)
    assert got(world, cat, 6) == []  # still waiting for Erai-raws 720p

    await run_for(world, 5 * MIN)
    assert world.fakes.clock() - first_release <= 2 * HOUR + 5 * MIN
    assert got(world, cat, 6) == [frieren(6).title]  # the best other, by Cat's preferences
    [(chat, notice)] = notices(world, NotificationKind.DOWNLOAD_STARTED)
    assert chat == "103"  # privately: the group hears only of the new episode
    assert "episode 6" in notice.body and "Erai-raws 720p" in notice.body
    assert "not out 2 hours after the first release" in notice.body
    assert frieren(6).title in notice.body
    group_heard = {
        row.entry.notification.kind
        for row in world.outbox.rows.values()
        if row.entry.target == GROUP
    }
    assert group_heard == {NotificationKind.NEW_EPISODE}

    # Told once; and episode 7 follows SubsPlease now, the group of episode 6.
    at(world, airs(7) - MIN)
    world.index.releases += [frieren(7, "720p", "Erai-raws"), frieren(7)]
    await run_for(world, 10 * MIN)
    assert got(world, cat, 7) == [frieren(7).title]
    assert len(notices(world, NotificationKind.DOWNLOAD_STARTED)) == 1


def dual(episode: int) -> Release:
    return release(f"[Yameii] Sousou no Frieren - {episode:02d} [1080p] [Dual Audio].mkv")


async def test_the_group_wins_over_a_preferred_audio_it_does_not_offer() -> None:
    # Dan prefers dual audio, but episode 5 had none: it came from SubsPlease.
    world = airing_world(releases=[frieren(5)])
    dan, chat = await world.person("104", preferences=Preferences(language="dual"))
    await follow(world, dan, chat)
    await run_for(world, airs(5) + MIN)
    at(world, airs(6) - MIN)
    world.index.releases += [dual(6), frieren(6)]
    await run_for(world, 5 * MIN)
    assert got(world, dan, 6) == [frieren(6).title]


async def test_no_wait_setting_takes_the_best_other_at_once() -> None:
    world = airing_world(releases=[frieren(5, group="Erai-raws")], group_wait=0)
    ann, chat = await world.person("101")
    await follow(world, ann, chat)
    await run_for(world, airs(5) + MIN)
    at(world, airs(6) - MIN)
    world.index.releases.append(frieren(6))
    await run_for(world, 5 * MIN)
    assert got(world, ann, 6) == [frieren(6).title]
    [(to, notice)] = notices(world, NotificationKind.DOWNLOAD_STARTED)
    assert to == "101" and "Erai-raws 1080p" in notice.body
