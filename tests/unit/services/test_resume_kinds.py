"""A crash at any step of any kind of request, then the restart's `resume_unfinished`.

Each kind of request is cut short at each step it takes: the process "dies" (`Crash`, which no
`except Exception` or DomainError handler catches) just before or just after one call to a port,
and the restart resumes over the same fakes, as a new process would over the same database and
qBittorrent. Whatever the step, the end is the same: exactly one torrent in the client, added
once, one download row for the request, and the request ADDED.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

import pytest

from domain.magnets import parse_magnet
from domain.models import Platform, Release, RequestKind, RequestState, Role, User
from domain.releases import Candidate, parse
from tests.fakes import release
from tests.world import World, build_world

BEST = release("[SubsPlease] Sousou no Frieren - 05 (1080p) [F02B9CEE].mkv", "a" * 40, seeders=900)
# Picked by hand though the search would rank it below BEST: a resume must add this one.
LESSER = release("[SubsPlease] Sousou no Frieren - 05 (720p) [5E4E2F0B].mkv", "b" * 40)
BATCH = release("[SubsPlease] Sousou no Frieren (01-28) (1080p) [Batch]", "c" * 40)
FEED_ITEM = release("[Erai-raws] Kusuriya no Hitorigoto - 12 [1080p].mkv", "d" * 40)
MAGNET = f"magnet:?xt=urn:btih:{'e' * 40}&dn=Frieren+05"


class Crash(BaseException):
    """Stands for the process dying: no `except Exception` or DomainError handler catches it."""


@dataclass(frozen=True, slots=True)
class Step:
    """Die just `when` ("before" or "after") the first call of `port`'s `method`."""

    port: str  # an attribute of the test World: "requests", "torrents", "downloads", "index"
    method: str
    when: str

    @property
    def name(self) -> str:
        return f"{self.when}-{self.port}.{self.method}"


EPISODE_STEPS = (
    Step("requests", "create", "after"),
    Step("index", "search", "before"),  # Nyaa's answer never came back
    Step("requests", "choose", "before"),
    Step("requests", "choose", "after"),
    Step("torrents", "add", "before"),
    Step("torrents", "add", "after"),
    Step("downloads", "add", "before"),
    Step("downloads", "add", "after"),
    Step("requests", "mark_added", "before"),
)
MAGNET_STEPS = tuple(s for s in EPISODE_STEPS if s.port != "index")
# A picked release or a feed's item is written with its release: there is no choosing to die in.
KNOWN_RELEASE_STEPS = tuple(s for s in MAGNET_STEPS if s.method != "choose")


def crash_once(world: World, step: Step) -> list[Step]:
    """Arm `step` on the world's fake; returns a list that gets the step once it has fired.
    It fires once: the restarted process does not die at the same place again."""
    fired: list[Step] = []
    target = getattr(world, step.port)
    original: Callable[..., Awaitable[Any]] = getattr(target, step.method)

    @wraps(original)
    async def dying(*args: Any, **kwargs: Any) -> Any:
        if fired:
            return await original(*args, **kwargs)
        if step.when == "before":
            fired.append(step)
            raise Crash(step.name)
        await original(*args, **kwargs)
        fired.append(step)
        raise Crash(step.name)

    setattr(target, step.method, dying)  # the instance attribute shadows the method
    return fired


@dataclass
class Box:
    world: World
    user: User

    @property
    def service(self) -> Any:
        return self.world.services.downloads


async def new_box() -> Box:
    world = build_world(releases=[BEST, LESSER, BATCH], admins=["1"])
    user = await world.users.create(
        platform=Platform.TELEGRAM, external_id="10", display_name="user10", role=Role.USER
    )
    return Box(world, user)


def candidate(picked: Release) -> Candidate:
    return Candidate(picked, parse(picked.title), why=())


Start = Callable[[Box], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Kind:
    """How a kind of request is made, and what it must end with."""

    kind: RequestKind
    start: Start
    info_hash: str
    source: str
    episode: int | None


KINDS = {
    "episode": Kind(
        RequestKind.EPISODE,
        lambda box: box.service.request_episode(box.user, "frieren", 5),
        BEST.info_hash,
        BEST.torrent_url,
        5,
    ),
    "magnet": Kind(
        RequestKind.MAGNET,
        lambda box: box.service.request_magnet(box.user, MAGNET),
        "e" * 40,
        parse_magnet(MAGNET).uri,
        None,
    ),
    "pick-episode": Kind(
        RequestKind.PICK,
        lambda box: box.service.request_release(box.user, "frieren", candidate(LESSER)),
        LESSER.info_hash,
        LESSER.torrent_url,
        5,
    ),
    "pick-batch": Kind(
        RequestKind.PICK,
        lambda box: box.service.request_release(box.user, "frieren", candidate(BATCH)),
        BATCH.info_hash,
        BATCH.torrent_url,
        None,
    ),
    "source": Kind(
        RequestKind.SOURCE,
        lambda box: box.service.request_source(
            box.user, FEED_ITEM.torrent_url, info_hash=FEED_ITEM.info_hash, title=FEED_ITEM.title
        ),
        FEED_ITEM.info_hash,
        FEED_ITEM.torrent_url,
        None,
    ),
}
STEPS = {
    RequestKind.EPISODE: EPISODE_STEPS,
    RequestKind.MAGNET: MAGNET_STEPS,
    RequestKind.PICK: KNOWN_RELEASE_STEPS,
    RequestKind.SOURCE: KNOWN_RELEASE_STEPS,
}
CASES = [
    pytest.param(kind, step, id=f"{name}-{step.name}")
    for name, kind in KINDS.items()
    for step in STEPS[kind.kind]
]


def assert_finished_once(box: Box, kind: Kind) -> None:
    world = box.world
    assert list(world.torrents.torrents_by_hash) == [kind.info_hash]
    assert world.torrents.added_sources == [kind.source], "the client added it exactly once"
    assert world.torrents.torrents_by_hash[kind.info_hash].owner_ids == (box.user.id,)
    (request,) = world.requests.rows.values()
    assert request.state is RequestState.ADDED, request.error
    assert (request.kind, request.episode, request.info_hash) == (
        kind.kind,
        kind.episode,
        kind.info_hash,
    )
    (download,) = world.downloads.rows.values()
    assert (download.info_hash, download.owner_id, download.request_id) == (
        kind.info_hash,
        box.user.id,
        request.id,
    )


@pytest.mark.parametrize(("kind", "step"), CASES)
async def test_a_crash_at_any_step_ends_with_the_one_torrent_after_the_restart(
    kind: Kind, step: Step
) -> None:
    box = await new_box()
    fired = crash_once(box.world, step)

    with pytest.raises(Crash):
        await kind.start(box)
    assert fired == [step]

    assert await box.service.resume_unfinished() == 1
    assert_finished_once(box, kind)
    assert await box.service.resume_unfinished() == 0  # a second restart has nothing left


@pytest.mark.parametrize("name", ["pick-episode", "pick-batch", "source"])
async def test_a_known_release_is_written_with_its_request_in_one_step(name: str) -> None:
    """No window between writing the request and recording its release: nothing chooses."""
    kind = KINDS[name]
    box = await new_box()
    created = box.world.requests.create
    written: list[tuple[str | None, str | None]] = []

    async def watching_create(**values: Any) -> Any:
        request = await created(**values)
        written.append((request.info_hash, request.source))
        return request

    box.world.requests.create = watching_create  # type: ignore[method-assign]
    chose = crash_once(box.world, Step("requests", "choose", "before"))

    await kind.start(box)

    assert written == [(kind.info_hash, kind.source)]
    assert chose == []
    assert_finished_once(box, kind)


async def test_an_episode_asked_for_again_is_fetched_again_after_a_crash_before_choosing() -> None:
    """`/get frieren 5 again` when they have episode 5: the restart must not refuse it."""
    box = await new_box()
    await box.service.request_release(box.user, "frieren", candidate(LESSER))
    fired = crash_once(box.world, Step("requests", "choose", "before"))

    with pytest.raises(Crash):
        await box.service.request_episode(box.user, "frieren", 5, again=True)
    assert fired

    assert await box.service.resume_unfinished() == 1
    again = max(box.world.requests.rows.values(), key=lambda r: r.id)
    assert (again.kind, again.again, again.state) == (RequestKind.EPISODE, True, RequestState.ADDED)
    assert set(box.world.torrents.torrents_by_hash) == {LESSER.info_hash, BEST.info_hash}


async def test_a_request_from_before_kinds_without_its_release_fails_rather_than_guessing() -> None:
    """A feed's item cut short before its choice under the old code: the migration makes it a
    SOURCE, whose title is no magnet; the restart fails it, saying why, and adds nothing."""
    box = await new_box()
    row = await box.world.requests.create(
        user_id=box.user.id, query=FEED_ITEM.title, kind=RequestKind.MAGNET, episode=None
    )
    # As the migration's backfill leaves such a row: kind "source", no release recorded.
    box.world.requests.rows[row.id] = replace(row, kind=RequestKind.SOURCE)

    assert await box.service.resume_unfinished() == 0

    (request,) = box.world.requests.rows.values()
    assert request.state is RequestState.FAILED
    assert request.error and "no acceptable release" in request.error  # not "magnet contains…"
    assert box.world.torrents.torrents_by_hash == {}


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (RequestKind.EPISODE, {"episode": None}),
        (RequestKind.PICK, {"episode": 5}),
        (RequestKind.SOURCE, {"episode": None, "info_hash": "d" * 40}),
        (
            RequestKind.MAGNET,
            {"episode": None, "info_hash": "e" * 40, "source": MAGNET, "release_title": "x"},
        ),
    ],
)
async def test_a_request_that_is_not_whole_for_its_kind_is_refused(
    kind: RequestKind, values: dict[str, Any]
) -> None:
    box = await new_box()
    with pytest.raises(ValueError):
        await box.world.requests.create(user_id=box.user.id, query="q", kind=kind, **values)
    assert box.world.requests.rows == {}
