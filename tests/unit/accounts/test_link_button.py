"""A link button opens its URL on Telegram; command buttons keep their callback data."""

from __future__ import annotations

from bot.commands import Button
from bot.telegram.keyboards import keyboard


def test_a_url_button_opens_the_url_and_carries_no_callback_data() -> None:
    url = "https://anilist.co/api/v2/oauth/authorize?state=" + "s" * 200  # far over 64 bytes
    markup = keyboard([Button("Sign in", "/link", url=url), Button("Delete", "/delete 1 yes")])
    assert markup is not None
    (link,), (delete,) = markup.inline_keyboard
    assert (link.url, link.callback_data) == (url, None)
    assert (delete.url, delete.callback_data) == (None, "/delete 1 yes")
