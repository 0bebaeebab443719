"""Slash-command declarations: the options Discord is offered, and the chat command text the
Dispatcher reads. (That each callback passes its options in order is shown end to end in
tests/integration/discord.)"""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS, Command, Reply
from bot.commands.base import Context
from bot.discord.declarations import DECLARED, slash_commands
from bot.discord.slash import command_text
from domain.services.search import MAX_QUERY_LENGTH

SLASH = {command.name: command for command in slash_commands(COMMANDS)}


@pytest.mark.parametrize(
    ("name", "words", "text"),
    [
        ("get", ("frieren", 5, None), "/get frieren 5"),
        ("get", ("  sousou\nno   frieren ", 0, None), "/get sousou no frieren 0"),
        ("get", (None, None, "magnet:?xt=urn:btih:abc"), "/get magnet:?xt=urn:btih:abc"),
        ("get", (None, None, None), "/get"),
        ("status", (3, None), "/status 3"),
        ("status", (None, "all"), "/status all"),
        ("delete", (12,), "/delete 12"),
        ("search", ("frieren 1080p",), "/search frieren 1080p"),
        ("subscribe", ("   ",), "/subscribe"),
        ("help", (), "/help"),
    ],
)
def test_option_values_become_the_command_text(
    name: str, words: tuple[object, ...], text: str
) -> None:
    assert command_text(name, *words) == text


def test_every_chat_command_has_a_slash_command_within_discords_limits() -> None:
    assert [command.name for command in slash_commands(COMMANDS)] == [c.name for c in COMMANDS]
    for command in SLASH.values():
        assert 1 <= len(command.description) <= 100
        assert all(1 <= len(p.description) <= 100 for p in command.parameters)
        required = [p.required for p in command.parameters]
        assert required == sorted(required, reverse=True)  # Discord wants required ones first


def test_the_declared_options_are_typed_bounded_and_autocompleted() -> None:
    get = {p.display_name: p for p in SLASH["get"].parameters}
    assert get["title"].autocomplete and get["title"].max_value == MAX_QUERY_LENGTH  # length
    assert (get["episode"].min_value, get["episode"].required) == (0, False)
    status = {p.display_name: p for p in SLASH["status"].parameters}
    assert status["download"].autocomplete and status["download"].min_value == 1
    assert status["all"].name == "everyone"  # Discord's option, a friendlier name in Python
    (delete,) = SLASH["delete"].parameters
    assert (delete.display_name, delete.required, delete.autocomplete) == ("download", True, True)


async def _nothing(ctx: Context) -> Reply:
    return Reply("")


def test_a_command_nobody_declared_takes_its_words_as_one_option() -> None:
    new = Command("watchlist", _nothing, "shows you follow", "[add|remove] <title>")
    bare = Command("ping", _nothing, "are you there?")

    watchlist, ping = slash_commands([new, bare], declared={})

    (arguments,) = watchlist.parameters
    assert (arguments.display_name, arguments.description) == ("arguments", new.usage)
    assert not arguments.required
    assert (ping.name, ping.description, ping.parameters) == ("ping", "are you there?", [])


def test_a_declaration_overrides_the_generic_form() -> None:
    new = Command("get", _nothing, "download the best release", "<title>")

    (get,) = slash_commands([new])

    assert get is DECLARED["get"]
    assert [p.display_name for p in get.parameters] == ["title", "episode", "magnet"]
