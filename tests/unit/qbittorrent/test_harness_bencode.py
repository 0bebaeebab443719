"""The harness computes info hashes itself; a wrong one would make every swarm test lie."""

from __future__ import annotations

import hashlib

import pytest

from tests.harness.torrents import BencodeError, bdecode, info_hash

INFO = b"d6:lengthi5e4:name5:a.mkv12:piece lengthi16384e6:pieces20:" + b"p" * 20 + b"e"
TORRENT = b"d8:announce9:http://x/4:info" + INFO + b"e"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"i42e", 42),
        (b"i-3e", -3),
        (b"4:spam", b"spam"),
        (b"0:", b""),
        (b"l4:spami1ee", [b"spam", 1]),
        (b"d3:cow3:moo4:spaml1:aee", {b"cow": b"moo", b"spam": [b"a"]}),
    ],
)
def test_bdecode(data: bytes, expected: object) -> None:
    assert bdecode(data) == expected


@pytest.mark.parametrize("data", [b"", b"x", b"i42", b"5:spam", b"l4:spam", b"di1e1:ae", b"i1ei2e"])
def test_bdecode_refuses_malformed_input(data: bytes) -> None:
    with pytest.raises((BencodeError, ValueError)):
        bdecode(data)


def test_info_hash_is_the_sha1_of_the_info_dict_as_written() -> None:
    assert info_hash(TORRENT) == hashlib.sha1(INFO).hexdigest()
    with pytest.raises(BencodeError):
        info_hash(b"d8:announce9:http://x/e")
