"""The one reader of numbers users type (bot/commands/numbers.py, domain/numbers.py), fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.numbers import MAX_SIZE, parse_number, parse_size
from bot.errors import UsageError
from domain.numbers import ascii_number, is_ascii_number

HOSTILE = ["²", "①", "٣", "३", "𝟗", "５", "9" * 400, "-1", "", "+1", " ", "1_000", "1e3", "0x1"]
DIGITISH = st.text(alphabet=st.sampled_from("0123456789²①٣३𝟗５#-+ \t_.x"), max_size=30)
ANY_TEXT = st.one_of(st.text(max_size=50), DIGITISH)


def _expected(text: str, low: int, high: int, *, hash_ok: bool) -> int | None:
    word = text.strip()
    if hash_ok and word.startswith("#"):
        word = word[1:]
    if not word or any(c not in "0123456789" for c in word):
        return None
    value = int(word)
    return value if low <= value <= high else None


@given(ANY_TEXT, st.integers(0, 10**6), st.integers(0, 10**12), st.booleans())
def test_a_number_is_ascii_digits_within_the_range_or_a_usage_error(
    text: str, low: int, high: int, hash_ok: bool
) -> None:
    expected = _expected(text, low, high, hash_ok=hash_ok)
    if expected is None:
        with pytest.raises(UsageError) as refused:
            parse_number(text, "status", "<number>", low=low, high=high, hash_ok=hash_ok)
        assert (refused.value.command, refused.value.usage) == ("status", "<number>")
    else:
        value = parse_number(text, "status", "<number>", low=low, high=high, hash_ok=hash_ok)
        assert value == expected and type(value) is int


@given(st.text(max_size=50), st.integers(0, 10**9))
def test_the_domain_check_never_raises(text: str, high: int) -> None:
    value = ascii_number(text, 0, high)
    assert (value is not None) == (is_ascii_number(text) and int(text) <= high)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_numbers_are_refused_with_the_usage(text: str) -> None:
    with pytest.raises(UsageError, match="pick"):
        parse_number(text, "pick", "<list> <n>", high=10**9)


def test_leading_zeros_and_a_hash_where_allowed() -> None:
    assert parse_number("#0003", "status", "", hash_ok=True) == 3
    assert parse_number("0" * 5000 + "7", "status", "") == 7  # longer than int() reads
    with pytest.raises(UsageError):
        parse_number("#3", "audit", "")
    with pytest.raises(UsageError):
        parse_number("##3", "status", "", hash_ok=True)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("0", 0),
        ("20G", 20 * 1024**3),
        ("500MB", 500 * 1024**2),
        ("1.5TiB", 3 * 1024**4 // 2),
        ("1024T", MAX_SIZE),
        ("7", 7),
        ("2 k", 2048),
    ],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text, "quota", "usage") == size


@pytest.mark.parametrize(
    "text",
    ["9" * 400 + "G", "9" * 5000, "1025T", "1" * 17, "²G", "٣G", "５G", "-1G", "1.5.5G", "G", ""],
)
def test_sizes_out_of_bounds_or_not_ascii_are_refused(text: str) -> None:
    with pytest.raises(UsageError, match="quota"):
        parse_size(text, "quota", "usage")


@given(ANY_TEXT.map(lambda t: t + "G"))
def test_a_size_is_bounded_or_a_usage_error(text: str) -> None:
    try:
        value = parse_size(text, "quota", "usage")
    except UsageError:
        return
    assert 0 <= value <= MAX_SIZE
