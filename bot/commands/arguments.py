"""Reading command arguments typed on a phone keyboard. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.numbers import MAX_ID, parse_number
from bot.errors import UsageError
from domain.magnets import looks_like_magnet

MAX_MESSAGE_LENGTH = 4096  # Telegram's own cap; anything longer is not a command we read
GET_USAGE = "<title> <episode> [again]  or  /get <magnet link>"

# "5", "05", "e5", "ep5", "ep.5", "#5", "episode 5" at the end of the words; [0-9], not \d,
# which matches every script's digits
_EPISODE = re.compile(
    r"^(?P<query>.+?)\s+(?:(?:ep(?:isode)?\.?|e|#)\s*)?(?P<episode>[0-9]{1,9})"
    r"(?:\s+(?P<again>again))?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class EpisodeWanted:
    query: str
    episode: int
    again: bool = False  # fetch it even if the user has that episode already


@dataclass(frozen=True, slots=True)
class MagnetWanted:
    uri: str


def split_command(text: str) -> tuple[str, str]:
    """`/get@MyBot frieren 5` → ("get", "frieren 5"). The bot suffix is Telegram's group form."""
    # Any whitespace ends the command word: "/broadcast" then a new line is still a command.
    head, *rest = text.strip().split(maxsplit=1) or [""]
    name = head.lstrip("/").split("@", 1)[0].lower()
    return name, rest[0].strip() if rest else ""


def parse_get(args: str) -> EpisodeWanted | MagnetWanted:
    args = " ".join(args.split())
    if looks_like_magnet(args):
        return MagnetWanted(args)
    match = _EPISODE.match(args)
    if not match:
        raise UsageError("get", GET_USAGE)
    episode = parse_number(match["episode"], "get", GET_USAGE, high=MAX_ID)
    return EpisodeWanted(query=match["query"], episode=episode, again=bool(match["again"]))


def parse_download_id(command: str, args: str) -> tuple[int, str]:
    """`#3 files` or `3 files` → (3, "files")."""
    head, _, rest = args.strip().partition(" ")
    usage = "<download number>  (see /status)"
    return parse_number(head, command, usage, high=MAX_ID, hash_ok=True), rest.strip().lower()
