"""Typed options reach the chat command as its words, in the order it reads them."""

from __future__ import annotations

from tests.integration.discord.people import Person


async def test_the_all_flag_and_a_download_number_become_the_words_of_status(
    member: Person, admin: Person
) -> None:
    await member.answer(await member.slash("get", title="frieren", episode=5))

    everyone = await admin.answer(await admin.slash("status", all=True))
    mine = await admin.answer(await admin.slash("status", all=False))
    one = await member.answer(await member.slash("status", download=1))

    assert everyone.content.startswith("All downloads (1):")
    assert mine.content == "No downloads yet. Try /get frieren 5."
    assert one.content.startswith("\\#1 [SubsPlease] Sousou no Frieren - 05 (1080p)")  # escaped
