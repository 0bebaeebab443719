"""Hostile values a person (or a forged button) can put where a command reads its argument:
digits of other scripts, numbers too big or negative, nothing, too much, control characters,
bidi and zero-width marks, HTML. Every fuzz of the commands reads this one table."""

from __future__ import annotations

HOSTILE = {
    "superscript": "²",
    "circled": "①",
    "arabic-indic": "٣",
    "devanagari": "३",
    "math-bold": "𝟗",
    "fullwidth": "５",
    "huge": "9" * 400,
    "negative": "-1",
    "empty": "",
    "long": "x" * 10_000,
    "nul-esc": "\x00\x1b",
    "c0": "".join(map(chr, range(1, 32))),
    "del": "1\x7f",
    "rtl-override": "\u202e1",
    "zero-width": "1\u200b",
    "isolate": "\u20661\u2069",
    "html-bold": "<b>1</b>",
    "html-link": '<a href="tg://user?id=1">1</a>',
    "entity": "&amp;1",
}
