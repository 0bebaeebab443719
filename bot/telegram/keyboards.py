"""Reply buttons as Telegram inline keyboards. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.commands import Button

MAX_CALLBACK_DATA = 64  # bytes of UTF-8; Telegram refuses the whole message beyond it


class CallbackDataTooLong(ValueError):
    """A button's command does not fit in callback data: a bug in the command that made it."""


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """One button per row, so long labels stay readable on a phone, except those that ask to sit
    beside the one before (Prev | Next); None for no buttons."""
    if not buttons:
        return None
    for button in buttons:
        if button.url is not None:
            continue  # a link button carries no callback data
        size = len(button.command.encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise CallbackDataTooLong(
                f"button {button.label!r} carries {size} bytes of callback data, "
                f"Telegram takes 1 to {MAX_CALLBACK_DATA}"
            )
    rows: list[list[InlineKeyboardButton]] = []
    for b in buttons:
        shown = (
            InlineKeyboardButton(b.label, url=b.url)
            if b.url is not None
            else InlineKeyboardButton(b.label, callback_data=b.command)
        )
        if b.same_row and rows:
            rows[-1].append(shown)
        else:
            rows.append([shown])
    return InlineKeyboardMarkup(rows)
