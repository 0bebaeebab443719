"""Long replies cut into messages Telegram accepts (pure; no bot needed)."""

from __future__ import annotations

import itertools

import pytest

from bot.telegram.splitting import MAX_MESSAGE_LENGTH, split_text, utf16_length


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("hello", 10, ["hello"]),
        ("", 10, []),
        ("\n\n  \n", 10, []),
        ("a\nb\nc", 3, ["a\nb", "c"]),
        ("aaaa\nbbbb\ncccc", 9, ["aaaa\nbbbb", "cccc"]),
        ("aaaa\nbbbb\ncccc", 10, ["aaaa\nbbbb", "cccc"]),
        # A blank line at a break is dropped rather than shown as a gap.
        ("aaaa\n\nbbbb", 5, ["aaaa", "bbbb"]),
        # Paragraphs stay whole when they can, even if a line break would fill a message more.
        ("t1\np1\n\nt2\np2\n\nt3\np3", 11, ["t1\np1", "t2\np2", "t3\np3"]),
        ("t1\np1\n\nt2\np2\n\nt3\np3", 12, ["t1\np1\n\nt2\np2", "t3\np3"]),
        # A paragraph too long for a message is broken between its lines.
        ("head\n\nl1\nl2\nl3", 5, ["head", "l1\nl2", "l3"]),
        # One line too long for a message is broken between words...
        ("one two three four", 9, ["one two", "three", "four"]),
        # ...and a word too long for a message anywhere.
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        # Emoji outside the BMP count as two units, and are never halved.
        ("😀😀😀", 4, ["😀😀", "😀"]),
        ("ab😀", 3, ["ab", "😀"]),
    ],
)
def test_split_text(text: str, limit: int, expected: list[str]) -> None:
    assert split_text(text, limit) == expected


def test_a_long_status_list_splits_between_lines_and_loses_nothing() -> None:
    lines = [
        f"#{n} [SubsPlease] Sousou no Frieren - {n:02d} (1080p) ██████░░░░ 60%" for n in range(300)
    ]
    text = "\n".join(lines)
    assert utf16_length(text) > 3 * MAX_MESSAGE_LENGTH

    chunks = split_text(text)

    assert all(utf16_length(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    # As few messages as possible: each is full enough that the next line would not fit.
    for chunk, following in itertools.pairwise(chunks):
        next_line = following.split("\n", 1)[0]
        assert utf16_length(chunk) + 1 + utf16_length(next_line) > MAX_MESSAGE_LENGTH
    # Every break falls between two whole lines, in order.
    assert [line for chunk in chunks for line in chunk.split("\n")] == lines


def test_text_exactly_at_the_limit_is_one_message() -> None:
    text = "x" * MAX_MESSAGE_LENGTH
    assert split_text(text) == [text]
    assert split_text(text + "y") == ["x" * MAX_MESSAGE_LENGTH, "y"]


def test_a_limit_too_small_for_any_character_is_refused() -> None:
    with pytest.raises(ValueError):
        split_text("abc", 1)
