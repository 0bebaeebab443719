"""Slash commands as declarations: typed options in, the chat command's text out. Pure.

Every command in the shared command list becomes a slash command. Those declared in `DECLARED`
get typed options (integers with ranges, autocompleted titles and downloads, flags); any other
takes its arguments as one text option, so a command someone adds to the list works on Discord
at once and gets a nicer form with one more line here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.commands import Command
from bot.formatting import shorten
from domain.services.search import MAX_EPISODE, MAX_QUERY_LENGTH

MAX_DESCRIPTION = 100  # Discord's limit for command and option descriptions
MAX_DOWNLOAD_ID = 999_999_999


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    FLAG = "flag"  # a yes/no option; when yes, the command gets the option's `word`


class Suggest(StrEnum):
    """What an option autocompletes from."""

    TITLES = "titles"  # show titles from the catalog
    DOWNLOADS = "downloads"  # the caller's own downloads


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    description: str
    kind: Kind = Kind.TEXT
    required: bool = False
    suggest: Suggest | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    word: str = ""  # for FLAG


@dataclass(frozen=True, slots=True)
class Declared:
    """How one chat command looks as a slash command."""

    name: str
    options: tuple[Option, ...] = ()
    ephemeral: bool = True  # personal answers are seen only by whoever asked


@dataclass(frozen=True, slots=True)
class SlashCommand:
    name: str
    description: str
    options: tuple[Option, ...]
    ephemeral: bool

    def text(self, values: Mapping[str, object]) -> str:
        """The chat command these option values stand for: `/get frieren 5`."""
        words = [f"/{self.name}"]
        for option in self.options:
            value = values.get(option.name)
            if value is None or value is False:
                continue
            if option.kind is Kind.FLAG:
                words.append(option.word)
                continue
            # One line: a pasted newline must not change how the command reads its words.
            text = " ".join(str(value).split())
            if text:
                words.append(text)
        return " ".join(words)


def _download(description: str, *, required: bool = True) -> Option:
    return Option(
        "download",
        description,
        Kind.INTEGER,
        required=required,
        suggest=Suggest.DOWNLOADS,
        min_value=1,
        max_value=MAX_DOWNLOAD_ID,
    )


DECLARED: tuple[Declared, ...] = (
    Declared(
        "get",
        (
            Option(
                "title",
                "the show, as you would search for it",
                suggest=Suggest.TITLES,
                max_length=MAX_QUERY_LENGTH,
            ),
            Option(
                "episode", "the episode number", Kind.INTEGER, min_value=0, max_value=MAX_EPISODE
            ),
            Option("magnet", "a magnet link, instead of a title and episode"),
        ),
        ephemeral=False,  # the progress embed outlives the interaction's 15-minute token
    ),
    Declared(
        "search",
        (
            Option(
                "words",
                "what to search Nyaa for",
                required=True,
                suggest=Suggest.TITLES,
                max_length=MAX_QUERY_LENGTH,
            ),
        ),
        ephemeral=False,
    ),
    Declared(
        "status",
        (
            _download("one download, by number", required=False),
            Option("all", "everyone's downloads (admins only)", Kind.FLAG, word="all"),
        ),
    ),
    Declared("pause", (_download("the download to pause"),)),
    Declared("resume", (_download("the download to resume"),)),
    Declared("delete", (_download("the download to delete; you'll be asked first"),)),
    Declared("start", (Option("code", "an invite code, to join the box", max_length=64),)),
    Declared(
        "connect",
        (Option("code", "the code /connect gave you on Telegram; empty: get one", max_length=64),),
    ),
    Declared("help"),
)


def slash_commands(
    commands: Sequence[Command], declared: Sequence[Declared] = DECLARED
) -> list[SlashCommand]:
    """One slash command per chat command, in the list's order; descriptions come from the
    command list, so both platforms describe a command the same way."""
    by_name = {d.name: d for d in declared}
    result = []
    for command in commands:
        found = by_name.get(command.name) or _generic(command)
        result.append(
            SlashCommand(
                name=command.name,
                description=shorten(command.summary, MAX_DESCRIPTION),
                options=tuple(sorted(found.options, key=lambda o: not o.required)),
                ephemeral=found.ephemeral,
            )
        )
    return result


def _generic(command: Command) -> Declared:
    if not command.usage:
        return Declared(command.name)
    usage = shorten(command.usage, MAX_DESCRIPTION)
    return Declared(command.name, (Option("arguments", usage),))
