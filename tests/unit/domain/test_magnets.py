from __future__ import annotations

import pytest

from domain.errors import InvalidMagnet
from domain.magnets import parse_magnet

HASH = "c5b9337296e01ca2c1cc6d7938451f49c47011f2"


@pytest.mark.parametrize(
    ("uri", "info_hash", "name", "trackers"),
    [
        (f"magnet:?xt=urn:btih:{HASH}", HASH, None, ()),
        (f"magnet:?xt=urn:btih:{HASH.upper()}&dn=Frieren%20-%2005", HASH, "Frieren - 05", ()),
        # base32 form of the same hash
        ("magnet:?xt=urn:btih:YW4TG4UW4AOKFQOMNV4TQRI7JHCHAEPS", HASH, None, ()),
        (
            f"magnet:?xt=urn:btih:{HASH}&tr=udp%3A%2F%2Ftracker.example%3A80&tr=file%3A%2F%2Fx",
            HASH,
            None,
            ("udp://tracker.example:80",),
        ),
    ],
)
def test_valid_magnets(
    uri: str, info_hash: str, name: str | None, trackers: tuple[str, ...]
) -> None:
    magnet = parse_magnet(uri)
    assert (magnet.info_hash, magnet.name, magnet.trackers) == (info_hash, name, trackers)


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "magnet:",
        "magnet:?dn=no-hash",
        "magnet:?xt=urn:btih:1234",
        f"magnet:?xt=urn:btih:{HASH[:-1]}z",
        "magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C",
        f"http://example.com/?xt=urn:btih:{HASH}",
        "magnet:?xt=urn:btih:" + "a" * 10_000,
    ],
)
def test_malformed_magnets_are_refused(uri: str) -> None:
    with pytest.raises(InvalidMagnet):
        parse_magnet(uri)


def test_a_parameter_flood_is_refused_before_anything_is_decoded() -> None:
    with pytest.raises(InvalidMagnet, match="parameters"):
        parse_magnet(f"magnet:?xt=urn:btih:{HASH}" + "&x=y" * 500)


def test_more_than_fifty_trackers_are_refused() -> None:
    trackers = "".join(f"&tr=udp%3A%2F%2Ft{i}.example%3A80" for i in range(51))
    with pytest.raises(InvalidMagnet, match="trackers"):
        parse_magnet(f"magnet:?xt=urn:btih:{HASH}{trackers}")


def test_a_huge_display_name_is_cut() -> None:
    magnet = parse_magnet(f"magnet:?xt=urn:btih:{HASH}&dn=" + "%41" * 2000)
    assert magnet.name is not None and len(magnet.name) < 400
