# ruff: noqa: E501  (the tables keep one name per line, as Nyaa shows them)
"""The parser on real Nyaa names: every item title in ../shared/corpora/nyaa, as the RSS gives it
(raw, with HTML entities, and unescaped), plus names in the shapes the product must handle.

Expected values are written by hand (reviewed one by one), not produced by the parser.
Columns: name, title, season, episodes ("12", "1-12" or "" for none), group, resolution, batch.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from domain.releases import ParsedRelease, parse

Row = tuple[str, str, int | None, str, str | None, int | None, bool]

# Every item title of the Nyaa samples (berth_*, ncraws_*, nomercy_*, sonarr_*).
# fmt: off
NYAA_SAMPLES: list[Row] = [
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第12话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "12", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第11话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "11", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第10话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "10", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第9话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "9", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第8话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "8", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第7话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "7", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第6话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "6", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第5话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "5", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第4话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "4", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第3话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "3", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第2话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "2", "Doomdos", 1080, False),
    ("[Doomdos] - Botan Kamiina Fully Blossoms When Drunk - 第1话 - [1080p BILIBILI COM WEB-DL]", "Botan Kamiina Fully Blossoms When Drunk", None, "1", "Doomdos", 1080, False),
    ("[LinRip] Kamiina Botan, Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花 [Vol.2][BDRemux 1080p AVC FLAC]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花", None, "", "LinRip", 1080, True),
    ("[sgt] Botan Kamiina Fully Blossoms When Drunk - S01E10 (WEB 1080p HEVC) | Kamiina Botan, Yoeru Sugata wa Yuri no Hana", "Botan Kamiina Fully Blossoms When Drunk", 1, "10", "sgt", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (01-12) (1080p) [Batch]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "SubsPlease", 1080, True),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (01-12) (720p) [Batch]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "SubsPlease", 720, True),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (01-12) (480p) [Batch]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "SubsPlease", 480, True),
    ("[LinRip] Kamiina Botan, Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花 [Vol.1][BDRemux 1080p AVC FLAC]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花", None, "", "LinRip", 1080, True),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [12][WebRip][HEVC_AAC][简繁日内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "北宇治字幕组", None, False),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [12][WebRip][HEVC_AAC][繁日內嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "北宇治字幕组", None, False),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [12][WebRip][HEVC_AAC][简日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "北宇治字幕组", None, False),
    ("[❀拨雪寻春❀] 上伊那牡丹，醉姿如百合 / 上伊那ぼたん、酔へる姿は百合の花 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [01-12 精校合集][WebRip][HEVC-10bit 1080p][简繁日内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "❀拨雪寻春❀", 1080, True),
    ("[NanakoRaws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana 01-12 (AT-X 1080p HEVC AAC)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "NanakoRaws", 1080, True),
    ("[Judas] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (Botan Kamiina Fully Blossoms When Drunk) (Season 01) [1080p][HEVC x265 10bit][Multi-Subs] (Batch)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", 1, "", "Judas", 1080, True),
    ("[shincaps] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (BS11 1920x1080 MPEG2 AAC).ts", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "shincaps", 1080, False),
    ("[shincaps] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (AT-X 1440x1080 MPEG2 AAC).ts", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "shincaps", 1080, False),
    ("[shincaps] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 (AT-X 1440x1080 MPEG2 AAC).ts", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "shincaps", 1080, False),
    ("[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - [01-12 合集][WebRip 1080p HEVC-10bit AAC][简繁日内封字幕][Fin]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "喵萌奶茶屋&LoliHouse", 1080, True),
    ("[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 09 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "9", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 10 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "10", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[❀拨雪寻春❀] 上伊那牡丹，醉姿如百合 / 上伊那ぼたん、酔へる姿は百合の花 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [WebRip][HEVC-10bit 1080p][简繁日内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "❀拨雪寻春❀", 1080, False),
    ("[❀拨雪寻春❀] 上伊那牡丹，醉姿如百合 / 上伊那ぼたん、酔へる姿は百合の花 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [WebRip][HEVC-10bit 1080p][繁日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "❀拨雪寻春❀", 1080, False),
    ("[❀拨雪寻春❀] 上伊那牡丹，醉姿如百合 / 上伊那ぼたん、酔へる姿は百合の花 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [WebRip][HEVC-10bit 1080p][简日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "❀拨雪寻春❀", 1080, False),
    ("【喵萌奶茶屋】★04月新番★[上伊那牡丹，醉姿如百合 / 上伊那牡丹，酒醉身姿似百合花般 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana][01-12][1080p][繁日雙語]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "喵萌奶茶屋", 1080, True),
    ("【喵萌奶茶屋】★04月新番★[上伊那牡丹，醉姿如百合 / 上伊那牡丹，酒醉身姿似百合花般 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana][01-12][1080p][简日双语]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "喵萌奶茶屋", 1080, True),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [11][WebRip][HEVC_AAC][简繁日内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "北宇治字幕组", None, False),
    ("[千夏字幕組][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第01-12話][1080p_AVC][繁體][合集]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "千夏字幕組", 1080, True),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第01-12话][1080p_AVC][简体][合集]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "千夏字幕组", 1080, True),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第01-12话][1080p_HEVC][简繁内封][合集]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "千夏字幕组", 1080, True),
    ("[千夏字幕組][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第12話][1080p_AVC][繁體]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "千夏字幕組", 1080, False),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第12话][1080p_AVC][简体]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "千夏字幕组", 1080, False),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第12话][1080p_HEVC][简繁内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "千夏字幕组", 1080, False),
    ("[千夏字幕組][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第11話][1080p_AVC][繁體]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "千夏字幕組", 1080, False),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第11话][1080p_AVC][简体]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "千夏字幕组", 1080, False),
    ("[千夏字幕组][上伊那牡丹，醉姿如百合_Kamiina Botan, Yoeru Sugata wa Yuri no Hana][第11话][1080p_HEVC][简繁内封]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "千夏字幕组", 1080, False),
    ("[sgt] Botan Kamiina Fully Blossoms When Drunk - S01E09 (WEB 1080p HEVC) | Kamiina Botan, Yoeru Sugata wa Yuri no Hana", "Botan Kamiina Fully Blossoms When Drunk", 1, "9", "sgt", 1080, False),
    ("[NanakoRaws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 03 (AT-X 1080p HEVC AAC)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "3", "NanakoRaws", 1080, False),
    ("[NanakoRaws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 08 (AT-X 1080p HEVC AAC)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "8", "NanakoRaws", 1080, False),
    ("[NanakoRaws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana 01-10 (AT-X 1080p HEVC AAC)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-10", "NanakoRaws", 1080, True),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [11][WebRip][HEVC_AAC][繁日內嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "北宇治字幕组", None, False),
    ("[北宇治字幕组] 上伊那牡丹，酒醉身姿似百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [11][WebRip][HEVC_AAC][简日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "北宇治字幕组", None, False),
    ("[Trix] Botan Kamiina Fully Blossoms When Drunk S01 (Batch) [WEBRip 1080p AV1 Opus] (Multi Subs, VOSTFR) | Yoeru Sugata wa Yuri no Hana 上伊那ぼたん、酔へる姿は百合の花 Season S1", "Botan Kamiina Fully Blossoms When Drunk", 1, "", "Trix", 1080, True),
    ("[绿茶字幕组] 上伊那牡丹，酒醉身姿似百合花般 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [12][WebRip][1080p][繁日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "绿茶字幕组", 1080, False),
    ("[绿茶字幕组] 上伊那牡丹，酒醉身姿似百合花般 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana [12][WebRip][1080p][简日内嵌]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "绿茶字幕组", 1080, False),
    ("[sgt] Botan Kamiina Fully Blossoms When Drunk - S01E08 (WEB 1080p HEVC) | Kamiina Botan, Yoeru Sugata wa Yuri no Hana", "Botan Kamiina Fully Blossoms When Drunk", 1, "8", "sgt", 1080, False),
    ("【喵萌奶茶屋】★04月新番★[上伊那牡丹，醉姿如百合 / 上伊那牡丹，酒醉身姿似百合花般 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana][12][1080p][简日双语]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "喵萌奶茶屋", 1080, False),
    ("[DKB] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - S01E12 [1080p][END][HEVC x265 10bit][Multi-Subs][weekly]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", 1, "12", "DKB", 1080, False),
    ("[Judas] Kamiina Botan, Yoeru Sugata wa Yuri no Hana (Botan Kamiina Fully Blossoms When Drunk) - S01E12 [1080p][HEVC x265 10bit][Multi-Subs] (Weekly)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", 1, "12", "Judas", 1080, False),
    ("[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [1080p CR WEBRip HEVC AAC][MultiSub][D63F0D14]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "Erai-raws", 1080, False),
    ("[ASW] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [1080p HEVC x265 10Bit][AAC]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "ASW", 1080, False),
    ("Botan Kamiina Fully Blossoms When Drunk S01E12 1080p CR WEB-DL AAC2.0 H 264-VARYG (Kamiina Botan, Yoeru Sugata wa Yuri no Hana, Multi-Subs)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "VARYG", 1080, False),
    ("[ToonsHub] Botan Kamiina Fully Blossoms When Drunk S01E12 1080p CR WEB-DL AAC2.0 H.264 (Kamiina Botan, Yoeru Sugata wa Yuri no Hana, Multi-Subs)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "ToonsHub", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (1080p) [79C53144].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "SubsPlease", 1080, False),
    ("Botan Kamiina Fully Blossoms When Drunk S01E12 VOSTFR 1080p WEB x264 AAC -Tsundere-Raws (CR) (Kamiina Botan, Yoeru Sugata wa Yuri no Hana)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "Tsundere-Raws", 1080, False),
    ("Botan Kamiina Fully Blossoms When Drunk S01E12 1080p BILI WEB-DL AAC2.0 H 264-VARYG (Kamiina Botan, Yoeru Sugata wa Yuri no Hana, Multi-Subs)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "VARYG", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (720p) [E91B4570].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "SubsPlease", 720, False),
    ("Botan Kamiina Fully Blossoms When Drunk S01E12 VOSTFR 720p WEB x264 AAC -Tsundere-Raws (CR) (Kamiina Botan, Yoeru Sugata wa Yuri no Hana)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "Tsundere-Raws", 720, False),
    ("[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [480p CR WEB-DL AVC AAC][MultiSub][3CABEB48]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "Erai-raws", 480, False),
    ("[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [720p CR WEB-DL AVC AAC][MultiSub][3F40D0AE]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "Erai-raws", 720, False),
    ("[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [1080p CR WEB-DL AVC AAC][MultiSub][5498BFE2]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "Erai-raws", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (480p) [657B0C63].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "SubsPlease", 480, False),
    ("[ToonsHub] Botan Kamiina Fully Blossoms When Drunk S01E12 1080p BILI WEB-DL AAC2.0 H.265 (Kamiina Botan, Yoeru Sugata wa Yuri no Hana, Multi-Subs)", "Botan Kamiina Fully Blossoms When Drunk", 1, "12", "ToonsHub", 1080, False),
    ("[AsukaRaws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 END (WEB-DL 1280x720 x264 AAC)", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "AsukaRaws", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 (1080p) [F423A50E].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 (720p) [0F49AC84].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 (480p) [9241B1FD].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 10 (1080p) [7A9116B7].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "10", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 10 (720p) [65658C3C].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "10", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 10 (480p) [FEA24254].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "10", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 09 (1080p) [6678DB8E].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "9", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 09 (720p) [406B2152].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "9", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 09 (480p) [801A6652].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "9", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 08 (1080p) [FD514447].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "8", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 08 (720p) [44B37F0B].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "8", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 08 (480p) [1DDD2B96].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "8", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 07 (1080p) [1760AE7E].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "7", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 07 (720p) [C60A8A42].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "7", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 07 (480p) [671C9253].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "7", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 06 (1080p) [B462387C].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "6", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 06 (720p) [4967BF6B].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "6", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 06 (480p) [EF9EBA45].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "6", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 05 (1080p) [CE838CE0].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "5", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 05 (720p) [3CFEBB7E].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "5", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 05 (480p) [499BCE0B].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "5", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 04 (1080p) [DEF3D8AB].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "4", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 04 (720p) [EDD3DBA2].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "4", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 04 (480p) [F0286D6D].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "4", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 03 (1080p) [FDC0E8ED].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "3", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 03 (720p) [CA06AAB4].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "3", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 03 (480p) [9DCA937A].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "3", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 02 (1080p) [68CEB600].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "2", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 02 (720p) [6BE723BD].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "2", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 02 (480p) [4B542BE7].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "2", "SubsPlease", 480, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 01 (1080p) [E38EAFF4].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1", "SubsPlease", 1080, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 01 (720p) [7E544A74].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1", "SubsPlease", 720, False),
    ("[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 01 (480p) [F5EAAFA5].mkv", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1", "SubsPlease", 480, False),
    ("[NC-Raws] 繼母的拖油瓶是我的前女友 / Mamahaha no Tsurego - 02 (Baha 1920x1080 AVC AAC MP4)", "Mamahaha no Tsurego", None, "2", "NC-Raws", 1080, False),
    ("[NC-Raws] 继母的拖油瓶是我的前女友 / Mamahaha no Tsurego - 02 (B-Global 1920x1080 HEVC AAC MKV)", "Mamahaha no Tsurego", None, "2", "NC-Raws", 1080, False),
    ("[NC-Raws] 继母的拖油瓶是我的前女友 / Mamahaha no Tsurego - 01 (B-Global 1920x1080 HEVC AAC MKV)", "Mamahaha no Tsurego", None, "1", "NC-Raws", 1080, False),
    ("[NC-Raws] 繼母的拖油瓶是我的前女友 / Mamahaha no Tsurego - 01 (Baha 1920x1080 AVC AAC MP4)", "Mamahaha no Tsurego", None, "1", "NC-Raws", 1080, False),
    ("[喵萌奶茶屋&amp;LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - [01-12 合集][WebRip 1080p HEVC-10bit AAC][简繁日内封字幕][Fin]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "1-12", "喵萌奶茶屋&LoliHouse", 1080, True),
    ("[喵萌奶茶屋&amp;LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 09 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "9", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&amp;LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "12", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&amp;LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 11 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "11", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[喵萌奶茶屋&amp;LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 10 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kamiina Botan, Yoeru Sugata wa Yuri no Hana", None, "10", "喵萌奶茶屋&LoliHouse", 1080, False),
    ("[ToonsHub] Frieren- Beyond Journey&#39;s End S01E13 Aversion to One&#39;s Own Kind 1080p CR WEB-DL x264 (Multi-Audio, Multi-Subs)", "Frieren- Beyond Journey's End", 1, "13", "ToonsHub", 1080, False),
    ("[ToonsHub] Frieren- Beyond Journey's End S01E13 Aversion to One's Own Kind 1080p CR WEB-DL x264 (Multi-Audio, Multi-Subs)", "Frieren- Beyond Journey's End", 1, "13", "ToonsHub", 1080, False),
    ("Sousou.no.Frieren.S01E13.Hulu.1080p.AV1.OPUS.SHQ.Dual.Multi[HR]", "Sousou no Frieren", 1, "13", "HR", 1080, False),
    ("Frieren.Beyond.Journey.s.End.S01E13.MULTi.1080p.WEB.x264-T3KASHi", "Frieren Beyond Journey s End", 1, "13", "T3KASHi", 1080, False),
    ("[Yameii] Frieren - Beyond Journey&#39;s End - S01E13 [English Dub] [CR WEB-DL 1080p] [959CBC66] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Yameii", 1080, False),
    ("[Yameii] Frieren - Beyond Journey's End - S01E13 [English Dub] [CR WEB-DL 1080p] [959CBC66] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Yameii", 1080, False),
    ("[Yameii] Frieren - Beyond Journey&#39;s End - S01E13 [English Dub] [CR WEB-DL 720p] [CEA3FE3C] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Yameii", 720, False),
    ("[Yameii] Frieren - Beyond Journey's End - S01E13 [English Dub] [CR WEB-DL 720p] [CEA3FE3C] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Yameii", 720, False),
    ("[PrinceOtaku] Frieren - Beyond Journey&#39;s End - S01E13 [English Dub] [CR WEB-DL 720p] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "PrinceOtaku", 720, False),
    ("[PrinceOtaku] Frieren - Beyond Journey's End - S01E13 [English Dub] [CR WEB-DL 720p] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "PrinceOtaku", 720, False),
    ("[PrinceOtaku] Frieren - Beyond Journey&#39;s End - S01E13 [English Dub] [CR WEB-DL 1080p] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "PrinceOtaku", 1080, False),
    ("[PrinceOtaku] Frieren - Beyond Journey's End - S01E13 [English Dub] [CR WEB-DL 1080p] (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "PrinceOtaku", 1080, False),
    ("[Arg0] Frieren: Beyond Journey&#39;s End (2023) - S01E13 (WEB 1080p HEVC x265 E-AC-3) [Dual-Audio] | Sousou no Frieren", "Frieren: Beyond Journey's End", 1, "13", "Arg0", 1080, False),
    ("[Arg0] Frieren: Beyond Journey's End (2023) - S01E13 (WEB 1080p HEVC x265 E-AC-3) [Dual-Audio] | Sousou no Frieren", "Frieren: Beyond Journey's End", 1, "13", "Arg0", 1080, False),
    ("[ZeroBuild] Frieren: Beyond Journey&#39;s End - S01E13 (WEB 1080p HEVC 10-bit E-AC-3) [Dual Audio] (Sousou no Frieren)", "Frieren: Beyond Journey's End", 1, "13", "ZeroBuild", 1080, False),
    ("[ZeroBuild] Frieren: Beyond Journey's End - S01E13 (WEB 1080p HEVC 10-bit E-AC-3) [Dual Audio] (Sousou no Frieren)", "Frieren: Beyond Journey's End", 1, "13", "ZeroBuild", 1080, False),
    ("[EMBER] Sousou no Frieren S01E13 [1080p] [HEVC WEBRip DDP] (Frieren: Beyond Journey`s End)", "Sousou no Frieren", 1, "13", "EMBER", 1080, False),
    ("Frieren Beyond Journeys End S01E13 Hatred of Ones Kind 1080p AMZN WEB-DL DDP2.0 H 264-VARYG (Sousou no Frieren, Multi-Subs)", "Frieren Beyond Journeys End", 1, "13", "VARYG", 1080, False),
    ("Frieren Beyond the Journeys End S01E13 Aversion to Ones Own Kind 1080p NF WEB-DL AAC2.0 H 264-VARYG (Sousou no Frieren, Multi-Subs)", "Frieren Beyond the Journeys End", 1, "13", "VARYG", 1080, False),
    ("[Judas] Sousou no Frieren (Frieren: Beyond Journey&#39;s End) - S01E13 [1080p][HEVC x265 10bit][Multi-Subs] (Weekly)", "Sousou no Frieren", 1, "13", "Judas", 1080, False),
    ("[Judas] Sousou no Frieren (Frieren: Beyond Journey's End) - S01E13 [1080p][HEVC x265 10bit][Multi-Subs] (Weekly)", "Sousou no Frieren", 1, "13", "Judas", 1080, False),
    ("[DKB] Sousou no Frieren - S01E13 [1080p][HEVC x265 10bit][Multi-Subs][weekly]", "Sousou no Frieren", 1, "13", "DKB", 1080, False),
    ("Frieren - Beyond Journey&#39;s End S01E13 VOSTFR 1080p WEB x264 AAC -Tsundere-Raws (CR) (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Tsundere-Raws", 1080, False),
    ("Frieren - Beyond Journey's End S01E13 VOSTFR 1080p WEB x264 AAC -Tsundere-Raws (CR) (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Tsundere-Raws", 1080, False),
    ("Frieren - Beyond Journey&#39;s End S01E13 VOSTFR 720p WEB x264 AAC -Tsundere-Raws (CR) (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Tsundere-Raws", 720, False),
    ("Frieren - Beyond Journey's End S01E13 VOSTFR 720p WEB x264 AAC -Tsundere-Raws (CR) (Sousou no Frieren)", "Frieren - Beyond Journey's End", 1, "13", "Tsundere-Raws", 720, False),
    ("[TSRaws] Futsuu no Joshikousei ga [Locodol] Yattemita. #07 &#40;TBS&#41;.ts", "Futsuu no Joshikousei ga [Locodol] Yattemita.", None, "7", "TSRaws", None, False),
    ("[TSRaws] Futsuu no Joshikousei ga [Locodol] Yattemita. #07 (TBS).ts", "Futsuu no Joshikousei ga [Locodol] Yattemita.", None, "7", "TSRaws", None, False),
    ("[JIGGYSUB] KOI KOI 7 EP07 [R2DVD 420P H264 AC3]", "KOI KOI 7", None, "7", "JIGGYSUB", 420, False),
    ("[Ohys-Raws] RAIL WARS! - 07 &#40;TBS 1280x720 x264 AAC&#41;.mp4", "RAIL WARS!", None, "7", "Ohys-Raws", 720, False),
    ("[Ohys-Raws] RAIL WARS! - 07 (TBS 1280x720 x264 AAC).mp4", "RAIL WARS!", None, "7", "Ohys-Raws", 720, False),
    ("[Arabasma.com] Naruto Shippuuden - 372 [Arabic Sub] [MQ].mp4", "Naruto Shippuuden", None, "372", "Arabasma.com", None, False),
    ("[Foxy-Subs] Mahouka Koukou no Yuutousei - 08 [720p] [3194D881].mkv", "Mahouka Koukou no Yuutousei", None, "8", "Foxy-Subs", 720, False),
    ("Macross Zero (BDRip 1920x1080p x265 HEVC TrueHD, FLAC 5.1+2.0)[sxales]", "Macross Zero", None, "", "sxales", 1080, False),
    ("Fumetsu no Anata e - 19 [WEBDL 1080p] Ukr DVO", "Fumetsu no Anata e", None, "19", None, 1080, False),
]
# fmt: on

# The shapes issue #3 lists, in the form Nyaa gives them.
# fmt: off
SHAPES: list[Row] = [
    ("[SubsPlease] Sousou no Frieren - 05 (1080p) [A1B2C3D4].mkv", "Sousou no Frieren", None, "5", "SubsPlease", 1080, False),
    ("Sousou no Frieren S02E05 1080p WEB H.264-VARYG", "Sousou no Frieren", 2, "5", "VARYG", 1080, False),
    ("Mushoku.Tensei.S02E05.1080p.WEB.H264-SENPAI", "Mushoku Tensei", 2, "5", "SENPAI", 1080, False),
    ("[SubsPlease] Dandadan - 05v2 (1080p) [0A1B2C3D].mkv", "Dandadan", None, "5", "SubsPlease", 1080, False),
    ("[SubsPlease] Kusuriya no Hitorigoto - 01~12 [Batch]", "Kusuriya no Hitorigoto", None, "1-12", "SubsPlease", None, True),
    ("[Erai-raws] Shingeki no Kyojin (2023) - 05 [1080p][Multiple Subtitle]", "Shingeki no Kyojin", None, "5", "Erai-raws", 1080, False),
    ("[SubsPlease] Oshi no Ko Season 2 - 17 (1080p) [ABCDEF12].mkv", "Oshi no Ko", 2, "17", "SubsPlease", 1080, False),
    ("[HorribleSubs] Kimi ni Todoke 2nd Season - 05 [720p].mkv", "Kimi ni Todoke", 2, "5", "HorribleSubs", 720, False),
    ("[Erai-raws] Re:Zero kara Hajimeru Isekai Seikatsu 3rd Season - 05 [1080p]", "Re:Zero kara Hajimeru Isekai Seikatsu", 3, "5", "Erai-raws", 1080, False),
    ("[SubsPlease] One Piece - 1105 (1080p) [ABCDEF12].mkv", "One Piece", None, "1105", "SubsPlease", 1080, False),
    ("[SubsPlease] 86 - Eighty Six - 05 (1080p) [ABCDEF12].mkv", "86 - Eighty Six", None, "5", "SubsPlease", 1080, False),
    ("[Judas] Mob Psycho 100 III - 05 [1080p][HEVC x265 10bit][Multi-Subs]", "Mob Psycho 100 III", None, "5", "Judas", 1080, False),
    ("[HorribleSubs] Kaguya-sama 2 - 05 [1080p].mkv", "Kaguya-sama 2", None, "5", "HorribleSubs", 1080, False),
    ("[Hatsuyuki]_Some_Show_-_05_[720p][10bit][619C57A0].mkv", "Some Show", None, "5", "Hatsuyuki", 720, False),
    ("[GJM] Shin no Nakama - 05 [1080p][HEVC][Multi-Subs]", "Shin no Nakama", None, "5", "GJM", 1080, False),
    ("[Anime Time] Naruto Shippuden (001-500) [1080p][HEVC 10bit x265][AAC][Multi Sub] [Batch]", "Naruto Shippuden", None, "1-500", "Anime Time", 1080, True),
    ("[Erai-raws] Spy x Family Season 2 - 05 [1080p][Multiple Subtitle][ABCDEF12]", "Spy x Family", 2, "5", "Erai-raws", 1080, False),
    ("[DB] Vinland Saga S2 - 05 [Dual Audio 10bit 1080p][HEVC-x265]", "Vinland Saga", 2, "5", "DB", 1080, False),
    ("The Apothecary Diaries S01E05 1080p CR WEB-DL DUAL AAC2.0 H 264-VARYG", "The Apothecary Diaries", 1, "5", "VARYG", 1080, False),
    ("[SubsPlease] Tokyo Revengers - Seiya Kessen-hen - 05 (1080p) [ABCDEF12].mkv", "Tokyo Revengers - Seiya Kessen-hen", None, "5", "SubsPlease", 1080, False),
    ("[EMBER] Frieren: Beyond Journey's End (2023) (Season 1) [1080p] [Dual Audio HEVC WEBRip]", "Frieren: Beyond Journey's End", 1, "", "EMBER", 1080, True),
    ("Dungeon Meshi - 05 (480p) [ABCDEF12].mkv", "Dungeon Meshi", None, "5", None, 480, False),
    ("[SubsPlease] Ore dake Level Up na Ken - 05 (2160p) [ABCDEF12].mkv", "Ore dake Level Up na Ken", None, "5", "SubsPlease", 2160, False),
    ("[Okay-Subs] Dandadan - 05 [4K][HEVC]", "Dandadan", None, "5", "Okay-Subs", 2160, False),
    ("[Yameii] The Eminence in Shadow - S02E05 [English Dub] [CR WEB-DL 1080p] [ABCDEF12]", "The Eminence in Shadow", 2, "5", "Yameii", 1080, False),
    ("Boku.no.Hero.Academia.S07E01E02.1080p.WEB.x264-GROUP", "Boku no Hero Academia", 7, "1-2", "GROUP", 1080, True),
    ("[ASW] Solo Leveling - S01E01-E03 [1080p HEVC]", "Solo Leveling", 1, "1-3", "ASW", 1080, True),
    ("呪術廻戦 第2期 第05話 [1080p]", "呪術廻戦", 2, "5", None, 1080, False),
]
# fmt: on


def _episodes(spec: str) -> tuple[int, ...]:
    if not spec:
        return ()
    first, _, last = spec.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


@pytest.mark.parametrize("row", NYAA_SAMPLES + SHAPES, ids=lambda row: row[0][:60])
def test_real_names(row: Row) -> None:
    name, title, season, episodes, group, resolution, batch = row
    parsed = parse(name)
    assert (parsed.title, parsed.season, parsed.episodes, parsed.group) == (
        title,
        season,
        _episodes(episodes),
        group,
    )
    assert (parsed.resolution, parsed.is_batch) == (resolution, batch)


def test_table_is_big_enough() -> None:
    assert len(NYAA_SAMPLES) + len(SHAPES) >= 150


def _corpus_titles(corpora: Path) -> set[str]:
    titles: set[str] = set()
    for path in (corpora / "nyaa").glob("*.items.json"):
        titles.update(item["title"] for item in json.loads(path.read_text("utf-8"))["items"])
    for path in (corpora / "nyaa").glob("*.xml"):
        text = path.read_text("utf-8")
        for raw in re.findall(
            r"<item>.*?<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>", text, re.S
        ):
            titles.add(raw)
    return titles


def test_table_covers_every_sample_title(corpora: Path) -> None:
    """The table keeps up with the samples: each title in them, raw and unescaped, is a row."""
    in_table = {row[0] for row in NYAA_SAMPLES}
    for raw in _corpus_titles(corpora):
        assert raw in in_table
        assert html.unescape(raw) in in_table


# Fields beyond the ones ranking needs, on a few representative names.
DETAILS: list[tuple[str, dict[str, object]]] = [
    (
        "[SubsPlease] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (1080p) [79C53144].mkv",
        {"checksum": "79C53144", "extension": "mkv", "version": 1, "source": None},
    ),
    ("[SubsPlease] Dandadan - 05v2 (1080p) [0A1B2C3D].mkv", {"version": 2}),
    (
        "[Erai-raws] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 [1080p CR WEBRip HEVC AAC]"
        "[MultiSub][D63F0D14]",
        {
            "source": "WEB",
            "video_codec": "HEVC",
            "audio": "AAC",
            "subtitles": "Multi-Subs",
            "checksum": "D63F0D14",
        },
    ),
    (
        "[Arg0] Frieren: Beyond Journey&#39;s End (2023) - S01E13 (WEB 1080p HEVC x265 E-AC-3) "
        "[Dual-Audio] | Sousou no Frieren",
        {
            "year": 2023,
            "language": "Dual Audio",
            "audio": "E-AC-3",
            "video_codec": "HEVC",
            "alternative_titles": ("Sousou no Frieren",),
        },
    ),
    (
        "[Yameii] Frieren - Beyond Journey's End - S01E13 [English Dub] [CR WEB-DL 1080p] "
        "[959CBC66] (Sousou no Frieren)",
        {"language": "English Dub", "source": "WEB", "alternative_titles": ("Sousou no Frieren",)},
    ),
    (
        "Botan Kamiina Fully Blossoms When Drunk S01E12 VOSTFR 720p WEB x264 AAC -Tsundere-Raws "
        "(CR) (Kamiina Botan, Yoeru Sugata wa Yuri no Hana)",
        {
            "subtitles": "VOSTFR",
            "video_codec": "H.264",
            "alternative_titles": ("Kamiina Botan, Yoeru Sugata wa Yuri no Hana",),
        },
    ),
    (
        "Botan Kamiina Fully Blossoms When Drunk S01E12 1080p CR WEB-DL AAC2.0 H 264-VARYG "
        "(Kamiina Botan, Yoeru Sugata wa Yuri no Hana, Multi-Subs)",
        {"video_codec": "H.264", "audio": "AAC", "subtitles": "Multi-Subs"},
    ),
    (
        "[shincaps] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - 12 (BS11 1920x1080 MPEG2 AAC).ts",
        {"extension": "ts", "video_codec": "MPEG-2", "source": "TV"},
    ),
    (
        "[喵萌奶茶屋&LoliHouse] 上伊那牡丹，醉姿如百合 / Kamiina Botan, Yoeru Sugata wa Yuri no Hana - "
        "[01-12 合集][WebRip 1080p HEVC-10bit AAC][简繁日内封字幕][Fin]",
        {"release_info": ("Batch", "END"), "alternative_titles": ("上伊那牡丹，醉姿如百合",)},
    ),
    (
        "[DKB] Kamiina Botan, Yoeru Sugata wa Yuri no Hana - S01E12 [1080p][END][HEVC x265 10bit]"
        "[Multi-Subs][weekly]",
        {"release_info": ("END",), "subtitles": "Multi-Subs"},
    ),
    (
        "Macross Zero (BDRip 1920x1080p x265 HEVC TrueHD, FLAC 5.1+2.0)[sxales]",
        {"source": "BD", "audio": "TrueHD", "episodes": ()},
    ),
    ("Fumetsu no Anata e - 19 [WEBDL 1080p] Ukr DVO", {"language": "UKR", "source": "WEB"}),
    (
        "[NC-Raws] 繼母的拖油瓶是我的前女友 / Mamahaha no Tsurego - 02 (Baha 1920x1080 AVC AAC MP4)",
        {"alternative_titles": ("繼母的拖油瓶是我的前女友",), "video_codec": "H.264"},
    ),
    (
        "[TaigaSubs]_Toradora!_(2008)_-_01v2_-_Tiger_and_Dragon_[1280x720_H.264_FLAC][1234ABCD].mkv",
        {"episode_title": "Tiger and Dragon", "year": 2008, "version": 2, "audio": "FLAC"},
    ),
    (
        "[Coalgirls]_Fate_Zero_OVA3.5_(1280x720_Blu-ray_FLAC)_[5F5AD026].mkv",
        {"episodes": (3,), "episode_suffix": ".5", "kind": "OVA"},
    ),
    (
        "[LinRip] Kamiina Botan, Yoeru Sugata wa Yuri no Hana [Vol.2][BDRemux 1080p AVC FLAC]",
        {"volumes": (2,), "is_batch": True, "source": "BD"},
    ),
]


@pytest.mark.parametrize(("name", "expected"), DETAILS, ids=lambda v: str(v)[:50])
def test_details(name: str, expected: dict[str, object]) -> None:
    parsed = parse(name)
    got = {field: getattr(parsed, field) for field in expected}
    assert got == expected


def test_fields_are_the_documented_ones() -> None:
    """The services rely on these names."""
    for field in (
        "title",
        "season",
        "episodes",
        "is_batch",
        "version",
        "group",
        "resolution",
        "source",
        "video_codec",
        "audio",
        "language",
        "subtitles",
        "checksum",
        "extension",
        "year",
    ):
        assert field in ParsedRelease.__dataclass_fields__
