from __future__ import annotations

import pytest

from domain.errors import InvalidInput, TorrentClientError
from domain.qbittorrent.sources import check_source, normalize_hash, normalize_hashes

HASH = "c5b9337296e01ca2c1cc6d7938451f49c47011f2"
OTHER = "0a48a93131164bc49cb6e5687271124949346d79"


@pytest.mark.parametrize(
    ("value", "expected"), [(HASH, HASH), (HASH.upper(), HASH), (f"  {HASH}\n", HASH)]
)
def test_hashes_are_normalized(value: str, expected: str) -> None:
    assert normalize_hash(value) == expected


@pytest.mark.parametrize(
    "value", ["", "all", HASH[:-1], HASH + "0", "g" * 40, f"{HASH}|{OTHER}", "a" * 64, "a" * 5000]
)
def test_malformed_hashes_are_invalid_input(value: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_hash(value)


def test_hash_lists_drop_repeats_in_order() -> None:
    assert normalize_hashes([OTHER, HASH, OTHER.upper()]) == [OTHER, HASH]


@pytest.mark.parametrize(
    "source",
    [
        f"magnet:?xt=urn:btih:{HASH}",
        f"  magnet:?xt=urn:btih:{HASH.upper()}&dn=Show&tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce ",
        "magnet:?xt=urn:btih:YW4TG4UW4AOKFQOMNV4TQRI7JHCHAEPS",  # base32 of HASH
        "https://nyaa.si/download/1234567.torrent",
        "HTTP://127.0.0.1:8080/x.torrent",
    ],
)
def test_magnets_of_the_hash_and_http_urls_are_accepted(source: str) -> None:
    assert check_source(source, HASH) == source.strip()


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://nyaa.si/" + "a" * 9000, "longer"),
        ("magnet:?xt=urn:btih:zzz", "malformed magnet"),
        ("magnet:?dn=no-hash", "malformed magnet"),
        (f"magnet:?xt=urn:btih:{OTHER}", "magnet is for"),
        ("/etc/passwd", "neither"),
        ("file:///etc/passwd", "neither"),
        ("ftp://example.com/x.torrent", "neither"),
        ("nyaa.si/download/1.torrent", "neither"),
    ],
)
def test_other_sources_are_refused(source: str, why: str) -> None:
    with pytest.raises(TorrentClientError, match=why):
        check_source(source, HASH)
