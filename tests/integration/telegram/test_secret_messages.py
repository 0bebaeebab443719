"""`/link token <t>` puts a secret in the chat; the bot deletes that message. Checked against the
chat as the stand-in holds it (which refuses a delete Telegram would refuse), not by counting
deleteMessage calls: the token must be gone from everything the chat shows."""

from __future__ import annotations

import pytest

from domain.anilist.accounts import AniListAccount
from tests.integration.telegram.people import ADMIN_ID, GROUP_ID, REPLY_WITHIN, Person
from tests.standins.telegram import ApiCall, TelegramStandIn
from tests.world import World

TOKEN = "def50200-alice-secret-token"  # made up; AniList never issued it


@pytest.fixture
def anilist_knows_alice(world: World) -> None:
    world.anilist.tokens[TOKEN] = AniListAccount(5001, "alice")


def nowhere_in(standin: TelegramStandIn, chat_id: int, secret: str) -> bool:
    return all(secret not in m.text for m in standin.history(chat_id))


async def reply_to(standin: TelegramStandIn, chat_id: int, since: int) -> ApiCall:
    return await standin.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and c.chat_id == chat_id,
        REPLY_WITHIN,
        since=since,
    )


@pytest.mark.usefixtures("anilist_knows_alice")
async def test_a_token_sent_privately_is_gone_from_the_chat(
    standin: TelegramStandIn, admin: Person
) -> None:
    mark = len(standin.calls)
    token_message = admin.write(f"/link token {TOKEN}")
    assert TOKEN in standin.message(admin.chat, token_message).text  # there, until the bot acts

    reply = await reply_to(standin, admin.chat, mark)

    assert reply.text.startswith("Linked AniList account alice. I removed your message")
    # The bot deletes before it answers, so by the answer the chat no longer holds the token.
    with pytest.raises(LookupError):
        standin.message(admin.chat, token_message)
    assert nowhere_in(standin, admin.chat, TOKEN)
    [delete] = [c for c in standin.calls[mark:] if c.method == "deleteMessage"]
    assert delete.ok and (delete.chat_id, delete.message_id) == (admin.chat, token_message)


async def test_a_refused_token_is_deleted_too(standin: TelegramStandIn, admin: Person) -> None:
    mark = len(standin.calls)
    token_message = admin.write("/link token not-a-token-anilist-knows")

    reply = await reply_to(standin, admin.chat, mark)

    assert reply.text.endswith("I removed your message with the token.")
    assert token_message not in [m.message_id for m in standin.history(admin.chat)]
    assert nowhere_in(standin, admin.chat, "not-a-token-anilist-knows")


@pytest.mark.usefixtures("anilist_knows_alice")
async def test_a_token_sent_in_a_group_the_bot_administers_is_gone_from_the_group(
    standin: TelegramStandIn, admin: Person
) -> None:
    standin.open_chat(ADMIN_ID)  # Alice started the bot once: the answer can go to her privately
    standin.make_chat_admin(GROUP_ID, standin.bot_id)  # with the right to delete
    in_group = admin.in_group()
    mark = len(standin.calls)
    token_message = in_group.write(f"/link token {TOKEN}")

    note = await reply_to(standin, GROUP_ID, mark)

    assert note.text == "Alice, I've sent it to you privately."
    assert token_message not in [m.message_id for m in standin.history(GROUP_ID)]
    assert nowhere_in(standin, GROUP_ID, TOKEN)
    assert nowhere_in(standin, ADMIN_ID, TOKEN)
    assert [m.text for m in standin.sent(ADMIN_ID)][-1].startswith("Linked AniList account alice")


@pytest.mark.usefixtures("anilist_knows_alice")
async def test_a_token_the_bot_cannot_delete_is_not_said_to_be_removed(
    standin: TelegramStandIn, admin: Person
) -> None:
    standin.open_chat(ADMIN_ID)
    in_group = admin.in_group()  # the bot is a plain member: Telegram lets it delete only its own
    mark = len(standin.calls)
    in_group.write(f"/link token {TOKEN}")
    await reply_to(standin, GROUP_ID, mark)

    refused = [c for c in standin.calls[mark:] if c.method == "deleteMessage"]
    assert [c.error_code for c in refused] == [400]  # the stand-in refused as Telegram does
    assert not nowhere_in(standin, GROUP_ID, TOKEN)  # so the token is still there
    # What the bot should do then: not claim it removed the message (and tell Alice to).
    private = [m.text for m in standin.sent(ADMIN_ID)]
    assert not any("I removed your message" in text for text in private), private
    [told] = [text for text in private if "Linked AniList account" in text]
    assert "couldn't remove your message with the token" in told and "revoke" in told
