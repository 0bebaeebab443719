"""Parse a release name into what it says about itself: the second half of parsing. Pure.

lexer.py turns the name into classified tokens; this module picks, in order:
1. the episode, most explicit marker first: S01E05 / Ep05 / 第5话, "Ep 5", "Title - 05",
   a number after a season or year, "05 - Title", and later "[05]" or a trailing number;
2. the title: the first run of free words, which may hold short brackets ("(Not) Alone"),
   dashes ("Tower of Druaga - Sword of Uruk") and kinds ("One Piece Movie 9"); when the name
   has no free words, the title is in brackets ("[Group][Title][05]"). A season marker in it
   ("Title S2", "Title 2nd Season") is the season; of a CJK and a Latin name side by side the
   Latin one is the title (bilingual.py);
3. the group: the leading bracket, a scene "-GROUP" suffix, "... - GROUP" at the very end,
   or the first unknown bracket after the title;
4. everything else from the keywords the lexer recognised.
"""

from __future__ import annotations

import logging

from domain.releases import tokens as t
from domain.releases.bilingual import (
    choose_name,
    drop_cjk_part,
    has_cjk,
    has_latin,
    is_cjk_name,
    split_scripts,
)
from domain.releases.lexer import (
    BRACKET,
    CRC,
    DASH,
    EP,
    EP_PREFIX,
    EPB,
    GROUP,
    JUNK,
    KIND,
    META,
    NUM,
    SCENE,
    SEASON,
    SEP,
    VERSION,
    VOLUME,
    WEAK,
    WORD,
    YEAR,
    Lexer,
    Tok,
    merge_seasons,
)
from domain.releases.models import ParsedRelease, filled_parsed_release
from domain.releases.numbers import STANDARD_RESOLUTIONS, Num

logger = logging.getLogger(__name__)

_TITLE_KINDS = frozenset({WORD, NUM, KIND, WEAK})
# Fields the lexer fills that go to ParsedRelease as they are, in the order _assemble reads them.
_TEXT_FIELDS = (t.SOURCE, t.VIDEO, t.AUDIO, t.LANGUAGE, t.SUBTITLES, t.KIND)
# Kinds the last pass of _assemble takes something from; it skips every other token at once.
_FIELD_KINDS = frozenset({META, WEAK, KIND, SEASON, YEAR, VERSION, VOLUME, NUM, CRC, BRACKET, SEP})
# Weak keywords that end a title ("... CR") rather than belong to it ("... End", "... Ita").
_TRIMMABLE = frozenset({t.SOURCE, t.SUBTITLES, t.OTHER, t.VIDEO, t.AUDIO})
_JOINERS = frozenset({"&", "+", "/"})
# Region codes that are also sequel names: "Code Geass R2".
_SEQUELS = frozenset({"R2", "R1"})
# Creditless openings and endings are never part of a show's name.
_EXTRA_KINDS = frozenset({"OP", "ED"})
# Kinds after which " - Words" is the file's own subtitle: "Title OVA - Coleus no Yume".
_SUBTITLED_KINDS = frozenset({"OVA", "ONA", "Special"})


def parse(name: str) -> ParsedRelease:
    """Parse a release or file name. Never raises; what the name does not say is left empty."""
    try:
        return _assemble(Lexer().run(name))
    except Exception:  # a parser bug must not turn one odd name into a failed /get
        logger.exception("release parser failed on %r", name)
        return ParsedRelease(title=" ".join(str(name).split()))


def _assemble(lex: Lexer) -> ParsedRelease:
    toks = lex.toks
    if lex.seasonish:
        merge_seasons(toks)
    group_tok: Tok | None = None
    for tok in toks[:3]:
        if tok.kind == GROUP:
            group_tok = tok  # it leads
            break
    title_start, title_end, ep_index, season = _locate(lex, group_tok is not None)

    used: set[int] = set()
    alternatives: list[str] = []
    title = ""
    if title_start is not None and title_end is not None and title_end > title_start:
        title_end = _trim_title(toks, title_start, title_end)
        title = _title_text(toks, title_start, title_end, used, alternatives)
    if (
        title
        and not title.isascii()
        and title_end is not None
        and title_end < len(toks)
        and is_cjk_name(title)
    ):
        title = _latin_beside(toks, title_end, title, used, alternatives)
    if not title:
        title, group_tok = _bracket_title(toks, group_tok, used, alternatives)
    if ep_index is None:
        ep_index = _bracket_episode(toks)

    num: Num | None = None
    if ep_index is not None:
        ep_tok = toks[ep_index]
        num = ep_tok.num
        if ep_tok.kind == EP and ep_tok.n and season is None:
            season = ep_tok.n
        used.add(ep_index)
    episode_title = _episode_title(toks, ep_index, used) if ep_index is not None else None
    group = _group(lex, group_tok, used, title_start)

    # Everything else.
    year: int | None = None
    version = num.version if num is not None and num.version is not None else None
    for index, tok in enumerate(toks):
        kind = tok.kind
        if kind not in _FIELD_KINDS:
            continue  # words, dashes, the group, the episode: nothing to take from them
        if index in used:
            if kind == KIND:  # "Fate Zero OVA 3.5": the title says what the file is
                lex.record(tok)
            elif kind == SEASON and season is None:
                season = tok.n
            continue
        if kind in (META, WEAK, KIND):
            if tok.field is not None:  # a whole metadata bracket has given its fields already
                lex.record(tok)
        elif kind == SEASON:
            if season is None:
                season = tok.n
        elif kind == YEAR:
            if year is None:
                year = tok.n
        elif kind == VERSION:
            if version is None:
                version = tok.n
        elif kind == VOLUME and tok.n and not tok.enclosed:
            lex.volumes.append(tok.n)
        elif (
            kind == NUM
            and version is None
            and index > 0
            and toks[index - 1].kind == VOLUME
            and tok.num is not None
            and tok.num.version is not None
        ):
            version = tok.num.version  # "Vol. 1v2"
        elif kind == CRC:
            if lex.checksum is None:
                lex.checksum = tok.value
        elif kind == BRACKET and tok.text[0] in "(（" and tok.value and len(tok.value.split()) >= 2:
            alternatives.append(tok.value)
        elif kind == BRACKET and title_end is not None and index == title_end and tok.value:
            if is_cjk_name(tok.value):
                alternatives.append(tok.value.strip())  # "Title (葬送のフリーレン) - 05"
        elif kind == SEP:
            alternatives.append(_after_separator(toks, index, used))
    fields = lex.fields
    if t.RESOLUTION not in fields and ep_index is not None:
        _fallback_resolution(lex, ep_index, used)
    resolution = fields.get(t.RESOLUTION)
    episodes = num.episodes if num is not None else ()
    info = lex.info
    is_batch = (
        len(episodes) > 1
        or "Batch" in info
        or "Complete" in info
        or (not episodes and (season is not None or bool(lex.volumes)) and bool(title))
    )
    source, video_codec, audio, language, subtitles, what = map(fields.get, _TEXT_FIELDS)
    return filled_parsed_release(
        (  # every field of ParsedRelease, in its order
            title,
            season,
            episodes,
            is_batch,
            1 if version is None else version,
            group,
            int(resolution) if resolution else None,
            source,
            video_codec,
            audio,
            language,
            subtitles,
            lex.checksum,
            lex.extension,
            year,
            num.suffix if num is not None else None,  # episode_suffix
            episode_title,
            what,  # kind
            tuple(lex.volumes) if lex.volumes else (),
            _alternatives(alternatives, title) if alternatives else (),
            tuple(info) if info else (),  # release_info
        )
    )


def _alternatives(names: list[str], title: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name and name != title))


def _locate(lex: Lexer, has_group: bool) -> tuple[int | None, int | None, int | None, int | None]:
    """Where the title run starts and ends, which token is the episode, and a season the
    title's last number turned out to be: (title_start, title_end, episode, season)."""
    toks = lex.toks
    free_start = _title_start(toks, 0)
    ep_index = _find_episode(toks)
    # "86 - Eighty Six (01-11)", "Steins;Gate 0 (01-23)": a bracketed episode beats bare numbers
    bracketed = ep_index is None and _has_bracket_episode(toks, free_start)
    if ep_index is None and free_start is not None and not bracketed:
        ep_index = _leading_episode(toks, free_start)
    title_start = free_start
    episode_first = False
    if ep_index is not None and title_start is not None and ep_index <= title_start:
        title_start = _title_start(toks, ep_index + 1)
        episode_first = _dash_follows(toks, ep_index)
    if title_start is None:
        return None, None, ep_index, None
    title_end = _title_end(toks, title_start, ep_index)
    if episode_first:
        # "05 - Show - Episode Title" names the show; "01 - Episode Title" does not
        dash = next((i for i in range(title_start, title_end) if toks[i].kind == DASH), None)
        if dash is None:
            return None, None, ep_index, None
        title_end = dash
    if (
        toks[title_start].kind == NUM
        and all(toks[i].kind == NUM for i in range(title_start, title_end))
        and (any(tok.kind == BRACKET for tok in toks) or (has_group and lex.mode == "."))
    ):
        # "[Title] 02 [BIG]", "[Keroro].148.[Xvid]": the number is the episode
        return None, None, title_start if ep_index is None else ep_index, None
    if ep_index is None and not bracketed:
        found = _trailing_number(toks, title_start, title_end)
        if found is not None:
            if toks[found].kind == SEASON:
                return title_start, found, None, toks[found].n  # "Piano no Mori 2 (TV)"
            return title_start, found, found, None
    return title_start, title_end, ep_index, None


# --- the episode ----------------------------------------------------------------------------


def _find_episode(toks: list[Tok]) -> int | None:
    """The most explicit episode marker outside brackets, as an index into toks.

    One pass: S01E05 / Ep05 / #05 / 第05话 anywhere wins, then "Episode 5", then the first
    number after a dash, a season or a year within the title's part of the name.
    """
    count = len(toks)
    prefix: int | None = None
    found: int | None = None  # the first "Title - 05" number
    how = 0  # 1: a number after a dash, season or year; 2: a year after a dash
    searching = True
    seen_word = False
    for i, tok in enumerate(toks):
        kind = tok.kind
        if tok.enclosed:
            if searching and kind in (YEAR, SEASON) and seen_word and i + 1 < count:
                nxt = toks[i + 1]
                if nxt.kind == NUM and not nxt.enclosed:
                    found = i + 1  # "Fullmetal Alchemist (2009) 02"
                    searching = False
            continue
        if kind == EP:
            return i  # S01E05, Ep05, #05, 第05话
        if kind == EP_PREFIX:
            if i + 1 < count and toks[i + 1].kind == NUM:
                if prefix is None:
                    prefix = i + 1  # "Episode 5", "Ep. 5"
                continue
            tok.kind = kind = WORD  # "Fumetsu no Anata e": not a prefix after all
        if not searching:
            continue
        if kind in (WORD, KIND, WEAK):
            seen_word = True
        elif kind == NUM and seen_word:
            if toks[i - 1].kind in (DASH, SEASON, YEAR):
                found, how, searching = i, 1, False  # "Title - 05", "Title S2 - 05"
        elif kind == YEAR and seen_word and toks[i - 1].kind == DASH and _ends_free_text(toks, i):
            found, how, searching = i, 2, False
        elif (kind in (META, EPB)) and seen_word:
            searching = False
    if prefix is not None:
        return prefix
    if found is not None:
        if how == 1:
            return _smaller_of_pair(toks, found)
        if how == 2:
            # "Nintama Rantarou - 2001 (NHK ...)": a long-running show's number, not a year
            tok = toks[found]
            tok.kind = NUM
            tok.num = Num((tok.n,), None, None, False)
    return found


def _ends_free_text(toks: list[Tok], i: int) -> bool:
    """Nothing but brackets and keywords after toks[i]."""
    return all(tok.enclosed or tok.kind in (META, VERSION, CRC) for tok in toks[i + 1 :])


def _leading_episode(toks: list[Tok], start: int) -> int | None:
    """ "01 - Episode Title", "05 - Show - Title": a number first, then a dash."""
    if toks[start].kind == NUM and start + 1 < len(toks) and toks[start + 1].kind == DASH:
        return start
    return None


def _smaller_of_pair(toks: list[Tok], i: int) -> int:
    """ "52 (227)": a season-relative number and the absolute one; the smaller is in-season."""
    if i + 1 < len(toks) and toks[i + 1].kind == EPB:
        here, there = toks[i].num, toks[i + 1].num
        if (
            here is not None
            and there is not None
            and len(here.episodes) == 1
            and len(there.episodes) == 1
            and there.episodes[0] not in STANDARD_RESOLUTIONS
        ):
            if there.episodes[0] < here.episodes[0]:
                toks[i].kind = JUNK  # the absolute number still ends the title
                return i + 1
            toks[i + 1].kind = JUNK
    return i


def _dash_follows(toks: list[Tok], i: int) -> bool:
    i += 1
    while i < len(toks) and toks[i].kind == VERSION:
        i += 1
    return i < len(toks) and toks[i].kind == DASH


def _trailing_number(toks: list[Tok], start: int, end: int) -> int | None:
    """The episode when nothing marks it: the last number of the title run ("Bleach 225").

    A number followed by more words is an episode only with a leading zero ("Animatrix 08 A
    Detective Story"), so "Mob Psycho 100 III" stays a title; so does "Mob.Psycho.100.S03".
    """
    if end < len(toks) and toks[end].kind == SEASON and not toks[end].enclosed:
        return None
    for i in range(end - 1, start, -1):
        tok = toks[i]
        if tok.kind != NUM or tok.num is None:
            continue
        before = toks[i - 1].text.rpartition(" ")[2].upper()
        if before in t.TITLE_NUMBER_WORDS or before in _JOINERS:
            continue
        trailing = _only_meta_after(toks, i, end)
        if not trailing and not (
            tok.num.leading_zero and any(x.kind == WORD for x in toks[i + 1 : end])
        ):
            continue
        more = toks[i + 2].num if i + 2 < end and toks[i + 1].text in ("&", "+") else None
        if more is not None:  # "Movies 8 & 10"
            tok.num = Num(tok.num.episodes + more.episodes, None, None, tok.num.leading_zero)
        if (
            trailing
            and end < len(toks)
            and toks[end].kind == META
            and toks[end].enclosed
            and toks[end].text.upper() == "TV"
            and len(tok.num.episodes) == 1
        ):
            tok.kind = SEASON  # "Piano no Mori 2 (TV)"
            tok.n = tok.num.episodes[0]
        return i
    return None


def _only_meta_after(toks: list[Tok], i: int, end: int) -> bool:
    """True if nothing but "& 10", a version or weak keywords follow the number in the run."""
    j = i + 1
    while j < end:
        tok = toks[j]
        if tok.kind == VERSION or tok.kind == WEAK:
            j += 1
        elif tok.text in ("&", "+") and j + 1 < end and toks[j + 1].kind == NUM:
            j += 2
        else:
            return False
    return True


def _has_bracket_episode(toks: list[Tok], start: int | None) -> bool:
    """An episode in brackets after the title starts: "[05]", "(01-12)", but not a bare height
    such as "[720]" nor "(1)", which a browser adds to a second download of a file."""
    if start is None:
        return False
    for tok in toks[start:]:
        if tok.kind == EPB and tok.num is not None:
            episodes = tok.num.episodes
            if (
                len(episodes) > 1
                or (episodes[0] not in STANDARD_RESOLUTIONS and episodes[0] >= 10)
                or tok.num.leading_zero
            ):
                return True
    return False


def _bracket_episode(toks: list[Tok]) -> int | None:
    for i, tok in enumerate(toks):
        if tok.kind == EPB and tok.num is not None:
            episodes = tok.num.episodes
            if (
                len(episodes) == 1
                and episodes[0] in STANDARD_RESOLUTIONS
                and any(other.kind == NUM for other in toks)
            ):
                continue  # "[720]" beside a bare number: a height, not the episode
            return i
    return None


# --- the title ------------------------------------------------------------------------------


def _title_start(toks: list[Tok], begin: int) -> int | None:
    for i in range(begin, len(toks)):
        tok = toks[i]
        if tok.enclosed:
            continue
        kind = tok.kind
        if kind in _TITLE_KINDS:
            return i
        if kind not in (DASH, JUNK, VERSION, CRC, SEP, EP, EP_PREFIX, SEASON, YEAR, META, VOLUME):
            return None
    return None


def _title_end(toks: list[Tok], start: int, ep_index: int | None) -> int:
    """One past the last token of the first run of title words."""
    i = start
    count = len(toks)
    while i < count and i != ep_index:
        tok = toks[i]
        kind = tok.kind
        if kind in _TITLE_KINDS and not tok.enclosed:
            i += 1
        elif kind == DASH:
            nxt = i + 1
            if _after_kind(toks, i, start):
                break  # "Slime Datta Ken OVA - Coleus no Yume": the OVA's own name follows
            if (
                nxt < count
                and nxt != ep_index
                and toks[nxt].kind in _TITLE_KINDS
                and not toks[nxt].enclosed
            ):
                i += 1  # "Tower of Druaga - Sword of Uruk"
                continue
            break
        elif kind == BRACKET and _bracket_in_title(toks, i, ep_index):
            i += 1
        elif kind == SEASON and not tok.enclosed and i + 1 < count and toks[i + 1].text[:1] == "/":
            i += 1  # "间谍过家家 第二季 / Spy x Family": the season of the first name
        else:
            break
    return i


def _after_kind(toks: list[Tok], dash: int, start: int) -> bool:
    """True if an OVA's kind, or "OVA 2", stands right before the dash."""
    i = dash - 1
    if i > start and toks[i].kind == NUM:
        i -= 1
    return i >= start and toks[i].kind == KIND and toks[i].value in _SUBTITLED_KINDS


def _bracket_in_title(toks: list[Tok], i: int, ep_index: int | None) -> bool:
    """ "(Not) Alone", "Mezzo(DSA)", "Nekomonogatari (Black) #1-4" keep their brackets."""
    tok = toks[i]
    if is_cjk_name(tok.value or "") and i > 0 and has_latin(toks[i - 1].text):
        return False  # "Sousou no Frieren (葬送のフリーレン)": another name, not a word of this one
    if tok.glued and i > 0 and toks[i - 1].kind == WORD:
        return True
    if _word_count(tok.value or "") > 2:
        return False
    nxt = i + 1
    if nxt >= len(toks):
        return False
    after = toks[nxt]
    if nxt == ep_index or after.kind in (EP, EP_PREFIX, NUM):
        return True
    if after.kind == WORD and not after.enclosed:
        return True
    if after.kind == DASH and nxt + 1 < len(toks):
        return toks[nxt + 1].kind == WORD or nxt + 1 == ep_index
    return False


def _trim_title(toks: list[Tok], start: int, end: int) -> int:
    """Drop dashes, joiners and technical keywords from the end of the title run."""
    while end > start + 1:
        tok = toks[end - 1]
        if (
            tok.kind == DASH
            or (tok.kind == WEAK and tok.field in _TRIMMABLE and tok.text not in _SEQUELS)
            or (tok.kind == WORD and tok.text in _JOINERS)
        ):
            end -= 1
        else:
            break
    # "Rozen Maiden 3 - PV": after a sequel number, "- PV" says what the file is; so does
    # "- NCOP" or "- Creditless ED" after any title
    if end - start >= 3 and toks[end - 1].kind == KIND:
        dash = end - 2
        while dash > start and toks[dash].kind == WEAK:
            dash -= 1
        if (
            dash - start >= 1
            and toks[dash].kind == DASH
            and (toks[dash - 1].kind == NUM or toks[end - 1].value in _EXTRA_KINDS)
        ):
            end = dash
    return end


def _title_text(
    toks: list[Tok], start: int, end: int, used: set[int], alternatives: list[str]
) -> str:
    parts: list[str] = []
    used.update(range(start, end))
    for i in range(start, end):
        tok = toks[i]
        if tok.kind == SEASON:
            continue  # kept as the season, not as a word of the title
        if tok.glued and parts:
            parts[-1] += tok.text
        else:
            parts.append(tok.text)
    if toks[start].kind == WEAK and all(
        toks[i].kind == WEAK and toks[i].field in _TRIMMABLE for i in range(start, end)
    ):
        return ""  # "【推しの子】 S02E05 1080p HIDI ...": keywords are no title
    text = " ".join(parts)
    if " / " in text:
        text = choose_name(text, " / ", alternatives)
    if text.isascii():
        return text  # no CJK name to set apart
    return split_scripts(drop_cjk_part(text, alternatives), alternatives)


def _latin_beside(
    toks: list[Tok], end: int, title: str, used: set[int], alternatives: list[str]
) -> str:
    """The Latin name right after a CJK title, which it replaces: "薬屋のひとりごと |
    Kusuriya no Hitorigoto - 05", "葬送のフリーレン (Sousou no Frieren) - 05"."""
    tok = toks[end]
    if tok.kind == SEP:
        used.add(end)
        latin = _after_separator(toks, end, used)
    elif tok.kind == BRACKET and not has_cjk(tok.value or "") and tok.text[0] in "(（":
        latin = (tok.value or "").strip()
        if has_latin(latin):
            used.add(end)
    else:
        return title
    if not has_latin(latin):
        return title
    alternatives.append(title)
    return latin


def _bracket_title(
    toks: list[Tok], group_tok: Tok | None, used: set[int], alternatives: list[str]
) -> tuple[str, Tok | None]:
    """No free words: the title is in brackets, "[Group][Title][01]" or "[Title][01]"."""
    candidates = [i for i, tok in enumerate(toks) if tok.kind == BRACKET]
    first_ep = next((i for i, tok in enumerate(toks) if tok.kind == EPB), len(toks))
    # "[Juuni.Kokki][Ep.24]" is a dotted title, but "[c.c动漫][迷宫饭][05]" names a group first;
    # so does "[Nekomoe kissaten][Kusuriya no Hitorigoto][05]", a title before the episode
    lead = (group_tok.value or "").strip() if group_tok else ""
    lead_words = _word_count(lead) if lead.isascii() else len(t.SPACE_SPLIT_RE.split(lead))
    if group_tok is not None and not (candidates and (lead_words <= 1 or candidates[0] < first_ep)):
        # "[Mobile Suit Gundam Seed Destiny HD REMASTER][07]": the leading bracket is the title
        group_tok.kind = BRACKET
        candidates.insert(0, toks.index(group_tok))
        group_tok = None
    if not candidates:
        return "", group_tok
    chosen = next((i for i in candidates if has_latin(toks[i].value or "")), candidates[0])
    used.add(chosen)
    for i in candidates:
        if i < chosen:
            used.add(i)
            alternatives.append(_clean_bracket_title(toks[i].value or "", alternatives))
    return _clean_bracket_title(toks[chosen].value or "", alternatives), group_tok


def _clean_bracket_title(raw: str, alternatives: list[str]) -> str:
    if "_" in raw and " " in raw:  # "[上伊那牡丹，醉姿如百合_Kamiina Botan, ...]": two names
        raw = choose_name(raw, "_", alternatives)
    text = raw.replace("_", " ")
    if " " not in text and "." in text:  # "[Juuni.Kokki]"
        text = text.replace(".", " ")
    words = text.split()
    while len(words) > 1 and words[-1].upper() in t.KEYWORDS:
        words.pop()  # "... HD REMASTER"
    name = choose_name(choose_name(" ".join(words), " / ", alternatives), " | ", alternatives)
    return split_scripts(name, alternatives, latin_first=True)


def _word_count(text: str) -> int:
    return len(t.SPACE_SPLIT_RE.split(text.replace(".", " ").strip()))


def _episode_title(toks: list[Tok], ep_index: int, used: set[int]) -> str | None:
    """The free words after the episode, up to the first bracket or keyword."""
    count = len(toks)
    i = ep_index + 1
    while i < count and toks[i].kind in (DASH, VERSION) and not toks[i].enclosed:
        i += 1
    kept: list[int] = []
    while i < count:
        tok = toks[i]
        if tok.enclosed or tok.kind not in (WORD, NUM, KIND, DASH, WEAK):
            break
        kept.append(i)
        i += 1
    while kept and toks[kept[-1]].kind in (DASH, WEAK):
        kept.pop()
    if not kept or toks[kept[0]].kind == WEAK:
        return None
    used.update(kept)
    return " ".join(toks[i].text for i in kept)


def _after_separator(toks: list[Tok], sep: int, used: set[int]) -> str:
    """ "... | Sousou no Frieren": the free words after the bar are another name."""
    words: list[str] = []
    for i in range(sep + 1, len(toks)):
        tok = toks[i]
        if tok.enclosed or i in used or tok.kind not in (WORD, NUM, KIND):
            if tok.enclosed or words:
                break
            continue
        used.add(i)
        words.append(tok.text)
    return " ".join(words)


# --- the group and the rest -----------------------------------------------------------------


def _group(
    lex: Lexer, group_tok: Tok | None, used: set[int], title_start: int | None
) -> str | None:
    toks = lex.toks
    if group_tok is not None:
        return _clean_group(group_tok.value or "")
    for tok in reversed(toks):
        if tok.kind == SCENE:
            return tok.text
    scene = lex.fields.get("scene_group")
    if scene:
        return scene
    # "... [1080p,BluRay,x264]_-_THORA": a dash and one word at the very end
    last = len(toks) - 1
    if last >= 0 and toks[last].kind == VERSION and not toks[last].enclosed:
        last -= 1
    if (
        last >= 1
        and toks[last - 1].kind == DASH
        and toks[last].kind == WORD
        and " " not in toks[last].text
        and last not in used
        and any(tok.kind == META for tok in toks[: last - 1])
    ):
        return toks[last].text
    start = title_start if title_start is not None else 0
    for i in range(start, len(toks)):
        tok = toks[i]
        if tok.kind == BRACKET and i not in used:
            if tok.text[0] in "(（" and _word_count(tok.value or "") >= 3:
                continue  # "(Sousou no Frieren)": another name, not a group
            used.add(i)
            return _clean_group(tok.value or "")
    for i in range(start):
        if toks[i].kind == BRACKET and i not in used:
            used.add(i)
            return _clean_group(toks[i].value or "")
    return lex.fields.get("bracket_group")


def _clean_group(raw: str) -> str:
    text = raw.strip()
    if "_&_" in text or "_+_" in text:  # "[B-G_&_m.3.3.w]": two groups
        text = text.replace("_", " ")
    return text


def _fallback_resolution(lex: Lexer, ep_index: int, used: set[int]) -> None:
    """ "Nichijou 05 1080", "[720]": a bare standard height once the episode is known."""
    for index, tok in enumerate(lex.toks):
        if tok.num is None or index == ep_index or index in used:
            continue
        episodes = tok.num.episodes
        if (
            len(episodes) == 1
            and episodes[0] in STANDARD_RESOLUTIONS
            and (tok.kind == EPB or (tok.kind == NUM and tok.text.isdigit()))
        ):
            lex.fields[t.RESOLUTION] = str(episodes[0])
            return
