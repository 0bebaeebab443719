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


def test_an_unset_secret_is_random_per_start_and_telegram_shaped() -> None:
    first = webhook_mode("https://box.example.org/telegram", None).secret
    second = webhook_mode("https://box.example.org/telegram", None).secret
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", first)


def test_a_configured_secret_is_used_as_is() -> None:
    assert webhook_mode("https://box.example.org/t", "my_Secret-1").secret == "my_Secret-1"


@pytest.mark.parametrize("secret", ["has space", "ünïcode", "x" * 257, "semi;colon"])
def test_a_secret_telegram_would_refuse_fails_at_start(secret: str) -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.load(environ={"TELEGRAM_WEBHOOK_SECRET": secret}, env_file=None)
    with pytest.raises(ValueError):
        webhook_mode("https://box.example.org/t", secret)
