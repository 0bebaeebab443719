"""Linking AniList: the OAuth state (signed, expiring, single-use, bound to one user), the pasted
token flow and its message deletion, read-only links, and tokens encrypted at rest."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from domain.errors import InvalidInput, NotAllowed, RelinkNeeded
from domain.models import Platform, User
from domain.security.crypto import TokenCipher, new_key
from domain.security.states import read_state, sign_state
from tests.fakes_accounts import account
from tests.world import ANILIST_APP, OAUTH, World, build_world

ADMIN = "1000"
TOKEN = "eyJhbGciOi.JSUzI1NiJ9.alice-secret-token"


async def with_users(**kwargs: object) -> tuple[World, User, User]:
    w = build_world(admins=("1000",), **kwargs)  # type: ignore[arg-type]
    code = (await w.say(ADMIN, "/invite 2")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    await w.say("3", f"/start {code}")
    alice = await w.users.by_identity(Platform.TELEGRAM, "2")
    bob = await w.users.by_identity(Platform.TELEGRAM, "3")
    assert alice and bob
    return w, alice, bob


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


async def test_link_offers_a_sign_in_button_whose_state_works_once_for_its_user() -> None:
    w, alice, _ = await with_users(**ANILIST_APP)
    reply = await w.say("2", "/link")
    (button,) = reply.buttons
    assert button.url and button.url.startswith(OAUTH.authorize_url + "?")
    query = parse_qs(urlsplit(button.url).query)
    assert query["client_id"] == ["4242"] and query["redirect_uri"] == [OAUTH.redirect_uri]
    w.anilist.codes["good-code"] = TOKEN
    w.anilist.tokens[TOKEN] = account(77, "alice")
    assert w.services.anilist is not None
    link = await w.services.anilist.finish_authorization(state_of(button.url), "good-code")
    assert (link.user_id, link.username) == (alice.id, "alice")
    assert link.encrypted_token and TOKEN not in link.encrypted_token
    assert await w.services.anilist.token(alice) == TOKEN
    with pytest.raises(NotAllowed):  # replayed
        await w.services.anilist.finish_authorization(state_of(button.url), "good-code")


async def test_an_expired_state_is_refused() -> None:
    w, _, _ = await with_users(**ANILIST_APP)
    url = (await w.say("2", "/link")).buttons[0].url
    assert url
    w.clock.advance(601)
    assert w.services.anilist is not None
    with pytest.raises(NotAllowed, match="expired"):
        await w.services.anilist.finish_authorization(state_of(url), "code")


async def test_a_foreign_or_forged_state_links_nobody() -> None:
    w, _, bob = await with_users(**ANILIST_APP)
    url = (await w.say("2", "/link")).buttons[0].url
    assert url and w.services.anilist is not None
    nonce, _, expires, _ = state_of(url).split(".")
    # Bob rewrites Alice's state to name himself: the signature no longer matches.
    forged = f"{nonce}.{bob.id}.{expires}.AAAA"
    signed_elsewhere = sign_state(b"another box's key" * 2, bob.id, int(expires), nonce)
    for state in (forged, signed_elsewhere, "garbage", "a.b.c.d", "x" * 500):
        with pytest.raises(NotAllowed):
            await w.services.anilist.finish_authorization(state, "code")
    assert w.links.rows == {}


def test_state_signatures_are_checked_before_anything_else() -> None:
    key = b"k" * 32
    state = sign_state(key, 5, 2_000, "nonce")
    assert read_state(key, state, 1_000).user_id == 5
    with pytest.raises(NotAllowed):
        read_state(key, state, 2_000)
    with pytest.raises(NotAllowed):
        read_state(b"j" * 32, state, 1_000)


async def test_a_pasted_token_is_stored_encrypted_and_its_message_deleted() -> None:
    w, alice, _ = await with_users()
    w.anilist.tokens[TOKEN] = account(77, "alice")
    reply = await w.say("2", f"/link token {TOKEN}")
    assert reply.delete_request and "alice" in reply.text and TOKEN not in reply.text
    stored = w.links.rows[alice.id].encrypted_token
    assert stored and TOKEN not in stored


async def test_a_refused_token_is_still_deleted_from_the_chat() -> None:
    w, alice, _ = await with_users()
    reply = await w.say("2", "/link token not-a-real-token")
    assert reply.delete_request and "/link" in reply.text and "not-a-real-token" not in reply.text
    assert alice.id not in w.links.rows


async def test_a_public_list_links_read_only() -> None:
    w, alice, _ = await with_users()
    w.anilist.public["bobtheanime"] = account(9, "BobTheAnime")
    reply = await w.say("2", "/link BobTheAnime")
    assert "read-only" in reply.text
    assert w.links.rows[alice.id].read_only
    assert "AniList link forgotten" in (await w.say("2", "/unlink")).text


async def test_a_token_no_key_opens_asks_to_link_again_and_rotation_keeps_the_rest() -> None:
    old, new = new_key(), new_key()
    w, alice, bob = await with_users(keys=(old,))
    w.anilist.tokens[TOKEN] = account(77, "alice")
    w.anilist.tokens["bob-token"] = account(78, "bob")
    await w.say("2", f"/link token {TOKEN}")
    await w.say("3", "/link token bob-token")
    sealed_under_old = w.links.rows[alice.id].encrypted_token or ""
    # A new key goes first; both still open; rotating moves every token to the new key.
    rotated = TokenCipher([new, old])
    assert rotated.decrypt(sealed_under_old) == TOKEN
    assert TokenCipher([new]).rotate(rotated.rotate(sealed_under_old)) != sealed_under_old
    with pytest.raises(RelinkNeeded):
        TokenCipher([new]).decrypt(sealed_under_old)
    # The box lost its key: the link is dropped and the user is told to link again.
    w.links.rows[bob.id] = type(w.links.rows[bob.id])(bob.id, "bob", 78, "gAAAAgarbage")
    assert w.services.anilist is not None
    with pytest.raises(RelinkNeeded):
        await w.services.anilist.token(bob)
    assert bob.id not in w.links.rows
    assert await w.services.anilist.reencrypt() == (1, 0)


def test_a_malformed_key_is_refused_without_showing_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        TokenCipher(["not-a-fernet-key-at-all"])
    assert "not-a-fernet" not in str(caught.value)
