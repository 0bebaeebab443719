"""The loop a student lives in, end to end (issue 13): `iiitorrent run` with Telegram long-polling
a loopback Bot API, AniList's list behind a schema-checked stand-in, Nyaa listing a real torrent
among decoys, and a real qbittorrent-nox. Turning watchlist auto on (asked in a group) fetches the
aired episode past the AniList progress by itself, the signed link comes privately, and the
notice's "✓ Watched" writes the episode back to AniList."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.e2e.conftest import Box, sent_to, text_of
from tests.fakes_watchlist import list_entry
from tests.harness.process import IIITorrent
from tests.standins.telegram import TelegramStandIn

pytestmark = pytest.mark.e2e

ADMIN = 4242  # the box's owner, on Telegram
ALICE = 5001  # her AniList user id
GROUP = -100777888
TOKEN = "alice-anilist-token"


async def test_auto_on_fetches_the_aired_episode_and_its_link_comes_privately(box: Box) -> None:
    box.anilist.tokens[TOKEN] = ALICE
    box.anilist.users[ALICE] = "alice"
    # Five episodes out, four watched: the real torrent, episode 5, is the one to fetch.
    box.anilist.lists[ALICE] = [list_entry(154587, "Sousou no Frieren", 4, 28, 6)]
    async with TelegramStandIn() as telegram:
        telegram.open_chat(ADMIN)
        telegram.open_chat(GROUP, "supergroup")
        settings = box.on_telegram(telegram, ADMIN)
        async with IIITorrent("run", settings, box.workdir) as process:
            telegram.push_message(ADMIN, f"/link token {TOKEN}")
            await telegram.wait_for(sent_to(ADMIN, "alice"), timeout=60)

            telegram.push_message(ADMIN, "/watchlist auto on", GROUP, "supergroup")
            note = await telegram.wait_for(sent_to(GROUP, "privately"), timeout=60)
            turned_on = await telegram.wait_for(sent_to(ADMIN, "Auto-download is on."), 60)
            assert "Fetching Sousou no Frieren episode 5 (#1)." in text_of(turned_on)

            notice = await telegram.wait_for(sent_to(ADMIN, "Download complete"), timeout=180)
            [link] = re.findall(r"http://\S+/dl/\S+", text_of(notice))
            async with httpx.AsyncClient() as http:
                served = await http.get(link)
            assert served.status_code == 200
            assert served.content == box.torrent.content.read_bytes()

            # Watched it: the notice's button writes episode 5 to her AniList list.
            watched = "/watchlist watched 154587 5"
            assert watched in str(notice.params.get("reply_markup"))
            assert notice.message_id is not None
            telegram.push_callback(ADMIN, watched, notice.message_id)
            await telegram.wait_for(
                lambda c: c.method == "editMessageText" and "5/28 watched" in text_of(c), 60
            )
            assert await process.stop() == 0, process.errors[-2000:]

    assert [(s.user_id, s.media_id, s.progress) for s in box.anilist.saves] == [(ALICE, 154587, 5)]

    # The group heard only where the answer went: no list, no link.
    in_group = [text_of(c) for c in telegram.calls_of("sendMessage") if c.chat_id == GROUP]
    assert in_group == [text_of(note)]
    assert not any("/dl/" in text for text in in_group)
    # AniList was asked with documents its real schema accepts, the list among them.
    assert any("query Watching" in r.query for r in box.anilist.requests)
