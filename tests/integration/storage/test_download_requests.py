"""Durable download requests, on both backends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from domain.errors import InvalidInput, NotFound
from domain.models import ChatTarget, DownloadRequest, Platform, RequestKind, RequestState, Role
from storage.database import Database
from storage.repositories.download_requests import TortoiseDownloadRequestRepository
from storage.repositories.users import TortoiseUserRepository

HASH = "0123456789abcdef0123456789abcdef01234567"
MAGNET = f"magnet:?xt=urn:btih:{HASH}&dn=Frieren"
TITLE = "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCDEF12].mkv"
MISSING_ID = 987_654

Repo = TortoiseDownloadRequestRepository


@pytest.fixture
def requests(database: Database) -> Repo:
    return TortoiseDownloadRequestRepository()


@pytest.fixture
async def user_id(database: Database) -> int:
    user = await TortoiseUserRepository().create(
        platform=Platform.TELEGRAM, external_id="1", display_name="Alice", role=Role.USER
    )
    return user.id


async def test_a_new_request_is_searching_with_utc_timestamps(requests: Repo, user_id: int) -> None:
    request = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )

    assert request.state is RequestState.SEARCHING
    assert (request.user_id, request.query, request.episode) == (user_id, "frieren", 5)
    assert request.info_hash is request.source is request.release_title is request.error is None
    assert request.created_at.utcoffset() == timedelta(0)
    assert request.updated_at >= request.created_at
    assert await requests.get(request.id) == request


async def test_no_episode_and_a_long_query(requests: Repo, user_id: int) -> None:
    query = "frieren beyond journey's end " * 300

    request = await requests.create(
        user_id=user_id, query=query, kind=RequestKind.MAGNET, episode=None
    )

    stored = await requests.get(request.id)
    assert stored is not None
    assert (stored.query, stored.episode) == (query, None)


async def test_the_whole_happy_path(requests: Repo, user_id: int) -> None:
    created = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )

    chosen = await requests.choose(
        created.id, info_hash=HASH.upper(), source=MAGNET, release_title=TITLE
    )
    assert chosen.state is RequestState.SEARCHING  # chosen, not yet handed to the client
    assert (chosen.info_hash, chosen.source, chosen.release_title) == (HASH, MAGNET, TITLE)
    assert chosen.updated_at > created.updated_at

    added = await requests.mark_added(created.id)
    assert added.state is RequestState.ADDED
    assert added.info_hash == HASH
    assert added.updated_at > chosen.updated_at

    completed = await requests.mark_completed(created.id)
    assert completed.state is RequestState.COMPLETED
    assert completed.created_at == created.created_at
    assert await requests.get(created.id) == completed


async def test_a_failure_keeps_its_reason_and_the_chosen_release(
    requests: Repo, user_id: int
) -> None:
    created = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )
    await requests.choose(created.id, info_hash=HASH, source=MAGNET, release_title=TITLE)

    failed = await requests.mark_failed(created.id, "qBittorrent refused the torrent")

    assert failed.state is RequestState.FAILED
    assert failed.error == "qBittorrent refused the torrent"
    assert failed.info_hash == HASH
    assert await requests.get(created.id) == failed


async def test_unfinished_is_what_a_restart_must_pick_up_oldest_first(
    requests: Repo, user_id: int
) -> None:
    first = await requests.create(user_id=user_id, query="one", kind=RequestKind.EPISODE, episode=1)
    added = await requests.create(user_id=user_id, query="two", kind=RequestKind.EPISODE, episode=2)
    chosen = await requests.create(
        user_id=user_id, query="three", kind=RequestKind.EPISODE, episode=3
    )
    failed = await requests.create(
        user_id=user_id, query="four", kind=RequestKind.EPISODE, episode=4
    )
    last = await requests.create(user_id=user_id, query="five", kind=RequestKind.EPISODE, episode=5)
    await requests.mark_added(added.id)
    await requests.choose(chosen.id, info_hash=HASH, source=MAGNET, release_title=TITLE)
    await requests.mark_failed(failed.id, "nothing found")

    unfinished = await requests.unfinished()

    assert [r.id for r in unfinished] == [first.id, chosen.id, last.id]
    assert unfinished[1].info_hash == HASH  # a restart re-adds this one, keyed by its hash


async def test_nothing_unfinished(requests: Repo) -> None:
    assert await requests.unfinished() == []


Change = Callable[[Repo, int], Awaitable[DownloadRequest]]
CHANGES: dict[str, Change] = {
    "choose": lambda r, i: r.choose(i, info_hash=HASH, source=MAGNET, release_title=TITLE),
    "mark_added": lambda r, i: r.mark_added(i),
    "mark_completed": lambda r, i: r.mark_completed(i),
    "mark_failed": lambda r, i: r.mark_failed(i, "boom"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
async def test_changing_an_unknown_request_is_not_found(requests: Repo, change: Change) -> None:
    with pytest.raises(NotFound):
        await change(requests, MISSING_ID)
    assert await requests.get(MISSING_ID) is None


async def test_a_request_for_an_unknown_user_is_not_found(requests: Repo) -> None:
    with pytest.raises(NotFound):
        await requests.create(
            user_id=MISSING_ID, query="frieren", kind=RequestKind.EPISODE, episode=1
        )
    assert await requests.unfinished() == []


@pytest.mark.parametrize("bad_hash", ["", "xyz", HASH[:-1], HASH + "0", "g" * 40, "magnet:?xt"])
async def test_choosing_a_malformed_hash_is_refused_and_changes_nothing(
    requests: Repo, user_id: int, bad_hash: str
) -> None:
    created = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=5
    )

    with pytest.raises(InvalidInput):
        await requests.choose(created.id, info_hash=bad_hash, source=MAGNET, release_title=TITLE)

    assert await requests.get(created.id) == created


@pytest.mark.parametrize("again", [False, True])
async def test_an_episode_request_keeps_its_kind_and_again(
    requests: Repo, user_id: int, again: bool
) -> None:
    created = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=5, again=again
    )

    assert (created.kind, created.again) == (RequestKind.EPISODE, again)
    assert await requests.get(created.id) == created
    assert (await requests.unfinished())[0] == created


@pytest.mark.parametrize("kind", [RequestKind.PICK, RequestKind.SOURCE])
async def test_a_known_release_is_written_with_the_request(
    requests: Repo, user_id: int, kind: RequestKind
) -> None:
    created = await requests.create(
        user_id=user_id,
        query="frieren",
        kind=kind,
        episode=None,
        reply_to=ChatTarget(Platform.DISCORD, "42"),
        info_hash=HASH.upper(),
        source=MAGNET,
        release_title=TITLE,
    )

    assert created.state is RequestState.SEARCHING  # written with its release, not yet added
    assert (created.kind, created.info_hash, created.source, created.release_title) == (
        kind,
        HASH,
        MAGNET,
        TITLE,
    )
    assert await requests.get(created.id) == created
    assert await requests.unfinished() == [created]  # a restart adds it by its hash


async def test_a_magnet_request_chooses_later(requests: Repo, user_id: int) -> None:
    created = await requests.create(
        user_id=user_id, query=MAGNET, kind=RequestKind.MAGNET, episode=None
    )

    assert (created.kind, created.info_hash) == (RequestKind.MAGNET, None)
    chosen = await requests.choose(created.id, info_hash=HASH, source=MAGNET, release_title=TITLE)
    assert (chosen.kind, chosen.info_hash) == (RequestKind.MAGNET, HASH)


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (RequestKind.EPISODE, {"episode": None}),
        (RequestKind.PICK, {"episode": 5, "info_hash": HASH, "source": MAGNET}),
        (RequestKind.SOURCE, {"episode": None}),
        (RequestKind.MAGNET, {"episode": None, "info_hash": HASH}),
        (
            RequestKind.EPISODE,
            {"episode": 5, "info_hash": HASH, "source": MAGNET, "release_title": TITLE},
        ),
    ],
)
async def test_a_request_not_whole_for_its_kind_is_refused_and_writes_nothing(
    requests: Repo, user_id: int, kind: RequestKind, values: dict[str, object]
) -> None:
    with pytest.raises(ValueError):
        await requests.create(user_id=user_id, query="frieren", kind=kind, **values)  # type: ignore[arg-type]
    assert await requests.unfinished() == []


async def test_a_known_release_with_a_malformed_hash_writes_nothing(
    requests: Repo, user_id: int
) -> None:
    with pytest.raises(InvalidInput):
        await requests.create(
            user_id=user_id,
            query="frieren",
            kind=RequestKind.PICK,
            episode=5,
            info_hash="xyz",
            source=MAGNET,
            release_title=TITLE,
        )
    assert await requests.unfinished() == []


async def test_the_anilist_show_is_kept_with_the_request(requests: Repo, user_id: int) -> None:
    known = await requests.create(
        user_id=user_id, query="Sousou no Frieren", kind=RequestKind.EPISODE, episode=6,
        media_id=154587,
    )  # fmt: skip
    plain = await requests.create(
        user_id=user_id, query="frieren", kind=RequestKind.EPISODE, episode=6
    )

    assert known.media_id == 154587 and plain.media_id is None
    chosen = await requests.choose(known.id, info_hash=HASH, source=MAGNET, release_title=TITLE)
    assert chosen.media_id == 154587  # a later write keeps it
    assert [(r.id, r.media_id) for r in await requests.unfinished()] == [
        (known.id, 154587),
        (plain.id, None),
    ]
