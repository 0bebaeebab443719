from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotFound
from domain.links.paths import map_save_path, relative_parts


@pytest.mark.parametrize(
    ("reported", "qbittorrent_default", "download_dir", "expected"),
    [
        # qBittorrent in a container: /downloads there is /srv/anime here.
        ("/downloads", "/downloads", "/srv/anime", ()),
        ("/downloads/", "/downloads/", "/srv/anime", ()),
        ("/downloads/tv/Frieren", "/downloads", "/srv/anime", ("tv", "Frieren")),
        ("/downloads//tv/./x", "/downloads", "/srv/anime", ("tv", "x")),
        # Both see the same paths (the supervised qbittorrent-nox).
        ("/srv/anime/Frieren", "/srv/anime", "/srv/anime", ("Frieren",)),
        ("/srv/anime/Frieren", "/elsewhere", "/srv/anime", ("Frieren",)),
        # Default save path unknown: only our own view maps.
        ("/srv/anime/a", "", "/srv/anime", ("a",)),
    ],
)
def test_save_paths_map_below_download_dir(
    reported: str, qbittorrent_default: str, download_dir: str, expected: tuple[str, ...]
) -> None:
    assert map_save_path(reported, qbittorrent_default, download_dir) == expected


@pytest.mark.parametrize(
    "reported",
    [
        "/etc",
        "/downloads-other/x",  # a prefix of the name is not a parent folder
        "/downloads/../etc",
        "downloads/x",
        "",
        "/downloads/x\x00y",
        "C:\\Downloads\\x",
    ],
)
def test_paths_outside_are_never_mapped(reported: str) -> None:
    with pytest.raises(NotFound):
        map_save_path(reported, "/downloads", "/srv/anime")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("a.mkv", ("a.mkv",)),
        ("Show/Show - 01.mkv", ("Show", "Show - 01.mkv")),
        ("..hidden/...mkv", ("..hidden", "...mkv")),
        ("back\\slash.mkv", ("back\\slash.mkv",)),  # a legal character on Linux
    ],
)
def test_relative_names(name: str, parts: tuple[str, ...]) -> None:
    assert relative_parts(name) == parts


@pytest.mark.parametrize(
    "name", ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "nul\x00.mkv", ".."]
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        relative_parts(name)
