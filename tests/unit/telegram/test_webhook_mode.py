"""Webhook settings: the route comes from the URL's path, the secret is Telegram-shaped, and an
unset secret is a fresh random one at each start."""

from __future__ import annotations

import re

import pytest

from bot.settings import Settings, SettingsError
from bot.telegram.webhook import webhook_mode, webhook_path


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://box.example.org/telegram", "/telegram"),
        ("https://box.example.org:8443/a/b?x=1", "/a/b"),
        ("https://box.example.org", "/"),
    ],
)
def test_the_route_is_the_urls_path(url: str, path: str) -> None:
    assert webhook_path(url) == path


def test_an_unset_secret_is_the_same_in_every_process_of_a_token_and_telegram_shaped() -> None:
    url = "https://box.example.org/telegram"
    first = webhook_mode(url, None, token="123:abc").secret
    second = webhook_mode(url, None, token="123:abc").secret  # another process, or a restart
    other_bot = webhook_mode(url, None, token="456:def").secret
    assert first == second != other_bot
    assert "abc" not in first  # the token itself is not handed out
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", first)


def test_a_configured_secret_is_used_as_is() -> None:
    configured = webhook_mode("https://box.example.org/t", "my_Secret-1", token="1:a")
    assert configured.secret == "my_Secret-1"


@pytest.mark.parametrize("secret", ["has space", "ünïcode", "x" * 257, "semi;colon"])
def test_a_secret_telegram_would_refuse_fails_at_start(secret: str) -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.load(environ={"TELEGRAM_WEBHOOK_SECRET": secret}, env_file=None)
    with pytest.raises(ValueError):
        webhook_mode("https://box.example.org/t", secret, token="1:a")
