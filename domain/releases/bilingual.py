"""Names that give the show twice, in CJK script and in Latin letters. Pure.

"葬送的芙莉莲 / Sousou no Frieren", "Spy x Family - 間諜家家酒", "【鬼灭之刃 锻刀村篇 Kimetsu no
Yaiba】": the Latin name is the one users type, so it is the title and the other an alternative.
"""

from __future__ import annotations

import re
from typing import Final

_LATIN_RE: Final = re.compile(r"[A-Za-z]")
# Kana, CJK ideographs, Hangul and full-width forms.
_CJK: Final = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\uff01-\uff5e"
_CJK_RE: Final = re.compile(f"[{_CJK}]")
# "葬送的芙莉莲/Sousou no Frieren", "葬送的芙莉莲／Sousou", "薬屋のひとりごと｜Kusuriya": a slash or
# bar against CJK script, or a full-width one, separates two names ("Fate/stay" stays whole).
_SLASH_RE: Final = re.compile(f"\\s*(?:／|(?<=[{_CJK}])/|/(?=[{_CJK}]))\\s*")
_BAR_RE: Final = re.compile(f"\\s*(?:｜|(?<=[{_CJK}])\\||\\|(?=[{_CJK}]))\\s*")


def spaced_separators(text: str) -> str:
    """Spaces around the "/" or "|" between a CJK name and a Latin one, so it splits them."""
    if "/" in text or "／" in text:  # the patterns start with \s*: a scan costs, so look first
        text = _SLASH_RE.sub(" / ", text)
    if "|" in text or "｜" in text:
        text = _BAR_RE.sub(" | ", text)
    return text


def has_latin(text: str) -> bool:
    return _LATIN_RE.search(text) is not None


def has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK_RE.search(text) is not None  # most names are ASCII


def is_cjk_name(text: str) -> bool:
    """CJK script and no Latin letters: "葬送のフリーレン", not "肌肉魔法使-MASHLE-"."""
    return has_cjk(text) and not has_latin(text)


def choose_name(text: str, separator: str, alternatives: list[str]) -> str:
    """The Latin name of "CJK / Latin"; the others go to alternatives."""
    if separator not in text:
        return text
    names = [n.strip() for n in text.split(separator) if n.strip()]
    if not names:
        return ""
    chosen = next(
        (n for n in names if has_latin(n) and not has_cjk(n)),
        next((n for n in names if has_latin(n)), names[0]),
    )
    alternatives.extend(n for n in names if n != chosen)
    return chosen


def drop_cjk_part(text: str, alternatives: list[str]) -> str:
    """ "Spy x Family - 間諜家家酒": a dash-separated part in CJK script only is another name."""
    if " - " not in text or not has_cjk(text):
        return text
    parts = text.split(" - ")
    kept = [part for part in parts if not is_cjk_name(part)]
    if not kept or len(kept) == len(parts) or not has_latin(" ".join(kept)):
        return text
    alternatives.extend(part.strip() for part in parts if is_cjk_name(part))
    return " - ".join(kept)


def split_scripts(text: str, alternatives: list[str], latin_first: bool = False) -> str:
    """ "葬送的芙莉莲 Sousou no Frieren": CJK words, then the Latin name; with latin_first,
    also "One Piece 海賊王", the Latin name first."""
    if not has_cjk(text) or not has_latin(text):
        return text
    words = text.split(" ")
    cjk = [has_cjk(word) for word in words]
    cut = cjk.index(False) if False in cjk else 0
    if cut and not any(cjk[cut:]):
        latin, other = words[cut:], words[:cut]  # CJK words, then Latin ones
    elif latin_first and cjk[0] is False and (cut := cjk.index(True)) and all(cjk[cut:]):
        latin, other = words[:cut], words[cut:]  # Latin words, then CJK ones
    else:
        return text
    if not has_latin(" ".join(latin)):
        return text
    alternatives.append(" ".join(other))
    return " ".join(latin)
