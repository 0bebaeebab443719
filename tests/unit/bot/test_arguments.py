from __future__ import annotations

import pytest

from bot.commands.arguments import (
    EpisodeWanted,
    MagnetWanted,
    parse_download_id,
    parse_get,
    split_command,
)
from bot.errors import UsageError


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("/get frieren 5", "get", "frieren 5"),
        ("/GET@IIITorrentBot  frieren 5 ", "get", "frieren 5"),
        ("/status", "status", ""),
        ("/broadcast\nFirst line\nSecond line", "broadcast", "First line\nSecond line"),
        ("", "", ""),
    ],
)
def test_split_command(text: str, name: str, args: str) -> None:
    assert split_command(text) == (name, args)


@pytest.mark.parametrize(
    ("args", "query", "episode"),
    [
        ("frieren 5", "frieren", 5),
        ("Sousou no Frieren 05", "Sousou no Frieren", 5),
        ("frieren ep5", "frieren", 5),
        ("frieren ep. 12", "frieren", 12),
        ("frieren episode 3", "frieren", 3),
        ("frieren #7", "frieren", 7),
        ("Mob Psycho 100 3", "Mob Psycho 100", 3),
        ("86 5", "86", 5),
        ("one piece 1105", "one piece", 1105),
    ],
)
def test_get_reads_title_and_episode(args: str, query: str, episode: int) -> None:
    assert parse_get(args) == EpisodeWanted(query, episode)


def test_get_again_asks_for_a_second_copy() -> None:
    assert parse_get("frieren 5 again") == EpisodeWanted("frieren", 5, again=True)


def test_get_reads_a_magnet_whole() -> None:
    magnet = "magnet:?xt=urn:btih:" + "a" * 40 + "&dn=x y"
    assert parse_get(magnet) == MagnetWanted(magnet)


@pytest.mark.parametrize("args", ["", "frieren", "5", "frieren five"])
def test_get_without_title_and_episode_shows_usage(args: str) -> None:
    with pytest.raises(UsageError):
        parse_get(args)


@pytest.mark.parametrize(
    ("args", "expected"), [("3", (3, "")), ("#3 files", (3, "files")), ("12 YES", (12, "yes"))]
)
def test_download_ids(args: str, expected: tuple[int, str]) -> None:
    assert parse_download_id("delete", args) == expected


@pytest.mark.parametrize("args", ["", "abc", "-1", "1" * 12])
def test_bad_download_ids_show_usage(args: str) -> None:
    with pytest.raises(UsageError, match="delete"):
        parse_download_id("delete", args)
