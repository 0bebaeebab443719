"""Deep-link payloads: within Telegram's 64 characters of [A-Za-z0-9_-], back to the command they
stand for, and never a way to smuggle arguments in."""

from __future__ import annotations

import re

import pytest

from bot.telegram.deeplinks import MAX_PAYLOAD, command_for, deep_link, payload_for

_ALLOWED = re.compile(r"[A-Za-z0-9_-]{1,64}")


@pytest.mark.parametrize(
    ("name", "args", "payload", "command"),
    [
        ("status", "", "cmd-status", "/status"),
        ("status", "3", "cmd-status-3", "/status 3"),
        ("status", "#3", "cmd-status-3", "/status 3"),
        ("files", "12 send", "cmd-files-12-send", "/files 12 send"),
        ("files", "12 SEND", "cmd-files-12-send", "/files 12 send"),
        # Arguments that may not travel in a link are dropped, never mangled.
        ("settings", "resolution 720p", "cmd-settings", "/settings"),
        ("link", "someone", "cmd-link", "/link"),
        ("connect", "Ab-cD_9", "cmd-connect", "/connect"),
        ("files", "12 ../etc", "cmd-files", "/files"),
        ("files", "1 " * 40, "cmd-files", "/files"),
    ],
)
def test_a_payload_brings_the_person_back_to_the_command(
    name: str, args: str, payload: str, command: str
) -> None:
    made = payload_for(name, args)
    assert made == payload
    assert _ALLOWED.fullmatch(made) and len(made) <= MAX_PAYLOAD
    assert command_for(made) == command


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "AbCdEf123_-xyz",  # an invite or connect code
        "cmd-",
        "cmd-Status",
        "cmd-settings-resolution-720p",  # hand-made: a setting the presser did not choose
        "cmd-link-someone",
        "cmd-delete-3-yes",
        "cmd-status-" + "1" * 60,
    ],
)
def test_anything_else_is_not_a_command(payload: str) -> None:
    assert command_for(payload) is None


def test_the_link_opens_the_bot_with_the_payload() -> None:
    assert (
        deep_link("iiitorrent_bot", "cmd-status") == "https://t.me/iiitorrent_bot?start=cmd-status"
    )


def test_a_bad_name_is_a_bug() -> None:
    with pytest.raises(ValueError, match="command name"):
        payload_for("Status now", "")
