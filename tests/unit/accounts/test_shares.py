"""Quotas and rate limits, as the user meets them through /get and /search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.error_text import describe
from bot.errors import UsageError
from domain.errors import QuotaExceeded, TooManyRequests
from domain.models import Platform
from domain.security.ratelimit import MemoryRateBuckets, Rate, UserRateLimiter
from domain.services.quotas import Limits
from tests.fakes import release
from tests.world import World, build_world, shares

ADMIN = "1000"
GB = 1024**3
SHOW = [release(f"[SubsPlease] Frieren - {n:02d} (1080p) [ABCD]", size=GB) for n in range(1, 9)]


async def world_with_user(**kwargs: object) -> World:
    w = build_world(admins=("1000",), releases=SHOW, **kwargs)  # type: ignore[arg-type]
    code = (await w.say(ADMIN, "/invite")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    return w


async def user_id(w: World, who: str) -> int:
    user = await w.users.by_identity(Platform.TELEGRAM, who)
    assert user is not None
    return user.id


async def test_a_get_over_the_active_share_is_refused_with_the_numbers_and_adds_nothing() -> None:
    w = await world_with_user(**shares(Limits(0, 2, 0)))
    await w.say("2", "/get frieren 1")
    await w.say("2", "/get frieren 2")
    with pytest.raises(QuotaExceeded) as caught:
        await w.say("2", "/get frieren 3")
    assert (caught.value.kind, caught.value.used, caught.value.limit) == ("active", 2, 2)
    assert "2 downloads running, your limit is 2" in describe(caught.value)
    assert len(w.torrents.torrents_by_hash) == 2
    assert len(w.requests.rows) == 2  # the refused one was not even written down
    # One finishes: room again.
    w.torrents.finish(next(iter(w.torrents.torrents_by_hash)))
    await w.say("2", "/get frieren 3")


async def test_the_disk_share_counts_the_release_about_to_be_added() -> None:
    w = await world_with_user(**shares(Limits(int(1.5 * GB), 0, 0)))
    await w.say("2", "/get frieren 1")
    torrents = w.torrents.torrents_by_hash
    for info_hash, status in torrents.items():
        torrents[info_hash] = replace(status, size=GB)  # the first episode is 1 GiB on disk
    with pytest.raises(QuotaExceeded) as caught:
        await w.say("2", "/get frieren 2")
    assert caught.value.kind == "disk"
    assert "2.0 GiB of 1.5 GiB" in describe(caught.value)
    assert len(w.torrents.torrents_by_hash) == 1


async def test_the_daily_share_resets_after_a_day_and_admins_are_exempt() -> None:
    w = await world_with_user(**shares(Limits(0, 0, 1)))
    await w.say("2", "/get frieren 1")
    with pytest.raises(QuotaExceeded, match="daily"):
        await w.say("2", "/get frieren 2")
    await w.say(ADMIN, "/get frieren 2")
    await w.say(ADMIN, "/get frieren 3")
    w.clock.advance(86_401)
    await w.say("2", "/get frieren 4")


async def test_an_admin_override_lifts_one_users_share_and_is_audited() -> None:
    w = await world_with_user(**shares(Limits(0, 0, 1)))
    uid = await user_id(w, "2")
    reply = await w.say(ADMIN, f"/quota {uid} daily 5 disk 20G")
    assert "disk 20.0 GiB" in reply.text and "per day 5" in reply.text
    assert w.audit.entries[-1].action == "quota"
    await w.say("2", "/get frieren 1")
    await w.say("2", "/get frieren 2")
    mine = (await w.say("2", "/quota")).text
    assert "today 2" in mine and "per day 5" in mine
    await w.say(ADMIN, f"/quota {uid} reset")
    with pytest.raises(QuotaExceeded):
        await w.say("2", "/get frieren 3")


async def test_a_user_cannot_set_shares() -> None:
    w = await world_with_user(**shares(Limits(0, 0, 1)))
    uid = await user_id(w, "2")
    with pytest.raises(UsageError):
        await w.say("2", f"/quota {uid} daily 99")


async def test_search_is_rate_limited_per_user_and_refills_with_time() -> None:
    w = await world_with_user(rate_limit_search=2)  # 2 at once, 2 a minute
    await w.say("2", "/search frieren")
    await w.say("2", "/search frieren")
    with pytest.raises(TooManyRequests) as caught:
        await w.say("2", "/search frieren")
    assert "/search again in 30 seconds" in describe(caught.value)
    await w.say(ADMIN, "/search frieren")  # someone else's bucket is untouched
    w.clock.advance(30)
    await w.say("2", "/search frieren")


@pytest.mark.parametrize(("burst", "per_minute", "allowed"), [(1, 60, 1), (3, 1, 3), (0, 1, 99)])
async def test_a_bucket_allows_its_burst_at_once(
    burst: int, per_minute: float, allowed: int
) -> None:
    limiter = UserRateLimiter({"get": Rate(burst, per_minute)}, MemoryRateBuckets(lambda: 100.0))
    taken = 0
    for _ in range(99):
        try:
            await limiter.take(7, "get")
        except TooManyRequests:
            break
        taken += 1
    assert taken == allowed
