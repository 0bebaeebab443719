"""Every account flow at DEBUG: no token, key, invite code or state signature in any log line."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.errors import NotAllowed
from domain.security.crypto import new_key
from tests.accounts_world import OAUTH, account, build_account_world

ADMIN = "1000"
PASTED = "eyJhbGciOiJSUzI1NiJ9.pasted-token-value"
OAUTH_TOKEN = "eyJhbGciOiJSUzI1NiJ9.oauth-token-value"


async def test_account_flows_log_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    keys = (new_key(), new_key())
    w = build_account_world(oauth=OAUTH, keys=keys)
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
