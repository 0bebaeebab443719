"""Cut a release name into classified tokens: the first half of parsing.

The name is split into bracketed and free segments; free words are classified one by one
(one dict lookup, then one combined pattern), and each bracket as a whole (metadata such as
"[1080p HEVC]", an episode such as "[05]", a checksum, a year, or unknown words that may be a
group or a title). Fields that need no context (codec, source, checksum, ...) are collected
here; the choice of title, episode and group is left to parser.py.
"""

from __future__ import annotations

import html
import re
from typing import Final

from domain.releases import tokens as t
from domain.releases.bilingual import spaced_separators
from domain.releases.numbers import STANDARD_RESOLUTIONS, Num, number, resolution, sxe

# Token kinds.
WORD: Final = 0  # unknown: probably part of a title
NUM: Final = 1  # a bare number that may be an episode
DASH: Final = 2
META: Final = 3  # a recognised keyword, or a whole metadata bracket
EP: Final = 4  # an explicit episode marker outside brackets: S01E05, Ep05, #05, 第5话
SEASON: Final = 5
YEAR: Final = 6
KIND: Final = 7  # OVA, Movie, TV...: may belong to the title ("One Piece Movie 9")
BRACKET: Final = 8  # a bracket of unknown words: a group, a title, an alternative title
EPB: Final = 9  # an episode in brackets: [05], (01-12), [Episode 6]
EP_PREFIX: Final = 10  # "Ep", "Episode": the number follows as its own word
SEASON_WORD: Final = 11  # "Season"; the number follows
VOLUME: Final = 12
SEP: Final = 13  # "|": what follows is another name of the show
JUNK: Final = 14
GROUP: Final = 15  # the leading [Group]
CRC: Final = 16
VERSION: Final = 17
WEAK: Final = 18  # a keyword that is also an ordinary word: END, TV, CR, Dual
ORDINAL: Final = 19  # "2nd", "Second": a season when "Season" follows
SCENE: Final = 20  # "-GROUP" at the end of a scene-style name

_DASHES: Final = frozenset({"-", "–", "—", "‒", "―", "－", "~"})
_SEPARATORS: Final = frozenset({"|", "｜"})


class Tok:
    """One token. `n` holds the integer of SEASON, YEAR, VERSION and VOLUME tokens and the
    season of an S01E05 token (0 when it has none); `num` the number of NUM, EP and EPB."""

    __slots__ = ("enclosed", "field", "glued", "kind", "n", "num", "text", "value")

    def __init__(
        self,
        kind: int,
        text: str,
        field: str | None = None,
        value: str | None = None,
        num: Num | None = None,
        n: int = 0,
    ) -> None:
        self.kind = kind
        self.text = text
        self.field = field
        self.value = value
        self.num = num
        self.n = n
        self.enclosed = False
        self.glued = False


# One pattern for every shape a free word can take; `lastgroup` says which matched.
_NUMBER: Final = r"\d{1,4}(?:\.\d)?[a-c]?(?:v\d)?(?:[-~～]\d{1,4}(?:v\d)?|(?:\+\d{1,4})+)?"
_WORD_RE: Final = re.compile(
    r"(?P<sxe>S\d{1,2}[ ._-]?E\d{1,4}(?:\.\d)?(?:v\d)?(?:-?E?\d{1,4}(?:v\d)?)?)"
    r"|(?P<nxn>\d{1,2}x\d{2,3})"
    r"|(?P<res>(?:\d{3,4}[x×])?\d{3,4}[pi]|\d{3,4}[x×]\d{3,4})"
    rf"|(?P<num>{_NUMBER})"
    r"|(?P<season>S\d{1,2})"
    r"|(?P<ordinal>\d{1,2}(?:st|nd|rd|th))"
    rf"|(?P<prefixed>(?:ep|eps|episode|e|#)\.?{_NUMBER})"
    r"|(?P<version>v\d)"
    r"|(?P<volume>vol(?:ume)?\.?\d{1,2}(?:v\d)?(?:[&+,-]\d{1,2})?)"
    r"|(?P<kindnum>(?:OVA|OAV|OAD|ONA|SP|OP|ED|NCOP|NCED|PV|CM|EX|Special)"
    r"\d{1,3}(?:\.\d)?[a-c]?(?:v\d)?)"
    r"|(?P<crc>[0-9a-f]{8})",
    re.I,
)
# Plain words that are not plain: keywords and the words of the word tables.
_SPECIAL_WORDS: Final = frozenset({*t.KEYWORDS, *t.WORD_TABLE_KEYS})
# Plain-looking words that start a pair ("H 264", "NC ED") are not plain either.
_NOT_PLAIN: Final = frozenset({*_SPECIAL_WORDS, *t.PAIR_FIRSTS})
# What may follow the number of an episode bracket: "01-12", "07.5", "01v2", "20 of 25", "12话".
_EPISODE_FOLLOWERS: Final = frozenset(
    {"", ".", "v", "V", "-", "~", " ", "_", "话", "話", "集", "（", "("}
)
_PAIR_INITIALS: Final = frozenset("DMEAHCNdmeahcn")
_HAS_DIGIT: Final = re.compile(r"\d").search
_BRACKET_DELIMITER: Final = re.compile(r"[\s_,+/|&]").search
_KIND_SPLIT_RE: Final = re.compile(r"([a-z]+)(.*)", re.I)
_PREFIX_SPLIT_RE: Final = re.compile(r"(?:episode|eps|ep|e|#)\.?(\d.*)", re.I)
_DIGITS_RE: Final = re.compile(r"\d+")
_GLUED_SOURCES: Final = frozenset({"BD", "DV", "WE", "HD"})
_SOURCE_RESOLUTION_RE: Final = re.compile(r"(BD|BDRIP|DVD|WEB|HDTV)-?(\d{3,4})P")
_VOLUME_VERSION_RE: Final = re.compile(r"(?<=\d)v\d", re.I)
# What a whole bracket may be at a glance: a checksum, a year, a version or an episode.
_BRACKET_RE: Final = re.compile(
    r"(?P<crc>[0-9A-Fa-f]{8})"
    r"|(?P<year>(?:19[4-9]\d|20[0-3]\d))"
    r"|(?P<version>[vV]\d)"
    r"|(?P<epb>(?:(?:ep|eps|episode|e|#)\.?\s*)?第?(?P<first>\d{1,4})(?:\.(?P<decimal>\d))?"
    r"(?:[vV](?P<v>\d))?(?:\s*[-~]\s*(?P<last>\d{1,4})(?:[vV]\d)?)?"
    r"\s*(?:[话話集]|[\s_]*of[\s_]*\d{1,4})?\s*[（(]?(?P<info>(?:精校)?合集|END|Fin)?[）)]?)",
    re.I,
)


class Lexer:
    """Tokens of one name, and the fields that need no context."""

    __slots__ = ("checksum", "extension", "fields", "info", "mode", "seasonish", "toks", "volumes")

    def __init__(self) -> None:
        self.toks: list[Tok] = []
        self.fields: dict[str, str] = {}
        self.info: list[str] = []
        self.volumes: list[int] = []
        self.checksum: str | None = None
        self.extension: str | None = None
        self.mode = " "
        self.seasonish = False  # a "Season" or "2nd" word was seen: merge_seasons has work

    def run(self, name: str) -> Lexer:
        text = name
        if "&" in text and t.HTML_ENTITY_RE.search(text):
            text = html.unescape(text)
        text = " ".join(text.split())
        if not text.isascii():
            text = spaced_separators(text)
        text = self._strip_extension(text)
        self._segments(text)
        return self

    def _strip_extension(self, text: str) -> str:
        dot = text.rfind(".")
        if dot > 0 and len(text) - dot <= 6:
            ext = text[dot + 1 :]
            if ext.upper() in t.EXTENSIONS:
                self.extension = ext.lower()
                text = text[:dot]
                if text.endswith((".patch", ".PATCH")):
                    text = text[:-6]
        return text

    # --- segments -------------------------------------------------------------------------

    def _segments(self, text: str) -> None:
        """Lex the free text and the brackets in order: one scan of the name for brackets."""
        matches = list(t.SEGMENT_RE.finditer(text))
        pos = 0
        if matches:
            start = matches[0].start()
            if start and _junk_prefix(text[:start]):
                pos = start  # "EvoBot.[Group] ...", "37 [Group] ..."
        before: list[str] = []  # the free text before each bracket, then after the last one
        for m in matches:
            start, end = m.span()
            before.append(text[pos:start])
            pos = end
        before.append(text[pos:])
        # the free text decides the delimiter of its words before any of it is lexed
        self.mode = mode = _delimiter_mode("".join(before))
        openers = t.OPENERS
        glued = False
        leading = True
        for m, segment in zip(matches, before, strict=False):  # before[-1] follows them all
            if segment:
                self._free(segment, mode, glued)
                last = segment[-1]
                glued = last != " " and last != "_" and last != "."
                if leading and segment.strip(" _.-"):
                    leading = False
            index = m.lastindex or 1
            self._bracket(m.group(index), openers[index - 1], leading, glued)
            glued = True
            leading = False
        if before[-1]:
            self._free(before[-1], mode, glued)

    # --- free text ------------------------------------------------------------------------

    def _free(self, text: str, mode: str, glued: bool) -> None:
        if glued and text[:1] in (" ", "_", "."):
            glued = False  # "(Not) Alone": a separator between the bracket and the word
        if mode == " ":
            # run() has left single spaces only, so this is SPACE_SPLIT_RE without a pattern
            words = text.replace("_", " ").split() if "_" in text else text.split()
        elif mode == ".":
            words = t.DOT_WORD_RE.findall(text.replace(" ", "."))
        else:
            words = text.replace(" ", mode).split(mode)
        toks = self.toks
        split_dots = mode != "."
        plain: Tok | None = None
        first = True
        skip = False  # the word was taken with the one before it: "Dual Audio", "01 ~ 11"
        count = len(words)
        for i, word in enumerate(words, 1):  # i: the index of the next word
            if skip:
                skip = False
                continue
            if word.isalpha() and word.isascii():
                upper = word.upper()
                if upper not in _NOT_PLAIN:
                    # most words of a title: plain words in a row make one token
                    if toks and toks[-1] is plain:
                        plain.text = f"{plain.text} {word}"
                        continue
                    plain = Tok(WORD, word)
                    if first and glued:
                        plain.glued = True
                    toks.append(plain)
                    first = False
                    continue
                kw = t.KEYWORDS.get(upper)
                if kw is not None and upper not in t.PAIR_FIRSTS:  # "OVA", "BD": as _word has it
                    field, value = kw
                    kind = KIND if field == t.KIND else WEAK if upper in t.WEAK else META
                    tok = Tok(kind, word, field, value)
                    if first and glued:
                        tok.glued = True
                    toks.append(tok)
                    first = False
                    continue
            if not word:
                first = False
                continue
            if word == "-" or word.isdigit():  # "- 05": the commonest words after the title's
                tok = Tok(DASH, word) if word == "-" else _digits(word)
                if first and glued:
                    tok.glued = True
                toks.append(tok)
                first = False
                continue
            if i < count and word[0] in _PAIR_INITIALS and word.upper() in t.PAIR_FIRSTS:
                nxt = words[i]
                pair = t.PAIRS.get(f"{word} {nxt}".upper())
                if pair is not None:
                    kind = KIND if pair[0] == t.KIND else META  # "NC ED": a kind, like "NCED"
                    toks.append(Tok(kind, f"{word} {nxt}", pair[0], pair[1]))
                    skip = True
                    first = False
                    continue
                if (word == "H" or word == "h") and nxt[:3] in ("264", "265"):
                    words[i] = f"H.{nxt}"  # "H 264-VARYG"
                    continue
            if (word == "~" or word == "～") and i < count and toks and toks[-1].kind == NUM:
                prev = toks[-1]
                joined = number(f"{prev.text}-{words[i]}") if words[i][:1].isdigit() else None
                if joined is not None and len(joined.episodes) > 1:
                    prev.text = f"{prev.text}~{words[i]}"  # "01 ~ 11": a batch
                    prev.num = joined
                    skip = True
                    continue
            if first and glued:
                start = len(toks)
                self._word(word, split_dots, toks)
                if start < len(toks):
                    toks[start].glued = True
            else:
                self._word(word, split_dots, toks)
            first = False

    def _word(self, word: str, split_dots: bool, toks: list[Tok]) -> None:
        """Classify one free word, splitting words like "01.DVD", "ED2" or "x264-GROUP"."""
        if word in _DASHES:  # the commonest words that are no title's, checked first
            toks.append(Tok(DASH, word))
            return
        if word.isdigit():
            toks.append(_digits(word))
            return
        upper = word.upper()
        kw = t.KEYWORDS.get(upper)
        if kw is not None:
            field, value = kw
            if field == t.KIND:
                toks.append(Tok(KIND, word, field, value))
            elif upper in t.WEAK:
                toks.append(Tok(WEAK, word, field, value))
            else:
                toks.append(Tok(META, word, field, value))
            return
        if word.isalpha():
            # no digit, dot or dash: a plain word, or one of the word tables, or CJK
            if upper in t.WORD_TABLE_KEYS:
                self._table_word(word, upper, toks)
            elif word.isascii() or not self._cjk(word, toks):
                toks.append(Tok(WORD, word))
            return
        if upper[:2] in _GLUED_SOURCES and upper[-1] == "P" and upper[-2:-1].isdigit():
            m = _SOURCE_RESOLUTION_RE.fullmatch(upper)
            if m is not None:  # "BD1080p", "WEB720p"
                source = t.KEYWORDS[m.group(1)]
                toks.append(Tok(META, word[: m.end(1)], source[0], source[1]))
                toks.append(Tok(META, word[m.end(1) :], t.RESOLUTION, m.group(2)))
                return
        if upper[-1] == "P" and upper[:-1].isdigit() and 3 <= len(word) - 1 <= 4:
            toks.append(Tok(META, word, t.RESOLUTION, word[:-1]))  # "1080p", the usual spelling
            return
        if _HAS_DIGIT(word) is not None:  # every shape of _WORD_RE holds a digit
            m = _WORD_RE.fullmatch(word)
            if m is not None and self._shape(m.lastgroup, word, toks, split_dots):
                return
        if upper in t.WORD_TABLE_KEYS:
            self._table_word(word, upper, toks)
        elif word in _SEPARATORS:
            toks.append(Tok(SEP, word))
        elif not self._split(word, upper, split_dots, toks):
            toks.append(Tok(WORD, word))

    def _table_word(self, word: str, upper: str, toks: list[Tok]) -> None:
        if upper in t.EPISODE_PREFIXES:
            toks.append(Tok(EP_PREFIX, word))
        elif upper in t.SEASON_WORDS:
            toks.append(Tok(SEASON_WORD, word))
            self.seasonish = True
        elif upper in t.ORDINALS:
            toks.append(Tok(ORDINAL, word, n=t.ORDINALS[upper]))
            self.seasonish = True
        else:
            toks.append(Tok(VOLUME, word))

    def _shape(self, shape: str | None, word: str, toks: list[Tok], split_dots: bool) -> bool:
        """Append the token for a word the combined pattern recognised; False if it is not."""
        if shape == "num":
            num = number(word)
            if num is None:
                return False
            if len(word) == 4 and word.isdigit() and t.YEAR_RE.fullmatch(word):
                toks.append(Tok(YEAR, word, n=int(word)))
            else:
                toks.append(Tok(NUM, word, num=num))
            return True
        if shape == "res":
            lines = resolution(word)
            if lines is None:
                return False
            toks.append(Tok(META, word, t.RESOLUTION, str(lines)))
            return True
        if shape == "sxe" or shape == "nxn":
            found = sxe(word)
            if found is None:
                return False
            toks.append(Tok(EP, word, num=found[1], n=found[0]))
            return True
        if shape == "prefixed":
            rest = _PREFIX_SPLIT_RE.fullmatch(word)
            num = number(rest.group(1)) if rest is not None else None
            if num is None:
                return False
            toks.append(Tok(EP, word, num=num))
            return True
        if shape == "season":
            toks.append(Tok(SEASON, word, n=int(word[1:])))
            return True
        if shape == "ordinal":
            toks.append(Tok(ORDINAL, word, n=int(word[:-2])))
            self.seasonish = True
            return True
        if shape == "version":
            toks.append(Tok(VERSION, word, n=int(word[1])))
            return True
        if shape == "volume":
            digits = _DIGITS_RE.findall(word)
            toks.append(Tok(VOLUME, word, n=int(digits[0]) if digits else 0))
            version = _VOLUME_VERSION_RE.search(word)
            if version is not None:  # "Vol.1v2": the second release of the volume
                toks.append(Tok(VERSION, version.group(), n=int(version.group()[1])))
            return True
        if shape == "kindnum":
            parts = _KIND_SPLIT_RE.fullmatch(word)
            if parts is None:
                return False
            num = number(parts.group(2))
            if num is None:
                return False
            kind = parts.group(1)
            toks.append(Tok(KIND, kind, t.KIND, t.KEYWORDS[kind.upper()][1]))
            tok = Tok(NUM, parts.group(2), num=num)
            tok.glued = True
            toks.append(tok)
            return True
        if shape == "crc":
            if word.isdigit() or word.isalpha():
                return False
            toks.append(Tok(CRC, word, value=word.upper()))
            return True
        return False

    def _split(self, word: str, upper: str, split_dots: bool, toks: list[Tok]) -> bool:
        """Words that hold several: "S01E01-Title", "01.DVD", "x264-GROUP", "第12话"."""
        if upper[0] == "S" and upper[1:2].isdigit():
            m = t.SXE_RE.match(word)
            if m is not None and m.end() < len(word) and word[m.end()] in "-._":
                end = m.end()
                found = sxe(word[:end])
                if found is not None:
                    toks.append(Tok(EP, word[:end], num=found[1], n=found[0]))
                    toks.append(Tok(DASH, word[end]))
                    if end + 1 < len(word):
                        self._word(word[end + 1 :], split_dots, toks)
                    return True
        if not word.isascii():
            return self._cjk(word, toks)
        if split_dots and "." in word and len(word) > 2:
            pieces = list(filter(None, word.split(".")))
            if len(pieces) > 1 and any(_is_marker(p) for p in pieces[1:]):
                for i, piece in enumerate(pieces):
                    nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
                    if piece.isdigit() and int(piece) in STANDARD_RESOLUTIONS and _is_marker(nxt):
                        toks.append(Tok(META, piece, t.RESOLUTION, piece))  # "1080.BD.FLAC"
                    else:
                        self._word(piece, split_dots, toks)
                return True
        if "-" in word and len(word) > 2:
            return self._dashed(word, split_dots, toks)
        return False

    def _dashed(self, word: str, split_dots: bool, toks: list[Tok]) -> bool:
        """x264-GROUP, -Tsundere-Raws, Gunbuster-ep1, h264-720p: True if the word was split."""
        if word[0] == "-":
            rest = word[1:]
            if rest[:1].isdigit() and (num := _glued_episode(rest)) is not None:
                toks.append(Tok(DASH, "-"))  # "Kanokon_-05": the episode after a dash
                toks.append(Tok(NUM, rest, num=num))
                return True
            if len(word) > 1 and word[1] != "-" and toks and toks[-1].kind in (META, WEAK, NUM):
                toks.append(Tok(SCENE, word[1:]))
                return True
            return False
        head, _, tail = word.rpartition("-")
        if not head or not tail:
            return False
        if (
            tail[0].isdigit()
            and (head[-1].isalpha() or head[-1] in "!?'")
            and head.upper() not in t.KEYWORDS
            and resolution(head) is None
            and (num := _glued_episode(tail)) is not None
        ):
            self._word(head, split_dots, toks)  # "Lucky_Star-05", "Bleach-205"
            toks.append(Tok(DASH, "-"))
            toks.append(Tok(NUM, tail, num=num))
            return True
        if head.isdigit() and tail.isalpha() and tail.upper() not in t.KEYWORDS:
            return False  # "3-gatsu", "100-man", "8-gou": one word of a title
        if head.upper() in t.KEYWORDS or resolution(head) is not None or head.isdigit():
            if tail.upper() in t.KEYWORDS or resolution(tail) is not None:
                self._word(head, split_dots, toks)
                self._word(tail, split_dots, toks)
                return True
            if tail.isdigit():
                if head.isdigit():
                    return False  # "009-1", "5-2": part of a title
                self._word(head, split_dots, toks)
                self._word(tail, split_dots, toks)
                return True
            self._word(head, split_dots, toks)
            toks.append(Tok(SCENE, tail))
            return True
        if tail[0] in "Ee" and t.PREFIXED_RE.fullmatch(tail):
            self._word(head, split_dots, toks)
            self._word(tail, split_dots, toks)
            toks[-1].glued = False
            return True
        return False

    def _cjk(self, word: str, toks: list[Tok]) -> bool:
        if word[0] in "★☆":
            toks.append(Tok(JUNK, word))
            return True
        m = t.CJK_EPISODE_RE.fullmatch(word)
        if m is not None:
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            if first <= last <= first + 2000:
                toks.append(
                    Tok(EP, word, num=Num(tuple(range(first, last + 1)), None, None, False))
                )
                return True
        m = t.CJK_SEASON_RE.fullmatch(word)
        if m is not None:
            value = m.group(1)
            season = int(value) if value.isdigit() else t.CJK_NUMERALS.get(value, 1)
            toks.append(Tok(SEASON, word, n=season))
            return True
        if t.CJK_JUNK_RE.fullmatch(word):
            toks.append(Tok(JUNK, word))
            return True
        if t.CJK_BATCH_RE.fullmatch(word):
            toks.append(Tok(META, word, t.INFO, "Batch"))
            return True
        if t.CJK_SUBS_RE.fullmatch(word):
            toks.append(Tok(META, word, t.SUBTITLES, word))
            return True
        return False

    # --- brackets -------------------------------------------------------------------------

    def _bracket(self, content: str, opener: str, leading: bool, glued: bool) -> None:
        """Classify a whole bracket: metadata, an episode, a year, a checksum or unknown words."""
        text = content.strip()
        if not text:
            return
        first = text[0]
        size = len(text)
        if text.isdigit() or size == 8 or first in "vV":
            m = _BRACKET_RE.fullmatch(text)  # "[05]", "[2009]", "[ABCD1234]", "[v2]"
            if m is not None and self._bracket_shape(m, text, leading):
                return
        if text.isalpha() and text.isascii():
            # one word of letters, the commonest bracket: a name or a keyword, told at once
            upper = text.upper()
            if upper not in _SPECIAL_WORDS:
                self._unknown_bracket(text, opener, leading, glued)  # "[SubsPlease]"
                return
            if not leading:
                kw = t.KEYWORDS.get(upper)
                if kw is not None:
                    self.keep(kw[0], kw[1])
                    self._enclosed(Tok(META, text))  # "[BD]", "(Dual)"
                    return
            words = [text]
        elif _BRACKET_DELIMITER(text) is None:
            # one word, the commonest brackets: decided here without the word loop below
            if text.isascii():
                if "-" in text and _is_dashed_name(text):
                    self._unknown_bracket(text, opener, leading, glued)  # "[Erai-raws]"
                    return
                if not leading:
                    kw = t.KEYWORDS.get(text.upper())
                    if kw is not None:
                        self.keep(kw[0], kw[1])
                        self._enclosed(Tok(META, text))  # "[BD]", "(Dual)"
                        return
                    if text[-1] in "pP" and text[:-1].isdigit() and 4 <= size <= 5:
                        self.keep(t.RESOLUTION, str(int(text[:-1])))
                        self._enclosed(Tok(META, text))  # "[1080p]"
                        return
            words = [text]
        elif " " in text and _BRACKET_DELIMITER(text.replace(" ", "")) is None:
            words = text.split()
        else:
            words = list(filter(None, t.BRACKET_SPLIT_RE.split(text)))
        if not leading and self._all_keywords(words):
            self._enclosed(Tok(META, text))  # "[1080p]", "(WEB 1080p HEVC)": the common case
            return
        if first in "eE#第" or (first.isdigit() and _after_digits(text) in _EPISODE_FOLLOWERS):
            m = _BRACKET_RE.fullmatch(text)  # "[01-12]", "[Ep.24]", "[第12话]", "[20 of 25]"
            if m is not None and self._bracket_shape(m, text, leading):
                return
        if len(words) == 1:
            word = words[0]
            if word.isalpha() and word.isascii() and word.upper() not in _SPECIAL_WORDS:
                self._unknown_bracket(text, opener, leading, glued)  # "[SubsPlease]", "(Not)"
                return
        elif all(w.isalpha() and w.isascii() and w.upper() not in _NOT_PLAIN for w in words):
            # plain words only, which the loop below would count as unknown: "[Golden Time]"
            self._unknown_bracket(text, opener, leading, glued)
            return
        scratch: list[Tok] = []
        i = 0
        count = len(words)
        while i < count:
            word = words[i]
            i += 1
            upper = word.upper()
            if i < count and upper in t.PAIR_FIRSTS:
                pair = t.PAIRS.get(f"{word} {words[i]}".upper())
                if pair is not None:
                    scratch.append(Tok(META, word, pair[0], pair[1]))
                    i += 1
                    continue
            kw = t.KEYWORDS.get(upper)
            if kw is not None:  # most words of a metadata bracket
                kind = KIND if kw[0] == t.KIND else WEAK if upper in t.WEAK else META
                scratch.append(Tok(kind, word, kw[0], kw[1]))
                continue
            before = len(scratch)
            self._word(word, True, scratch)
            if (
                len(scratch) == before + 1
                and scratch[-1].kind == WORD
                and len(word) > 3
                and ("-" in word or "." in word)
            ):
                # "h264-720p", "HEVC-10bit", "remux-DualAudio": keywords joined by - or .
                pieces = list(filter(None, t.SUB_PIECE_RE.split(word)))
                if len(pieces) > 1 and (
                    all(_bracket_keyword(p) for p in pieces)
                    or (not leading and any(_strong_keyword(p) for p in pieces))
                ):
                    scratch.pop()
                    for piece in pieces:
                        self._bracket_piece(piece, scratch)
        if self.seasonish and any(
            tok.kind == SEASON_WORD or tok.kind == ORDINAL for tok in scratch
        ):
            merge_seasons(scratch)
        if len(scratch) == 2 and scratch[0].kind == KIND and scratch[1].kind == NUM and not leading:
            self.record(scratch[0])  # "[NCED03]", "[OVA2]": which extra, and its number
            self._enclosed(Tok(EPB, text, num=scratch[1].num))
            return
        strong = unknown = 0
        has_ep = False
        for tok in scratch:
            kind = tok.kind
            if kind in (META, EP, SEASON, VOLUME, CRC):
                strong += 1
                has_ep = has_ep or kind == EP
            elif kind == NUM:
                if tok.text.isdigit() and int(tok.text) in STANDARD_RESOLUTIONS:
                    strong += 1
                elif not leading:
                    unknown += 1
            elif kind in (WORD, ORDINAL, SCENE):
                unknown += 1
        if leading:
            is_meta = unknown == 0 and strong > 0 and not has_ep
        else:
            is_meta = strong > 0 or unknown == 0
        if is_meta:
            self._absorb(scratch)
            if "," in text:
                self._comma_group(text)
            tok = Tok(META, text)
            tok.enclosed = True
            self.toks.append(tok)
            return
        self._unknown_bracket(text, opener, leading, glued)

    def _unknown_bracket(self, text: str, opener: str, leading: bool, glued: bool) -> None:
        tok = Tok(GROUP if leading else BRACKET, f"{opener}{text}{t.CLOSE_FOR[opener]}", value=text)
        tok.enclosed = True
        tok.glued = glued
        self.toks.append(tok)

    def _all_keywords(self, words: list[str]) -> bool:
        """Keep the fields of a bracket made only of keywords; False if it is not one."""
        found: list[tuple[str, str]] = []
        for word in words:
            kw = t.KEYWORDS.get(word.upper())
            if kw is None:
                lines = resolution(word) if word[0].isdigit() else None
                if lines is None:
                    return False
                kw = (t.RESOLUTION, str(lines))
            found.append(kw)
        fields = self.fields
        for field, value in found:
            if field == t.INFO or field == t.OTHER:
                self.keep(field, value)  # the rare ones
            else:
                fields.setdefault(field, value)
        return bool(found)

    def _bracket_shape(self, m: re.Match[str], text: str, leading: bool) -> bool:
        shape = m.lastgroup
        if shape == "crc":
            self.checksum = self.checksum or text.upper()
            self._enclosed(Tok(CRC, text, value=text.upper()))
            return True
        if shape == "year":
            self._enclosed(Tok(YEAR, text, n=int(text)))
            return True
        if shape == "version":
            self._enclosed(Tok(VERSION, text, n=int(text[1])))
            return True
        if shape == "epb":
            first = int(m.group("first"))
            last_text = m.group("last")
            last = int(last_text) if last_text else first
            if not first <= last <= first + 2000:
                return False
            decimal = m.group("decimal")
            version = m.group("v")
            num = Num(
                tuple(range(first, last + 1)),
                f".{decimal}" if decimal else None,
                int(version) if version else None,
                len(m.group("first")) > 1 and m.group("first")[0] == "0",
            )
            self._enclosed(Tok(EPB, text, num=num))
            info = m.group("info")
            if info:
                self.info.append("Batch" if "合集" in info else "END")
            return True
        return False

    def _enclosed(self, tok: Tok) -> None:
        tok.enclosed = True
        self.toks.append(tok)

    def _bracket_piece(self, piece: str, scratch: list[Tok]) -> None:
        upper = piece.upper()
        if piece.isdigit() and int(piece) in STANDARD_RESOLUTIONS:
            scratch.append(Tok(META, piece, t.RESOLUTION, piece))
        elif upper in t.KEYWORDS:
            field, value = t.KEYWORDS[upper]
            scratch.append(Tok(META, piece, field, value))
        else:
            self._word(piece, True, scratch)

    def _absorb(self, scratch: list[Tok]) -> None:
        """Take the fields out of a metadata bracket; season and episode markers in it stay."""
        previous: Tok | None = None
        for tok in scratch:
            kind = tok.kind
            if kind in (META, WEAK, KIND):
                self.record(tok)
            elif kind == NUM and tok.num is not None:
                if previous is not None and previous.kind == EP_PREFIX:
                    self._enclosed(Tok(EPB, tok.text, num=tok.num))
                elif previous is not None and previous.kind == VOLUME:
                    self.volumes.extend(tok.num.episodes)
                elif tok.text.isdigit() and int(tok.text) in STANDARD_RESOLUTIONS:
                    self.fields.setdefault(t.RESOLUTION, tok.text)
            elif kind == SEASON:
                if not any(other.kind == SEASON for other in self.toks):
                    self._enclosed(tok)
            elif kind == VOLUME and tok.n:
                self.volumes.append(tok.n)
            elif kind == EP and tok.num is not None:
                self._enclosed(Tok(EPB, tok.text, num=tok.num, n=tok.n))
            elif kind == VERSION:
                self._enclosed(tok)
            elif kind == CRC:
                self.checksum = self.checksum or tok.value
            elif kind == SCENE:
                self.fields.setdefault("scene_group", tok.text)
            previous = tok

    def _comma_group(self, text: str) -> None:
        """ "(Central Anime, 720p)": a name of unknown words beside the metadata."""
        head = text.split(",", 1)[0].strip()
        words = head.split()
        if (
            1 <= len(words) <= 2
            and all(w.upper() not in t.KEYWORDS for w in words)
            and not any(c.isdigit() for c in head)
        ):
            self.fields.setdefault("bracket_group", head)

    def record(self, tok: Tok) -> None:
        """Keep a keyword's value; the first one of each field wins."""
        field = tok.field
        value = tok.value
        if field is None or value is None:
            return
        if field == t.INFO:
            if value not in self.info:
                self.info.append(value)
        elif field != t.OTHER:
            self.fields.setdefault(field, value)

    def keep(self, field: str, value: str) -> None:
        if field == t.INFO:
            if value not in self.info:
                self.info.append(value)
        elif field != t.OTHER:
            self.fields.setdefault(field, value)


def _digits(word: str) -> Tok:
    """A bare number: a year when it looks like one, else a possible episode."""
    size = len(word)
    if size == 4 and t.YEAR_RE.fullmatch(word):
        return Tok(YEAR, word, n=int(word))
    if size <= 4:
        return Tok(NUM, word, num=Num((int(word),), None, None, size > 1 and word[0] == "0"))
    return Tok(WORD, word)  # "0000000000": not an episode


def _is_dashed_name(text: str) -> bool:
    """Letters joined by dashes, and no keyword among them: "Erai-raws", "Zom-B". Such a
    bracket is a group or a title whatever its place."""
    if not text.replace("-", "").isalpha():
        return False
    upper = text.upper()
    if upper in _SPECIAL_WORDS:
        return False
    return t.KEYWORDS.keys().isdisjoint(upper.split("-"))


def _glued_episode(text: str) -> Num | None:
    """ "05", "205", "05v2" glued to a word by a dash: an episode; "0" or "5" alone is not."""
    num = number(text)
    if num is None or len(num.episodes) != 1:
        return None
    digits = len(text) - len(text.lstrip("0123456789"))
    return num if digits >= 2 and num.suffix is None else None


def _after_digits(text: str) -> str:
    """The character after the leading digits ("" at the end): "01-12" -> "-", "720p" -> "p"."""
    for char in text:
        if not char.isdigit():
            return char
    return ""


def merge_seasons(toks: list[Tok]) -> None:
    """Season 2, 2nd Season, Second Season, Season S1 -> one SEASON token."""
    i = 0
    while i < len(toks) - 1:
        tok = toks[i]
        kind = tok.kind
        if kind in (SEASON_WORD, ORDINAL):
            nxt = toks[i + 1]
            if kind == SEASON_WORD and nxt.kind in (NUM, SEASON):
                value = nxt.n if nxt.kind == SEASON else (nxt.num.episodes[0] if nxt.num else 0)
                merged = Tok(SEASON, f"{tok.text} {nxt.text}", n=value)
                merged.enclosed = tok.enclosed
                toks[i : i + 2] = [merged]
            elif kind == ORDINAL and nxt.kind == SEASON_WORD:
                merged = Tok(SEASON, f"{tok.text} {nxt.text}", n=tok.n)
                merged.enclosed = tok.enclosed
                toks[i : i + 2] = [merged]
        i += 1
    for tok in toks:
        if tok.kind == ORDINAL or tok.kind == SEASON_WORD:
            tok.kind = WORD


def _delimiter_mode(free: str) -> str:
    """Which character separates free words: space (and "_"), ".", "+" or "-"."""
    if " " in free.strip() or "_" in free:
        return " "
    for delimiter in (".", "+", "-"):
        if free.count(delimiter) >= 2:
            return delimiter
    return " "


def _junk_prefix(text: str) -> bool:
    """A site prefix ("EvoBot.") or a stray number before the leading bracket."""
    stripped = text.strip(" _.-")
    if not stripped:
        return True
    if stripped.isdigit() and text.endswith(" "):
        return True
    return text.endswith(".") and stripped.isalnum() and " " not in text


def _is_marker(piece: str) -> bool:
    upper = piece.upper()
    if upper in t.KEYWORDS or upper in t.EPISODE_PREFIXES:
        return True
    if resolution(piece) is not None:
        return True
    return piece[:1] in "EeSs" and bool(t.PREFIXED_RE.fullmatch(piece) or t.SXE_RE.fullmatch(piece))


def _strong_keyword(piece: str) -> bool:
    upper = piece.upper()
    return (upper in t.KEYWORDS and upper not in t.WEAK) or resolution(piece) is not None


def _bracket_keyword(piece: str) -> bool:
    upper = piece.upper()
    if upper in t.KEYWORDS or resolution(piece) is not None:
        return True
    return piece.isdigit() and int(piece) in STANDARD_RESOLUTIONS
