"""Subscriptions and airing state on both backends: one subscription per (show, chat), the
schedule stored and refreshed, each episode announced once together with its alerts, and
auto-downloads that survive until they are done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.airing.messages import new_episode
from domain.airing.values import EpisodeState
from domain.models import AiringEpisode, ChatTarget, Platform, Role, TargetKind, User
from storage import models
from storage.database import Database
from storage.repositories.outbox import TortoiseOutboxRepository
from storage.repositories.subscriptions import TortoiseSubscriptionRepository
from storage.repositories.users import TortoiseUserRepository

SHOW = 154587
GROUP = ChatTarget(Platform.TELEGRAM, "-1001234", TargetKind.GROUP)
ANN = ChatTarget(Platform.TELEGRAM, "101")
NOW = datetime.now(UTC).replace(microsecond=0)


async def person(external_id: str) -> User:
    return await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id=external_id, display_name="x", role=Role.USER
    )


async def test_one_subscription_per_show_and_chat(database: Database) -> None:
    repo = TortoiseSubscriptionRepository()
    ann, bob = await person("101"), await person("102")
    first, created = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=False)  # fmt: skip
    again, created_again = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=True)  # fmt: skip
    group, _ = await repo.subscribe(user_id=bob.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=GROUP, auto_download=False)  # fmt: skip
    assert created and not created_again and again.id == first.id and again.auto_download
    assert (first.title, first.query, first.target) == ("Frieren", "Sousou no Frieren", ANN)
    assert [s.id for s in await repo.listed(user_id=ann.id)] == [first.id]
    assert [s.target for s in await repo.listed(target=GROUP)] == [GROUP]
    assert [s.id for s in await repo.listed()] == [first.id, group.id]
    assert await repo.get(2**40) is None and await repo.get(-1) is None
    await repo.remove(first.id)
    assert [s.id for s in await repo.for_media(SHOW)] == [group.id]


async def test_the_watchlist_never_changes_a_hand_made_subscription(database: Database) -> None:
    repo = TortoiseSubscriptionRepository()
    ann = await person("101")
    made, created = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=True, from_watchlist=True)  # fmt: skip
    assert created and made.from_watchlist
    # By hand, the same show in the same chat: it becomes the person's, as they asked.
    mine, _ = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=False)  # fmt: skip
    assert (mine.id, mine.from_watchlist, mine.auto_download) == (made.id, False, False)
    # The watchlist again: what the person chose stands.
    again, created = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=True, from_watchlist=True)  # fmt: skip
    assert not created and (again.from_watchlist, again.auto_download) == (False, False)
    [stored] = await repo.listed(user_id=ann.id)
    assert (stored.from_watchlist, stored.auto_download) == (False, False)


async def test_an_episode_is_announced_once_with_its_alerts(database: Database) -> None:
    repo, outbox = TortoiseSubscriptionRepository(), TortoiseOutboxRepository()
    ann = await person("101")
    sub, _ = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="Frieren",
        query="Sousou no Frieren", target=ANN, auto_download=True)  # fmt: skip
    [show] = await repo.shows()
    assert show.schedule_checked_at is None and show.next_airs_at is None

    airs = NOW + timedelta(hours=1)
    schedule = [AiringEpisode(SHOW, 5, airs), AiringEpisode(SHOW, 6, airs + timedelta(weeks=1))]
    await repo.save_schedule(SHOW, schedule, checked_at=NOW)
    await repo.save_schedule(SHOW, schedule, checked_at=NOW)  # a rerun adds nothing
    [show] = await repo.shows()
    assert show.schedule_checked_at == NOW and show.next_airs_at == airs
    assert (await repo.next_airing([SHOW], NOW))[SHOW].episode == 5
    assert await repo.due_episodes(NOW) == []

    # Delayed by AniList: looked for from the new time on.
    later = airs + timedelta(minutes=30)
    await repo.save_schedule(SHOW, [AiringEpisode(SHOW, 5, later)], checked_at=NOW)
    [due] = await repo.due_episodes(later)
    assert (due.episode, due.airs_at, due.state, due.query) == (5, later, EpisodeState.WAITING,
                                                                 "Sousou no Frieren")  # fmt: skip
    await repo.reschedule(due.id, later + timedelta(minutes=5))
    assert await repo.due_episodes(later) == []

    alert = new_episode(sub, 5, "[SubsPlease] Sousou no Frieren - 05 (1080p)", ("Frieren",))
    assert await repo.announce(due.id, release_title="r", messages=[alert],
                               auto_download_ids=[sub.id])  # fmt: skip
    assert not await repo.announce(due.id, release_title="r", messages=[alert],
                                   auto_download_ids=[sub.id])  # fmt: skip
    assert [e.event for e, _ in await outbox.entries()] == ["new_episode:154587:5"]
    assert await repo.due_episodes(later + timedelta(days=1)) == []

    [pending] = await repo.pending_auto_downloads()
    assert (pending.subscription.id, pending.episode) == (sub.id, 5)
    # The announcement is the episode's first release, which a sticky group's wait runs from.
    [(announced_at,)] = await models.AiringEpisode.filter(id=due.id).values_list("announced_at")
    assert announced_at is not None and pending.first_release_at == announced_at
    await repo.finish_auto_download(pending.id, outcome="added download 1")
    assert await repo.pending_auto_downloads() == []


async def test_a_missed_episode_is_not_due_again(database: Database) -> None:
    repo = TortoiseSubscriptionRepository()
    ann = await person("101")
    await repo.subscribe(user_id=ann.id, media_id=SHOW, title="F", query="F", target=ANN,
                         auto_download=False)  # fmt: skip
    await repo.save_schedule(SHOW, [AiringEpisode(SHOW, 1, NOW)], checked_at=NOW)
    [due] = await repo.due_episodes(NOW)
    await repo.mark_missed(due.id)
    assert await repo.due_episodes(NOW + timedelta(days=3)) == []


async def test_shows_nobody_follows_any_more_are_not_watched(database: Database) -> None:
    repo = TortoiseSubscriptionRepository()
    ann = await person("101")
    sub, _ = await repo.subscribe(user_id=ann.id, media_id=SHOW, title="F", query="F",
                                  target=ANN, auto_download=True)  # fmt: skip
    await repo.save_schedule(SHOW, [AiringEpisode(SHOW, 1, NOW)], checked_at=NOW)
    [due] = await repo.due_episodes(NOW)
    await repo.announce(due.id, release_title="r", messages=[], auto_download_ids=[sub.id])
    await repo.remove(sub.id)
    assert await repo.shows() == []
    assert await repo.pending_auto_downloads() == []
