"""Every account flow at DEBUG: no token, key, invite code or state signature in any log line."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.logging_setup import RedactingFilter
from domain.errors import NotAllowed
from domain.models import Platform
from domain.security.crypto import new_key
from tests.fakes_accounts import account
from tests.world import ANILIST_APP, OAUTH, build_world

ADMIN = "1000"
PASTED = "eyJhbGciOiJSUzI1NiJ9.pasted-token-value"
OAUTH_TOKEN = "eyJhbGciOiJSUzI1NiJ9.oauth-token-value"


async def test_account_flows_log_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    keys = (new_key(), new_key())
    w = build_world(admins=("1000",), keys=keys, **ANILIST_APP)
    code = (await w.say(ADMIN, "/invite 2 admin")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {code}")
    await w.say("3", f"/start {code}")
    w.anilist.tokens[PASTED] = account(1, "alice")
    await w.say("2", f"/link token {PASTED}")
    await w.say("2", "/link token wrong-token-value")
    url = (await w.say("3", "/link")).buttons[0].url
    assert url and w.services.anilist is not None
    state = parse_qs(urlsplit(url).query)["state"][0]
    w.anilist.codes["auth-code-value"] = OAUTH_TOKEN
    w.anilist.tokens[OAUTH_TOKEN] = account(2, "bob")
    await w.services.anilist.finish_authorization(state, "auth-code-value")
    with pytest.raises(NotAllowed):
        await w.services.anilist.finish_authorization(state, "auth-code-value")
    await w.services.anilist.reencrypt()

    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "joined" in logged and "linked AniList" in logged  # the flows did log
    secrets = [
        code,
        PASTED,
        "wrong-token-value",
        OAUTH_TOKEN,
        "auth-code-value",
        state,
        state.rsplit(".", 1)[1],
        OAUTH.client_secret,
        *keys,
    ]
    for secret in secrets:
        assert secret not in logged


async def test_connect_flows_log_no_code(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    w = build_world(admins=("1000",))
    invite = (await w.say(ADMIN, "/invite")).text.split("/start ")[1].split()[0]
    await w.say("2", f"/start {invite}")
    code = (await w.say("2", "/connect")).text.split("/connect ")[1].split()[0]
    await w.say("77", f"/connect {code}", Platform.DISCORD)
    with pytest.raises(NotAllowed):
        await w.say("78", f"/connect {code}", Platform.DISCORD)

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "connect" in logged  # the flow did log
    assert code not in logged and invite not in logged


def test_a_download_links_signature_is_redacted_from_any_line() -> None:
    signature = "ADKSM8f3ZB1Hl2PrZH2jQFLbB6R0GmtiHUlccqI6zfk"
    line = f"sendMessage text='http://box/dl/v1.f.1.0.1.1795307547.cfbd0210.{signature}/ep.mkv'"
    redacted = RedactingFilter([]).redact(line)
    assert signature not in redacted
    assert "v1.f.1.0.1.1795307547.cfbd0210.[redacted]/ep.mkv" in redacted
