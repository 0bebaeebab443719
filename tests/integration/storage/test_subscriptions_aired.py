"""The aired episodes still waiting, due or not, on both backends: what the airing watcher checks
Nyaa's latest releases against."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.models import AiringEpisode, ChatTarget, Platform, Role
from storage.database import Database
from storage.repositories.subscriptions import TortoiseSubscriptionRepository
from storage.repositories.users import TortoiseUserRepository

SHOW, OTHER, GONE = 154587, 153518, 21
ANN = ChatTarget(Platform.TELEGRAM, "101")
NOW = datetime.now(UTC).replace(microsecond=0)
H = timedelta(hours=1)


async def test_aired_episodes_are_the_waiting_ones_due_or_not(database: Database) -> None:
    repo = TortoiseSubscriptionRepository()
    ann = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="101", display_name="x", role=Role.USER
    )
    subs = {}
    for media_id in (SHOW, OTHER, GONE):
        subs[media_id], _ = await repo.subscribe(user_id=ann.id, media_id=media_id, title="T",
            query=f"Show {media_id}", target=ANN, auto_download=False)  # fmt: skip
    await repo.save_schedule(
        SHOW,
        [AiringEpisode(SHOW, n, NOW + (n - 4) * H) for n in (1, 2, 3, 4, 5)],
        checked_at=NOW,
    )
    await repo.save_schedule(OTHER, [AiringEpisode(OTHER, 7, NOW - 2.5 * H)], checked_at=NOW)
    await repo.save_schedule(GONE, [AiringEpisode(GONE, 1, NOW - H)], checked_at=NOW)
    await repo.remove(subs[GONE].id)  # nobody follows it any more
    by_number = {(e.media_id, e.episode): e for e in await repo.due_episodes(NOW)}
    await repo.reschedule(by_number[SHOW, 3].id, NOW + 15 * timedelta(minutes=1))  # not due
    await repo.mark_missed(by_number[SHOW, 1].id)
    await repo.announce(by_number[SHOW, 2].id, release_title="r", messages=[],
                        auto_download_ids=[])  # fmt: skip

    aired = await repo.aired_episodes(NOW)
    assert [(e.media_id, e.episode) for e in aired] == [(OTHER, 7), (SHOW, 3), (SHOW, 4)]
    assert aired[0].query == f"Show {OTHER}" and aired[1].next_poll_at > NOW
    assert [e.episode for e in await repo.aired_episodes(NOW + H)] == [7, 3, 4, 5]
