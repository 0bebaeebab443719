"""Slash-command declarations → the chat command text the Dispatcher reads."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS, Command, Context, Reply
from bot.discord.declarations import Declared, Kind, Option, slash_commands

SPECS = {spec.name: spec for spec in slash_commands(COMMANDS)}


@pytest.mark.parametrize(
    ("name", "values", "text"),
    [
        ("get", {"title": "frieren", "episode": 5}, "/get frieren 5"),
        ("get", {"title": "  sousou\nno   frieren ", "episode": 0}, "/get sousou no frieren 0"),
        ("get", {"magnet": "magnet:?xt=urn:btih:abc"}, "/get magnet:?xt=urn:btih:abc"),
        ("get", {}, "/get"),
        ("status", {"download": 3}, "/status 3"),
        ("status", {"all": True}, "/status all"),
        ("status", {"all": False}, "/status"),
        ("delete", {"download": 12}, "/delete 12"),
        ("search", {"words": "frieren 1080p"}, "/search frieren 1080p"),
        ("help", {}, "/help"),
    ],
)
def test_option_values_become_the_command_text(
    name: str, values: dict[str, object], text: str
) -> None:
    assert SPECS[name].text(values) == text


def test_every_chat_command_has_a_slash_command_within_discords_limits() -> None:
    assert [spec.name for spec in slash_commands(COMMANDS)] == [c.name for c in COMMANDS]
    for spec in SPECS.values():
        assert 1 <= len(spec.description) <= 100
        assert all(1 <= len(o.description) <= 100 for o in spec.options)
        required = [o.required for o in spec.options]
        assert required == sorted(required, reverse=True)  # Discord wants required ones first


async def _nothing(ctx: Context) -> Reply:
    return Reply("")


def test_a_command_nobody_declared_takes_its_words_as_one_option() -> None:
    new = Command("watchlist", _nothing, "shows you follow", "[add|remove] <title>")
    bare = Command("ping", _nothing, "are you there?")

    watchlist, ping = slash_commands([new, bare], declared=())

    assert [o.name for o in watchlist.options] == ["arguments"]
    assert watchlist.text({"arguments": "add frieren"}) == "/watchlist add frieren"
    assert ping.options == () and ping.text({}) == "/ping"
    assert watchlist.ephemeral


def test_a_declaration_overrides_the_generic_form() -> None:
    new = Command("watchlist", _nothing, "shows you follow", "<title>")
    declared = Declared("watchlist", (Option("title", "the show", required=True),), False)

    (watchlist,) = slash_commands([new], declared=(declared,))

    assert watchlist.options[0].kind is Kind.TEXT and not watchlist.ephemeral
    assert watchlist.text({"title": "frieren"}) == "/watchlist frieren"
