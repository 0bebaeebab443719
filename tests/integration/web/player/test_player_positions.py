"""Resume and "Mark watched" over HTTP: the page's position reports are kept per user and file
and offered back on the next visit; late in an episode whose show is known, a viewer signed in
to AniList can mark it watched through the same service as the notice's "✓ Watched". Every
POST is authorized by the link's token; bad reports get a clear 4xx and the server stays up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from domain.anilist.queries import SAVE_PROGRESS
from tests.integration.web.player.conftest import PlayerBox
from tests.integration.web.player.test_player_routes import BROWSER, absolute
from tests.unit.streaming.media import Media

JSON = {"Content-Type": "application/json"}


def stream(link: str, tail: str) -> str:
    """`/stream/<the link's token>/<tail>`, as the page reaches it from the link."""
    token = httpx.URL(link).path.split("/")[2]
    return absolute(link, f"/stream/{token}/{tail}")


async def page_of(client: httpx.AsyncClient, link: str) -> str:
    answer = await client.get(link, headers=BROWSER)
    assert answer.status_code == 200
    return answer.text


async def test_a_reported_position_is_offered_back_on_the_next_visit(
    player_box: PlayerBox, media: Media
) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        first = await page_of(client, link)
        assert 'id="resume"' not in first  # nothing to resume yet
        assert 'data-position-url="../../stream/' in first
        saved = await client.post(
            stream(link, "position"), json={"position": 12.25, "duration": media.seconds}
        )
        again = await page_of(client, link)
    assert saved.status_code == 204
    assert 'data-resume="12.2"' in again
    assert ">Resume from 0:12</button>" in again and ">Start over</button>" in again
    [stored] = player_box.world.positions.rows.values()
    assert (stored.user_id, stored.seconds) == (player_box.box.owner.id, 12.25)


async def test_a_later_report_replaces_the_earlier_and_an_ended_episode_offers_nothing(
    player_box: PlayerBox, media: Media
) -> None:
    link = await player_box.video(media.h264)
    end = media.seconds
    async with httpx.AsyncClient() as client:
        for position in (3.0, end * 0.5, end):
            answer = await client.post(
                stream(link, "position"), json={"position": position, "duration": end}
            )
            assert answer.status_code == 204
        page = await page_of(client, link)
    assert len(player_box.world.positions.rows) == 1
    assert 'id="resume"' not in page  # watched to the end: it starts from the beginning


def _padded(size: int) -> bytes:
    return b'{"position": 1, "duration": 2, "pad": "' + b"x" * size + b'"}'


BAD_REPORTS: list[tuple[dict[str, Any], int, str]] = [
    ({"content": b"not json", "headers": JSON}, 400, "not JSON"),
    ({"content": b"[1, 2]", "headers": JSON}, 400, '{"position": seconds'),
    ({"json": {"position": "12", "duration": 30}}, 422, "position must be a number"),
    ({"json": {"position": True, "duration": 30}}, 422, "position must be a number"),
    ({"json": {"position": 5}}, 422, "duration must be a number"),
    ({"json": {"position": -1, "duration": 30}}, 422, "between 0 and"),
    ({"json": {"position": 1e308, "duration": 1e308}}, 422, "between 0 and"),
    ({"content": b'{"position": NaN, "duration": 30}', "headers": JSON}, 422, "between 0"),
    (
        {"content": b'{"position": 1' + b"0" * 200 + b', "duration": 30}', "headers": JSON},
        422,
        "between 0",
    ),
    ({"json": {"position": 40, "duration": 30}}, 422, "past the end"),
    ({"json": {"position": 0, "duration": 0}}, 422, "more than 0"),
    ({"content": b'{"position": 1, "duration": 2}'}, 415, "application/json"),
    ({"content": _padded(400), "headers": JSON}, 413, "at most 256 bytes"),
]


@pytest.mark.parametrize(("request_args", "status", "says"), BAD_REPORTS)
async def test_a_bad_report_is_refused_clearly_and_nothing_is_kept(
    player_box: PlayerBox, media: Media, request_args: dict[str, Any], status: int, says: str
) -> None:
    link = await player_box.video(media.h264)
    async with httpx.AsyncClient() as client:
        answer = await client.post(stream(link, "position"), **request_args)
        after = await client.get(link, headers=BROWSER)  # the server is still there
    assert (answer.status_code, says in answer.text) == (status, True), answer.text
    assert player_box.world.positions.rows == {}
    assert after.status_code == 200


async def test_a_body_sent_in_pieces_past_the_bound_is_refused(
    player_box: PlayerBox, media: Media
) -> None:
    link = await player_box.video(media.h264)

    async def pieces() -> Any:
        for _ in range(40):
            yield b"          "  # chunked: no Content-Length to refuse it by

    async with httpx.AsyncClient() as client:
        answer = await client.post(stream(link, "position"), content=pieces(), headers=JSON)
    assert answer.status_code == 413
    assert player_box.world.positions.rows == {}


async def test_reports_need_the_links_own_token_and_its_time(
    player_box: PlayerBox, media: Media
) -> None:
    link = await player_box.video(media.h264)
    url = stream(link, "position")
    token = httpx.URL(link).path.split("/")[2]
    forged = url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    report = {"position": 12.0, "duration": media.seconds}
    async with httpx.AsyncClient() as client:
        assert (await client.post(forged, json=report)).status_code == 403
        assert (await client.get(url)).status_code == 405
        assert (await client.post(stream(link, "watched"), json={})).status_code == 403
        player_box.world.advance(timedelta(hours=2))  # past LINK_TTL
        expired = await client.post(url, json=report)
    assert expired.status_code == 410
    assert player_box.world.positions.rows == {}


async def test_watched_marks_the_episode_on_anilist_once(
    player_box: PlayerBox, media: Media
) -> None:
    await player_box.sign_in_to_anilist()
    link = await player_box.video(media.h264, request_id=await player_box.episode_request(8))
    async with httpx.AsyncClient() as client:
        page = await page_of(client, link)
        first = await client.post(stream(link, "watched"))
        second = await client.post(stream(link, "watched"))
    assert 'id="watched"' in page and ">Mark episode 8 watched</button>" in page
    assert first.status_code == 200
    assert first.json() == {"episode": 8, "progress": 8, "changed": True}
    assert second.json() == {"episode": 8, "progress": 8, "changed": False}
    assert player_box.anilist_progress() == 8
    writes = [c for c in player_box.world.lists.calls if c[0] == SAVE_PROGRESS]
    assert len(writes) == 1  # asking again wrote nothing


async def test_no_watched_button_without_a_writable_anilist_link_or_a_known_episode(
    player_box: PlayerBox, media: Media
) -> None:
    plain_get = await player_box.video(media.h264, "[Group] Plain - 01.mkv")
    known = await player_box.video(
        media.h264, "[Group] Known - 08.mkv", request_id=await player_box.episode_request(8)
    )
    async with httpx.AsyncClient() as client:
        unsigned = await page_of(client, known)
        refused = await client.post(stream(known, "watched"))
        await player_box.sign_in_to_anilist()
        unknown = await page_of(client, plain_get)
        refused_unknown = await client.post(stream(plain_get, "watched"))
    assert 'id="watched"' not in unsigned and 'id="watched"' not in unknown
    assert refused.status_code == 403 and refused_unknown.status_code == 403
    assert "cannot be marked watched" in refused.text
    assert player_box.anilist_progress() == 5


async def test_an_anilist_token_it_refuses_asks_for_a_new_sign_in(
    player_box: PlayerBox, media: Media
) -> None:
    await player_box.sign_in_to_anilist()
    link = await player_box.video(media.h264, request_id=await player_box.episode_request(8))
    del player_box.world.lists.tokens["tok"]  # revoked on AniList's side
    async with httpx.AsyncClient() as client:
        answer = await client.post(stream(link, "watched"))
        still = await client.get(link, headers=BROWSER)
    assert answer.status_code == 409 and "/link" in answer.text
    assert still.status_code == 200
