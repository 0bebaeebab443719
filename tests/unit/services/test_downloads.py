"""The /get use case and friends, over hand-written fakes of every port."""

from __future__ import annotations

import pytest

from domain.errors import (
    AlreadyHave,
    IndexerError,
    InvalidInput,
    InvalidMagnet,
    NoRelease,
    NotAllowed,
    NotFound,
    TorrentClientError,
)
from domain.models import DownloadState, Media, Platform, RequestKind, RequestState, Role, User
from tests.fakes import release
from tests.world import build_world

FRIEREN = Media(
    id=154587,
    romaji="Sousou no Frieren",
    english="Frieren: Beyond Journey's End",
    synonyms=("Frieren at the Funeral",),
    episodes=28,
)
BEST = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", "a" * 40, seeders=900)
DECOYS = [
    release("[SubsPlease] Sousou no Frieren - 05 (720p) [5E4E2F0B].mkv", "b" * 40, seeders=400),
    release("[SubsPlease] Sousou no Frieren - 06 (1080p) [0C2D2B47].mkv", "c" * 40, seeders=950),
    release(
        "[Erai-raws] Sousou no Frieren - 05 [1080p][Multiple Subtitle].mkv", "d" * 40, seeders=0
    ),
    release("[Foo] Sousou no Frieren - 05 (1080p).mkv", "e" * 40, seeders=2000, remake=True),
    release("[SubsPlease] Kusuriya no Hitorigoto - 05 (1080p) [ABCDEF01].mkv", "f" * 40),
]


class Crash(BaseException):
    """Stands for the process dying: no `except Exception` or DomainError handler catches it."""


class World:
    """The real services over fakes, with shortcuts for these tests."""

    def __init__(self) -> None:
        self.fakes = build_world(releases=[BEST, *DECOYS], media=[FRIEREN], admins=["1"])
        self.service = self.fakes.services.downloads
        self.accounts = self.fakes.services.accounts
        self.users, self.requests = self.fakes.users, self.fakes.requests
        self.downloads, self.torrents = self.fakes.downloads, self.fakes.torrents
        self.index, self.catalog, self.clock = (
            self.fakes.index,
            self.fakes.catalog,
            self.fakes.clock,
        )

    async def user(self, external_id: str, role: Role = Role.USER) -> User:
        return await self.users.create(
            platform=Platform.TELEGRAM,
            external_id=external_id,
            display_name=f"user{external_id}",
            role=role,
        )


@pytest.fixture
def world() -> World:
    return World()


async def test_get_adds_the_best_release_tagged_with_its_owner(world: World) -> None:
    alice = await world.user("10")
    added = await world.service.request_episode(alice, "frieren", 5)
    assert added.download.info_hash == BEST.info_hash
    assert world.torrents.added_sources == [BEST.torrent_url]
    assert world.torrents.torrents_by_hash[BEST.info_hash].owner_ids == (alice.id,)
    assert added.request.state is RequestState.ADDED
    assert added.candidate is not None and added.candidate.why


async def test_get_still_works_when_anilist_is_down(world: World) -> None:
    world.catalog.down = True
    alice = await world.user("10")
    added = await world.service.request_episode(alice, "Sousou no Frieren", 5)
    assert added.download.info_hash == BEST.info_hash


async def test_nyaa_down_fails_the_request_and_adds_nothing(world: World) -> None:
    world.index.down = True
    alice = await world.user("10")
    with pytest.raises(IndexerError):
        await world.service.request_episode(alice, "frieren", 5)
    assert world.torrents.torrents_by_hash == {}
    assert [r.state for r in world.requests.rows.values()] == [RequestState.FAILED]


async def test_qbittorrent_down_fails_the_request_and_records_no_download(world: World) -> None:
    world.torrents.down = True
    alice = await world.user("10")
    with pytest.raises(TorrentClientError):
        await world.service.request_episode(alice, "frieren", 5)
    assert world.downloads.rows == {}
    (request,) = world.requests.rows.values()
    assert request.state is RequestState.FAILED and request.error


async def test_nothing_acceptable_says_why(world: World) -> None:
    world.index.releases = [DECOYS[2], DECOYS[3]]  # dead, remake
    alice = await world.user("10")
    with pytest.raises(NoRelease) as caught:
        await world.service.request_episode(alice, "frieren", 5)
    assert len(caught.value.reasons) == 2
    assert world.torrents.torrents_by_hash == {}


@pytest.mark.parametrize(
    ("query", "episode"),
    [("", 5), ("   ", 5), ("x" * 201, 5), ("frieren", -1), ("frieren", 999_999)],
)
async def test_absurd_requests_are_refused_before_anything_is_written(
    world: World, query: str, episode: int
) -> None:
    alice = await world.user("10")
    with pytest.raises(InvalidInput):
        await world.service.request_episode(alice, query, episode)
    assert world.requests.rows == {} and world.index.queries == []


async def test_a_malformed_magnet_writes_nothing(world: World) -> None:
    alice = await world.user("10")
    with pytest.raises(InvalidMagnet):
        await world.service.request_magnet(alice, "magnet:?xt=urn:btih:nothex")
    assert world.requests.rows == {}


async def test_a_magnet_is_added_by_its_hash(world: World) -> None:
    alice = await world.user("10")
    added = await world.service.request_magnet(
        alice, f"magnet:?xt=urn:btih:{'9' * 40}&dn=Some%20Show%20-%2001"
    )
    assert added.download.name == "Some Show - 01"
    assert set(world.torrents.torrents_by_hash) == {"9" * 40}


async def test_a_crash_after_adding_is_finished_on_restart_without_a_second_torrent(
    world: World,
) -> None:
    alice = await world.user("10")
    real_add = world.downloads.add

    async def dying_add(**kwargs: object) -> object:
        raise Crash

    world.downloads.add = dying_add  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await world.service.request_episode(alice, "frieren", 5)
    (request,) = world.requests.rows.values()
    assert request.state is RequestState.SEARCHING and request.info_hash == BEST.info_hash

    world.downloads.add = real_add  # type: ignore[method-assign]
    assert await world.service.resume_unfinished() == 1
    assert await world.service.resume_unfinished() == 0
    assert world.torrents.added_sources == [BEST.torrent_url]
    assert [d.info_hash for d in world.downloads.rows.values()] == [BEST.info_hash]
    assert world.requests.rows[request.id].state is RequestState.ADDED


async def test_a_crash_before_choosing_searches_again_on_restart(world: World) -> None:
    alice = await world.user("10")
    await world.requests.create(
        user_id=alice.id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )
    assert await world.service.resume_unfinished() == 1
    assert set(world.torrents.torrents_by_hash) == {BEST.info_hash}


async def test_users_see_and_touch_only_their_own_downloads(world: World) -> None:
    alice, bob = await world.user("10"), await world.user("11")
    admin = await world.user("12", Role.ADMIN)
    mine = (await world.service.request_episode(alice, "frieren", 5)).download

    assert await world.service.statuses(bob) == []
    for action in (world.service.pause, world.service.resume, world.service.status):
        with pytest.raises(NotFound):
            await action(bob, mine.id)
    with pytest.raises(NotFound):
        await world.service.delete(bob, mine.id, delete_files=True)
    assert BEST.info_hash in world.torrents.torrents_by_hash

    await world.service.pause(admin, mine.id)
    assert world.torrents.torrents_by_hash[BEST.info_hash].state is DownloadState.PAUSED
    assert [s.download.id for s in await world.service.statuses(admin, everyone=True)] == [mine.id]


async def test_a_shared_torrent_outlives_one_owner_deleting_it(world: World) -> None:
    alice, bob = await world.user("10"), await world.user("11")
    hers = (await world.service.request_episode(alice, "frieren", 5)).download
    his = (await world.service.request_episode(bob, "frieren", 5)).download
    assert world.torrents.added_sources == [BEST.torrent_url]

    await world.service.delete(alice, hers.id, delete_files=True)
    assert world.torrents.torrents_by_hash[BEST.info_hash].owner_ids == (bob.id,)
    assert world.torrents.deleted == []

    await world.service.delete(bob, his.id, delete_files=True)
    assert world.torrents.deleted == [(BEST.info_hash, True)]


async def test_status_shows_completion(world: World) -> None:
    alice = await world.user("10")
    added = await world.service.request_episode(alice, "frieren", 5)
    world.torrents.finish(BEST.info_hash)
    (status,) = await world.service.statuses(alice)
    assert status.state is DownloadState.COMPLETED
    assert world.downloads.rows[added.download.id].completed_at == world.clock.now


async def test_strangers_are_refused_and_bootstrap_admins_let_in(world: World) -> None:
    with pytest.raises(NotAllowed):
        await world.accounts.identify(Platform.TELEGRAM, "999", "stranger")
    assert world.users.users == {}
    admin = await world.accounts.identify(Platform.TELEGRAM, "1", "boss")
    assert admin.is_admin
    assert await world.accounts.identify(Platform.TELEGRAM, "1", "boss") == admin


async def test_an_episode_already_had_is_not_fetched_twice(world: World) -> None:
    alice = await world.user("10")
    first = (await world.service.request_episode(alice, "frieren", 5)).download
    world.index.releases.append(
        release("[Erai-raws] Sousou no Frieren - 05 [1080p][Multiple Subtitle].mkv", "9" * 40)
    )
    with pytest.raises(AlreadyHave) as caught:
        await world.service.request_episode(alice, "frieren", 5)
    assert (caught.value.download_id, caught.value.upgrade) == (first.id, False)
    assert list(world.torrents.torrents_by_hash) == [BEST.info_hash]


async def test_a_v2_is_offered_as_an_upgrade_and_fetched_only_when_asked(world: World) -> None:
    alice = await world.user("10")
    await world.service.request_episode(alice, "frieren", 5)
    v2 = release("[SubsPlease] Sousou no Frieren - 05v2 (1080p) [1A2B3C4D].mkv", "8" * 40)
    world.index.releases.append(v2)
    with pytest.raises(AlreadyHave) as caught:
        await world.service.request_episode(alice, "frieren", 5)
    assert caught.value.upgrade
    added = await world.service.request_episode(alice, "frieren", 5, again=True)
    assert added.download.info_hash == v2.info_hash
