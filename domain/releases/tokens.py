"""Word tables and precompiled patterns the release parser classifies words with.

Every table is keyed by the upper-cased word, so one dict lookup classifies a word. Keywords
are "strong" when a bracket holding one is metadata whatever else it holds (1080p, x264, FLAC)
and "weak" when they are common words too (TV, END, RU), so a bracket is metadata only if all
its words are keywords.
"""

from __future__ import annotations

import re
from typing import Final

# Fields a keyword fills in.
RESOLUTION: Final = "resolution"
SOURCE: Final = "source"
VIDEO: Final = "video_codec"
AUDIO: Final = "audio"
LANGUAGE: Final = "language"
SUBTITLES: Final = "subtitles"
INFO: Final = "release_info"
KIND: Final = "kind"
OTHER: Final = "other"  # recognised and ignored: bit depth, streaming service, "Weekly"

_VIDEO = {
    "H264": "H.264", "H.264": "H.264", "X264": "H.264", "AVC": "H.264", "H.264/AVC": "H.264",
    "H265": "HEVC", "H.265": "HEVC", "X265": "HEVC", "HEVC": "HEVC", "HEVC2": "HEVC",
    "AV1": "AV1", "VP9": "VP9", "XVID": "XviD", "DIVX": "DivX", "DIVX5": "DivX", "DIVX6": "DivX",
    "MPEG2": "MPEG-2", "MPEG-2": "MPEG-2", "MPEG4": "MPEG-4", "WMV": "WMV", "REALMEDIA": "RM",
    "10BITH.264": "H.264", "8BITH.264": "H.264", "HEVC-10BIT": "HEVC", "X264-HI10P": "H.264",
}  # fmt: skip
_AUDIO = {
    "AAC": "AAC", "AACX2": "AAC", "AACX3": "AAC", "AAC2.0": "AAC", "AAC5.1": "AAC",
    "HE-AAC": "AAC", "AAC-LC": "AAC", "AC3": "AC3", "AC-3": "AC3", "EAC3": "E-AC-3",
    "E-AC-3": "E-AC-3", "E-AC3": "E-AC-3", "DD": "AC3", "DD2.0": "AC3", "DD5.1": "AC3",
    "DDP": "E-AC-3", "DDP2.0": "E-AC-3", "DDP5.1": "E-AC-3", "DD+": "E-AC-3", "FLAC": "FLAC",
    "FLACX2": "FLAC", "FLACX3": "FLAC", "OPUS": "Opus", "VORBIS": "Vorbis", "OGG": "Vorbis",
    "MP3": "MP3", "DTS": "DTS", "DTS-ES": "DTS", "DTS-HD": "DTS", "DTS-HDMA": "DTS",
    "DTS5.1": "DTS", "TRUEHD": "TrueHD", "TRUEHD5.1": "TrueHD", "LPCM": "PCM", "PCM": "PCM",
    "2.0CH": "2.0", "5.1CH": "5.1", "5.1": "5.1", "2.0": "2.0", "7.1": "7.1", "ATMOS": "Atmos",
}  # fmt: skip
_SOURCE = {
    "WEB": "WEB", "WEB-DL": "WEB", "WEBDL": "WEB", "WEBRIP": "WEB", "WEB-RIP": "WEB",
    "BD": "BD", "BDRIP": "BD", "BLURAY": "BD", "BLU-RAY": "BD", "BDREMUX": "BD", "BDMV": "BD",
    "BD-RIP": "BD", "BRRIP": "BD", "BDISO": "BD", "DVD": "DVD", "DVDRIP": "DVD", "DVD-RIP": "DVD",
    "R2DVD": "DVD", "R1DVD": "DVD", "DVD5": "DVD", "DVD9": "DVD", "R2J": "DVD", "R1": "DVD",
    "R2": "DVD", "DVDSCR": "DVD", "HDTV": "TV", "HDTVRIP": "TV", "TVRIP": "TV", "TV-RIP": "TV",
    "DTV": "TV", "LASERDISC": "LD", "LDRIP": "LD",
}  # fmt: skip
# Streaming services and broadcasters: they say where a rip came from.
_WEB_SERVICES = (
    "CR", "AMZN", "NF", "HULU", "BILI", "BILIBILI", "B-GLOBAL", "BAHA", "ADN", "DSNP", "HIDI",
    "VRV", "FUNI", "ABEMA", "U-NEXT", "IQIYI", "YOUKU", "VIU",
)  # fmt: skip
_TV_STATIONS = ("AT-X", "BS11", "MBS", "TBS", "ABC", "NHK", "TOKYO-MX", "TX", "CX", "NTV", "BS4",
                "KBS", "YTV", "CTV", "WOWOW")  # fmt: skip
_LANGUAGE = {
    "MULTI": "Multi", "MULTI-AUDIO": "Multi", "MULTIAUDIO": "Multi", "DUAL-AUDIO": "Dual Audio",
    "DUALAUDIO": "Dual Audio", "DUAL": "Dual Audio", "ENG": "ENG", "ENGLISH": "ENG",
    "JAP": "JPN", "JPN": "JPN", "JP": "JPN", "JA": "JPN", "ESP": "ESP", "SPA": "ESP",
    "ITA": "ITA", "GER": "GER", "RUS": "RUS", "RU": "RUS", "FR": "FRE", "FRE": "FRE",
    "CHS": "CHS", "CHT": "CHT", "UKR": "UKR", "PT-BR": "POR", "POR": "POR", "KOR": "KOR",
    "DVO": "UKR", "ARABIC": "ARA",
}  # fmt: skip
_SUBTITLES = {
    "MULTI-SUBS": "Multi-Subs", "MULTI-SUB": "Multi-Subs", "MULTISUB": "Multi-Subs",
    "MULTISUBS": "Multi-Subs", "MULTIPLE-SUBTITLE": "Multi-Subs", "SUB": "Subs",
    "SUBS": "Subs", "SUBBED": "Subs", "HARDSUB": "Hardsub", "HARDSUBS": "Hardsub",
    "SOFTSUB": "Softsub", "SOFTSUBS": "Softsub", "VOSTFR": "VOSTFR", "ENGSUB": "ENG subs",
    "ENGSUBS": "ENG subs", "BIG5": "CHT", "GB": "CHS", "RAW": "Raw", "RAWS": "Raw",
    "ASS": "ASS", "SRT": "SRT", "SUBTITLES": "Subs", "CC": "CC", "SUB.FR": "FRE subs",
}  # fmt: skip
# Two-word keywords, looked up before the words on their own.
PAIRS: Final[dict[str, tuple[str, str]]] = {
    "DUAL AUDIO": (LANGUAGE, "Dual Audio"),
    "MULTI AUDIO": (LANGUAGE, "Multi"),
    "ENGLISH DUB": (LANGUAGE, "English Dub"),
    "ENG DUB": (LANGUAGE, "English Dub"),
    "MULTI SUBS": (SUBTITLES, "Multi-Subs"),
    "MULTI SUB": (SUBTITLES, "Multi-Subs"),
    "ENG SUB": (SUBTITLES, "ENG subs"),
    "ENG SUBS": (SUBTITLES, "ENG subs"),
    "ENGLISH SUBS": (SUBTITLES, "ENG subs"),
    "ENGLISH SUB": (SUBTITLES, "ENG subs"),
    "ARABIC SUB": (SUBTITLES, "ARA subs"),
    "H 264": (VIDEO, "H.264"),
    "H 265": (VIDEO, "HEVC"),
    "COMPLETE VERSION": (INFO, "Complete"),
    "DIRECTOR'S CUT": (OTHER, "Director's Cut"),
    "NC OP": (KIND, "OP"),
    "NC ED": (KIND, "ED"),
}
_INFO = {
    "BATCH": "Batch", "COMPLETE": "Complete", "END": "END", "FIN": "END", "FINAL": "Final",
    "PATCH": "Patch", "REMASTER": "Remaster", "REMASTERED": "Remaster", "UNCENSORED": "Uncensored",
    "UNCUT": "Uncut", "REMUX": "Remux", "REPACK": "Repack", "PROPER": "Proper",
    "COMPLETE-SERIES": "Complete",
}  # fmt: skip
_KIND = {
    "OVA": "OVA", "OAV": "OVA", "OAD": "OVA", "ONA": "ONA", "MOVIE": "Movie",
    "GEKIJOUBAN": "Movie", "SPECIAL": "Special", "SPECIALS": "Special", "SP": "Special",
    "TV": "TV", "OP": "OP", "ED": "ED", "NCOP": "OP", "NCED": "ED", "OPENING": "OP",
    "ENDING": "ED", "PV": "PV", "EX": "Extra", "PREVIEW": "Preview", "CM": "CM", "MENU": "Menu",
    "PILOT": "Pilot",
}  # fmt: skip
_OTHER = (
    "10BIT", "10-BIT", "8BIT", "8-BIT", "HI10P", "HI10", "HI444", "HI444P", "HDR", "HDR10", "SDR",
    "DV", "WEEKLY", "FIXED", "CHAP", "CHAPTERS", "VFR", "CFR", "24FPS", "30FPS", "60FPS",
    "HQ", "LQ", "MQ", "SHQ", "HD", "FULLHD", "SD", "TS", "MKV", "MP4", "AVI", "VOL", "V0",
    "ENCODED", "RERIP", "THEATRICAL", "IMAX", "REMASTERED", "DIRECTOR'S", "CREDITLESS",
)  # fmt: skip

# Upper-cased word -> (field, canonical value).
KEYWORDS: Final[dict[str, tuple[str, str]]] = {}
KEYWORDS.update({k: (VIDEO, v) for k, v in _VIDEO.items()})
KEYWORDS.update({k: (AUDIO, v) for k, v in _AUDIO.items()})
KEYWORDS.update({k: (SOURCE, v) for k, v in _SOURCE.items()})
KEYWORDS.update({k: (SOURCE, "WEB") for k in _WEB_SERVICES})
KEYWORDS.update({k: (SOURCE, "TV") for k in _TV_STATIONS})
KEYWORDS.update({k: (LANGUAGE, v) for k, v in _LANGUAGE.items()})
KEYWORDS.update({k: (SUBTITLES, v) for k, v in _SUBTITLES.items()})
KEYWORDS.update({k: (INFO, v) for k, v in _INFO.items()})
KEYWORDS.update({k: (KIND, v) for k, v in _KIND.items()})
KEYWORDS.update({k: (OTHER, k) for k in _OTHER})
KEYWORDS["4K"] = (RESOLUTION, "2160")
KEYWORDS["UHD"] = (RESOLUTION, "2160")
KEYWORDS["FHD"] = (RESOLUTION, "1080")

# Keywords that are ordinary words too: alone they do not make a bracket metadata.
WEAK: Final[frozenset[str]] = frozenset(
    {
        *(k for k in _LANGUAGE if "-" not in k), *_TV_STATIONS, *_WEB_SERVICES, *_KIND,
        "SUB", "SUBS", "RAW", "RAWS", "ASS",
        "END", "FIN", "FINAL", "COMPLETE", "PATCH", "HD", "SD", "HQ", "LQ", "MQ", "TS", "CC",
        "GB", "DD", "DV", "FIXED", "CHAP", "VOL", "ENCODED", "R1", "R2", "PROPER", "UNCUT",
        "WEEKLY", "2.0", "5.1", "7.1", "V0", "DUAL", "MULTI", "ENGLISH", "DIRECTOR'S",
        "CREDITLESS",
    }
)  # fmt: skip

EXTENSIONS: Final[frozenset[str]] = frozenset(
    {
        "MKV", "MP4", "AVI", "TS", "M2TS", "RMVB", "RM", "WMV", "MOV", "FLV", "WEBM", "OGM",
        "M4V", "MPG", "MPEG", "7Z", "ZIP", "RAR", "SRT", "ASS", "MKA", "TORRENT",
    }
)  # fmt: skip

EPISODE_PREFIXES: Final[frozenset[str]] = frozenset(
    {
        "EP",
        "EP.",
        "EPS",
        "EPS.",
        "EPISODE",
        "EPISODES",
        "EPISODIO",
        "EPISÓDIO",
        "EPISODE.",
        "E",
        "FOLGE",
    }
)
SEASON_WORDS: Final[frozenset[str]] = frozenset({"SEASON", "SAISON", "TEMPORADA", "STAFFEL"})
VOLUME_WORDS: Final[frozenset[str]] = frozenset({"VOL", "VOL.", "VOLUME", "VOLUMES"})
# Numbers after these belong to the title: "One Piece Movie 9", "Part 2".
TITLE_NUMBER_WORDS: Final[frozenset[str]] = frozenset(
    {"MOVIE", "PART", "PT", "PT.", "NO", "NO.", "VOL", "VOL.", "CHAPTER", "GEKIJOUBAN", "FILM"}
)
ORDINALS: Final[dict[str, int]] = {
    "FIRST": 1, "SECOND": 2, "THIRD": 3, "FOURTH": 4, "FIFTH": 5, "SIXTH": 6, "SEVENTH": 7,
    "EIGHTH": 8, "NINTH": 9, "TENTH": 10,
}  # fmt: skip

# --- patterns -------------------------------------------------------------------------------

CLOSE_FOR: Final[dict[str, str]] = {
    "[": "]", "(": ")", "{": "}", "【": "】", "（": "）", "［": "］", "〔": "〕", "〖": "〗",
    "『": "』",
}  # fmt: skip
OPEN_RE: Final = re.compile(r"[\[({【（［〔〖『]")
OPENERS: Final[tuple[str, ...]] = tuple(CLOSE_FOR)
# One bracket per match, group i+1 holding what OPENERS[i] encloses: repeated openers
# ("[[Zero-Raws]") count once and an unclosed bracket runs to the end of the name. Each
# branch starts with its literal opener so that the engine skips ahead to the next one.
SEGMENT_RE: Final = re.compile(
    "|".join(
        f"{re.escape(o)}{re.escape(o)}*([^{re.escape(c)}]*){re.escape(c)}?"
        for o, c in CLOSE_FOR.items()
    )
)

RESOLUTION_RE: Final = re.compile(r"(?:(\d{3,4})\s*[x×]\s*)?(\d{3,4})[pi]?", re.I)
YEAR_RE: Final = re.compile(r"(?:19[4-9]\d|20[0-3]\d)")
# An episode number as written alone: 05, 05v2, 07.5, 09a, 111C, 01v2-04, 01~12, 316-317.
NUMBER_RE: Final = re.compile(
    r"(\d{1,4})(?:\.(\d))?([a-cA-C])?(?:[vV](\d))?(?:\s*[-~～]\s*(\d{1,4})(?:[vV](\d))?)?"
)
# Season and episode together: S01E05, S01E01-E03, S2E5v2, S02E12.5, 1x03.
SXE_RE: Final = re.compile(
    r"S(\d{1,2})[ ._-]?E(\d{1,4})(?:\.(\d))?(?:[vV](\d))?(?:-?E?(\d{1,4})(?:[vV]\d)?)?"
    r"|(\d{1,2})x(\d{2,3})",
    re.I,
)
# An episode glued to its prefix: Ep05, EP07.5, E05, #01v2, #1-4, ep1.
PREFIXED_RE: Final = re.compile(
    r"(?:ep|eps|episode|e|#)\.?(\d{1,4}(?:\.\d)?[a-cA-C]?(?:[vV]\d)?(?:[-~]\d{1,4}(?:[vV]\d)?)?)",
    re.I,
)
# Chinese/Japanese markers: 第12话, 第01-12話, 01話, 第2期, 第二季.
CJK_EPISODE_RE: Final = re.compile(r"第?(\d{1,4})(?:\s*[-~]\s*(\d{1,4}))?\s*[话話集回]")
CJK_SEASON_RE: Final = re.compile(r"第\s*(\d{1,2}|[一二三四五六七八九十])\s*[期季部]")
CJK_NUMERALS: Final[dict[str, int]] = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip
CJK_BATCH_RE: Final = re.compile(r"(?:精校)?合集|全集|完结|完結")
CJK_SUBS_RE: Final = re.compile(r"[简繁日中英双雙内內封嵌外挂掛字幕语語體体]{2,}")
CJK_JUNK_RE: Final = re.compile(r"[★☆]*\d{1,2}月新番[★☆]*|[★☆]+")
# Word splitting.
SPACE_SPLIT_RE: Final = re.compile(r"[\s_]+")
BRACKET_SPLIT_RE: Final = re.compile(r"[\s_,+/|&]+")
# In names that use dots as spaces, dots inside "H.264", "5.1" and "07.5" are not separators.
DOT_WORD_RE: Final = re.compile(r"(?:[Hh]\.26[45]|\d+\.\d(?!\d)|[^.])+")
SUB_PIECE_RE: Final = re.compile(r"[-.]")
HTML_ENTITY_RE: Final = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")

# First words of PAIRS, so most words skip building a pair key.
PAIR_FIRSTS: Final[frozenset[str]] = frozenset({*(k.split()[0] for k in PAIRS), "H"})
# Words that start a season, an episode or a volume: "Season 2", "Episode 5", "Vol 3".
WORD_TABLE_KEYS: Final[frozenset[str]] = frozenset(
    {*EPISODE_PREFIXES, *SEASON_WORDS, *ORDINALS, *VOLUME_WORDS}
)
