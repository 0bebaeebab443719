"""Issue 17: a magnet is taken only if it names exactly one v1 torrent, and what is handed on is
rebuilt from that one hash, so qBittorrent can only add the torrent that was recorded."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidMagnet
from domain.magnets import NO_HYBRID, NO_V2, ONE_TORRENT, parse_magnet

A = "c5b9337296e01ca2c1cc6d7938451f49c47011f2"
B = "0123456789abcdef0123456789abcdef01234567"
A32 = base64.b32encode(bytes.fromhex(A)).decode()  # YW4TG4UW4AOKFQOMNV4TQRI7JHCHAEPS
BTMH = "1220" + "ab" * 32
XT = re.compile(r"(?i)(?:^|[?&])xt(?:\.\d+)?=")


def xts(uri: str) -> list[str]:
    return [p.partition("=")[2] for p in uri.partition("?")[2].split("&") if XT.match("&" + p)]


@pytest.mark.parametrize(
    ("uri", "info_hash"),
    [
        (f"magnet:?xt=urn:btih:{A}", A),
        (f"magnet:?xt=urn:btih:{A.upper()}", A),
        (f"magnet:?xt=urn:btih:{A32}", A),
        (f"magnet:?xt=urn:btih:{A32.lower()}", A),
        (f"magnet:?XT=urn:BTIH:{A}", A),
        # the same torrent twice (even once in hex and once in base32) is still one torrent
        (f"magnet:?xt=urn:btih:{A}&xt=urn:btih:{A.upper()}", A),
        (f"magnet:?xt=urn:btih:{A}&xt.1=urn:btih:{A32}", A),
    ],
)
def test_one_torrent_is_taken_and_rebuilt_with_only_its_hash(uri: str, info_hash: str) -> None:
    magnet = parse_magnet(uri)
    assert magnet.info_hash == info_hash
    assert xts(magnet.uri) == [f"urn:btih:{info_hash}"]


@pytest.mark.parametrize(
    ("uri", "why"),
    [
        (f"magnet:?xt=urn:btih:{A}&xt=urn:btih:{B}", ONE_TORRENT),
        (f"magnet:?xt=urn:btih:{A}&xt.2=urn:btih:{B}", ONE_TORRENT),
        (f"magnet:?xt=urn:btih:{A}&XT=urn:btih:{B}", ONE_TORRENT),
        (f"magnet:?xt=urn:btih:{A}&xt=urn%3Abtih%3A{B}", ONE_TORRENT),
        (f"magnet:?xt=urn:btih:{A}&xt=urn:ed2k:{B[:32]}", ONE_TORRENT),
        (f"magnet:?xt=urn:btih:{A}&xt=", ONE_TORRENT),
        ("magnet:?dn=no-hash", ONE_TORRENT),
        (f"magnet:?xt=urn:btmh:{BTMH}", NO_V2),
        (f"magnet:?xt=urn:btih:{A}&xt=urn:btmh:{BTMH}", NO_HYBRID),
        (f"magnet:?xt=urn:btmh:{BTMH}&xt=urn:btih:{A}", NO_HYBRID),
        (f"magnet:?xt=urn:btih:{A[:-1]}", "40 hex"),
        (f"magnet:?xt=urn:btih:{A}0", "40 hex"),
        ("magnet:?xt=urn:btih:" + "1" * 32, "40 hex"),  # 1 is not in base32's alphabet
        ("magnet:?xt=urn:btih:zzzz", "40 hex"),
        ("magnet:?xt=urn:btih:", "40 hex"),
        ("magnet:?junk", ONE_TORRENT),
        ("http://example.com/?xt=urn:btih:" + A, "not a magnet"),
        (f"magnet:?xt=urn:btih:{A}" + "&dn=" + "%E3%81%82" * 3000, "longer"),
        # short as given, but too long once its raw letters are encoded again
        (f"magnet:?xt=urn:btih:{A}" + "&dn=" + "\u3042" * 1000, "longer"),
    ],
)
def test_anything_but_one_v1_torrent_is_refused_saying_why(uri: str, why: str) -> None:
    with pytest.raises(InvalidMagnet, match=re.escape(why)):
        parse_magnet(uri)


def test_the_rebuilt_magnet_keeps_the_name_and_the_trackers_and_drops_the_rest() -> None:
    magnet = parse_magnet(
        f"magnet:?xt=urn:btih:{A.upper()}&dn=Frieren+-+05%20%26%20more&xl=5&ws=http://x/y"
        "&tr=udp%3A%2F%2Ft.example%3A80&tr=file%3A%2F%2F%2Fetc&tr=udp%3A%2F%2Ft.example%3A80"
        "&xs=http://evil.example/other.torrent&as=http://evil.example/"
    )
    assert magnet.uri == (
        f"magnet:?xt=urn:btih:{A}&dn=Frieren%20-%2005%20%26%20more&tr=udp%3A%2F%2Ft.example%3A80"
    )
    assert parse_magnet(magnet.uri) == magnet  # reading it again gives the same magnet


# Magnet-ish text: a few parameters drawn from what magnets carry and what attacks on them try.
_HEXES = st.sampled_from([A, B, A.upper()]) | st.text(
    "0123456789abcdefABCDEF", min_size=38, max_size=42
)
_BASE32S = st.sampled_from([A32, A32.lower()]) | st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", min_size=30, max_size=34
)
_TOPICS = (
    st.builds("urn:btih:{}".format, _HEXES | _BASE32S)
    | st.builds("urn:BTIH:{}".format, _HEXES)
    | st.builds("urn:btmh:{}".format, st.just(BTMH) | st.text("0123456789abcdef", max_size=70))
    | st.builds("urn:btih%3A{}".format, _HEXES)
    | st.sampled_from(["urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C", "", "urn:btih:"])
    | st.text(max_size=50)
)
_PARAMETER = st.one_of(
    st.builds("{}={}".format, st.sampled_from(["xt", "XT", "xt.1", "xt.2", "Xt.10"]), _TOPICS),
    st.builds(
        "dn={}".format,
        st.text(max_size=40) | st.sampled_from(["a+b", "%E3%81%82", "%", "%zz", "x%26xt%3Dy"]),
    ),
    st.builds(
        "tr={}".format,
        st.sampled_from(["udp%3A%2F%2Ft.example%3A1", "http://t.example/a?x=1", "file:///x"])
        | st.text(max_size=30),
    ),
    st.text(max_size=30),
)
_MAGNETISH = st.builds(
    lambda scheme, params: scheme + "&".join(params),
    st.sampled_from(["magnet:?", "MAGNET:?", "magnet:", " magnet:?", "magnet://x?"]),
    st.lists(_PARAMETER, max_size=8),
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MAGNETISH)
def test_any_magnetish_text_gives_one_torrent_or_our_error_and_nothing_else(text: str) -> None:
    try:
        magnet = parse_magnet(text)
    except InvalidMagnet:
        return
    assert re.fullmatch(r"[0-9a-f]{40}", magnet.info_hash)
    assert xts(magnet.uri) == [f"urn:btih:{magnet.info_hash}"]
    assert magnet.uri.startswith(f"magnet:?xt=urn:btih:{magnet.info_hash}")
    assert parse_magnet(magnet.uri) == magnet
