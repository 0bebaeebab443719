"""Hostile titles and long texts within Discord's limits."""

from __future__ import annotations

import pytest

from bot.commands import Button
from bot.discord.rendering import (
    CommandTooLong,
    Field,
    clip,
    command_of,
    components,
    embed,
    escape,
    split_message,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("@everyone look", "@\u200beveryone look"),
        ("@here", "@\u200bhere"),
        ("**bold** __under__ ~~gone~~", "\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~gone\\~\\~"),
        ("||spoiler||", "\\|\\|spoiler\\|\\|"),
        ("`code`", "\\`code\\`"),
        ("https://nyaa.si/view/1_2", "https://nyaa.si/view/1_2"),
    ],
)
def test_outside_text_shows_as_typed(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_clipping_never_leaves_a_lone_escaping_backslash() -> None:
    text = escape("*" * 300)
    clipped = clip(text, 100)
    assert len(clipped) <= 100 and clipped.endswith("…")
    assert not clipped[:-1].endswith("\\") or clipped[:-1].endswith("\\\\")


@pytest.mark.parametrize("text", ["word " * 2000, "*" * 5000, "line\n" * 3000, "🎌" * 3000])
def test_long_text_is_split_into_messages_of_at_most_2000(text: str) -> None:
    parts = split_message(text)
    assert len(parts) >= 2
    assert all(0 < len(p.encode("utf-16-le")) // 2 <= 2000 for p in parts)


def test_an_embed_keeps_within_every_limit() -> None:
    fields = [Field("name " * 100, "value " * 500) for _ in range(40)]
    shown = embed("@everyone " + "t" * 1000, "d" * 10_000, fields=fields, footer="f" * 5000)
    data = shown.to_dict()
    assert len(data["title"]) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data["fields"]) <= 25
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in data["fields"])
    assert len(shown) <= 6000
    assert data["title"].startswith("@\u200beveryone")


def test_a_url_that_is_not_http_is_left_out() -> None:
    assert embed("t", url="javascript:alert(1)").url is None


def test_a_few_choices_are_buttons_and_many_a_select_menu() -> None:
    few = components([Button("Yes", "/delete 1 yes"), Button("Files", "/delete 1 files")])
    many = components([Button(f"Release {n}", f"/get magnet:?xt={n}") for n in range(30)])
    assert few is not None and many is not None
    assert [c.custom_id for c in few.children] == ["run:/delete 1 yes", "run:/delete 1 files"]
    (menu,) = many.children
    assert menu.custom_id == "pick" and len(menu.options) == 25  # type: ignore[attr-defined]


def test_a_command_too_long_for_a_custom_id_fails_before_sending() -> None:
    with pytest.raises(CommandTooLong):
        components([Button("x", "/get " + "a" * 100)])


@pytest.mark.parametrize(
    ("custom_id", "values", "command"),
    [
        ("run:/delete 1 yes", [], "/delete 1 yes"),
        ("pick", ["/get frieren 5"], "/get frieren 5"),
        ("pick", [], None),
        ("run:", [], None),
        ("someone-elses-button", [], None),
    ],
)
def test_the_command_a_component_carries(
    custom_id: str, values: list[str], command: str | None
) -> None:
    assert command_of(custom_id, values) == command
