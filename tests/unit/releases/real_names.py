# ruff: noqa: E501  (one name per line, as Nyaa shows them)
"""Real release names of the kinds the Anitomy tables hold few of, with hand-written answers.

Kinds: bilingual names (a CJK title beside a Latin one, split by "/" or "|" or in brackets of
their own: the Latin one is the title, the CJK one an alternative title); underscores for
spaces with the episode glued to the title by a dash; titles that are or hold numbers or end in
a sequel digit; extras (creditless openings and endings, OVAs with subtitles of their own);
decimal sub-episodes; long daily numbering; batch ranges after a number; season markers inside
the title, which become the season.

Columns: name, title, episodes ("5", "1-12", "11.5" or ""), group, version, resolution,
season, alternative title (None when the name gives none). Scored on SCORED; season and the
alternative title are checked by their own tests.

DEV is what the parser was worked on; real_names_held_out.HELD_OUT was written first and only
scored, so its figure says how the parser does on names it was not built on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.releases import ParsedRelease

Row = tuple[str, str, str, str | None, int, int | None, int | None, str | None]
SCORED = ("title", "episode", "group", "version", "resolution")

# fmt: off
DEV: list[Row] = [
    # a CJK title and a Latin one side by side
    ("[Lilith-Raws] 间谍过家家 / Spy x Family - 17 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Spy x Family", "17", "Lilith-Raws", 1, 1080, None, "间谍过家家"),
    ("[Lilith-Raws] 无职转生～到了异世界就拿出真本事～ / Mushoku Tensei - 05 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Mushoku Tensei", "5", "Lilith-Raws", 1, 1080, None, "无职转生～到了异世界就拿出真本事～"),
    ("[ANi] Spy x Family - 間諜家家酒 - 17 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Spy x Family", "17", "ANi", 1, 1080, None, "間諜家家酒"),
    ("[ANi] The Apothecary Diaries - 藥師少女的獨語 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "The Apothecary Diaries", "5", "ANi", 1, 1080, None, "藥師少女的獨語"),
    ("[ANi] 藥師少女的獨語 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "藥師少女的獨語", "5", "ANi", 1, 1080, None, None),
    ("[ANi] 膽大黨 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "膽大黨", "5", "ANi", 1, 1080, None, None),
    ("[桜都字幕组] 药屋少女的呢喃 / Kusuriya no Hitorigoto [05][1080p][简繁内封]", "Kusuriya no Hitorigoto", "5", "桜都字幕组", 1, 1080, None, "药屋少女的呢喃"),
    ("[桜都字幕组] 葬送的芙莉莲 / Sousou no Frieren [28][1080p][简体内嵌]", "Sousou no Frieren", "28", "桜都字幕组", 1, 1080, None, "葬送的芙莉莲"),
    ("[LoliHouse] 间谍过家家 / Spy x Family - 30 [WebRip 1080p HEVC-10bit AAC][简繁内封字幕]", "Spy x Family", "30", "LoliHouse", 1, 1080, None, "间谍过家家"),
    ("[LoliHouse] 怪兽8号 / Kaijuu 8-gou - 05 [WebRip 1080p HEVC-10bit AAC][简繁内封字幕]", "Kaijuu 8-gou", "5", "LoliHouse", 1, 1080, None, "怪兽8号"),
    ("[SweetSub&LoliHouse] 迷宫饭 / Dungeon Meshi - 05 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Dungeon Meshi", "5", "SweetSub&LoliHouse", 1, 1080, None, "迷宫饭"),
    ("[Nekomoe kissaten&LoliHouse] 肌肉魔法使-MASHLE- / Mashle - 05 [WebRip 1080p HEVC-10bit AAC ASSx2].mkv", "Mashle", "5", "Nekomoe kissaten&LoliHouse", 1, 1080, None, "肌肉魔法使-MASHLE-"),
    ("【幻樱字幕组】【10月新番】【葬送的芙莉莲 Sousou no Frieren】【05】【BIG5_MP4】【1920X1080】", "Sousou no Frieren", "5", "幻樱字幕组", 1, 1080, None, "葬送的芙莉莲"),
    ("【幻樱字幕组】【4月新番】【怪兽8号 Kaijuu 8-gou】【05】【GB_MP4】【1280X720】", "Kaijuu 8-gou", "5", "幻樱字幕组", 1, 720, None, "怪兽8号"),
    ("[爱恋字幕社][10月新番][葬送的芙莉莲][Sousou no Frieren][05][1080p][MP4][GB][简中]", "Sousou no Frieren", "5", "爱恋字幕社", 1, 1080, None, "葬送的芙莉莲"),
    ("[爱恋字幕社][1月新番][迷宫饭][Dungeon Meshi][05][720p][MP4][BIG5][繁中]", "Dungeon Meshi", "5", "爱恋字幕社", 1, 720, None, "迷宫饭"),
    ("[织梦字幕组][药屋少女的呢喃 Kusuriya no Hitorigoto][05集][1080P][AVC][简日双语]", "Kusuriya no Hitorigoto", "5", "织梦字幕组", 1, 1080, None, "药屋少女的呢喃"),
    ("[MingY] 葬送的芙莉莲 / Sousou no Frieren [05][1080p][CHS&JPN]", "Sousou no Frieren", "5", "MingY", 1, 1080, None, "葬送的芙莉莲"),
    ("[NC-Raws] 无职转生 / Mushoku Tensei - 17 (B-Global 1920x1080 HEVC AAC MKV)", "Mushoku Tensei", "17", "NC-Raws", 1, 1080, None, "无职转生"),
    ("[NC-Raws] 间谍过家家 / SPY×FAMILY - 05 (Baha 1920x1080 AVC AAC MP4)", "SPY×FAMILY", "5", "NC-Raws", 1, 1080, None, "间谍过家家"),
    ("[Skymoon-Raws] 藥師少女的獨語 / Kusuriya no Hitorigoto - 05 [ViuTV][WEB-DL][CHT][SRT][1080p][AVC AAC]", "Kusuriya no Hitorigoto", "5", "Skymoon-Raws", 1, 1080, None, "藥師少女的獨語"),
    ("[GM-Team][国漫][斗破苍穹 年番][Fights Break Sphere][2022][105][AVC][GB][1080P]", "Fights Break Sphere", "105", "GM-Team", 1, 1080, None, "斗破苍穹 年番"),
    ("[GM-Team][国漫][神印王座][Throne of Seal][2022][95][AVC][GB][1080P]", "Throne of Seal", "95", "GM-Team", 1, 1080, None, "神印王座"),
    ("[c.c动漫][1月新番][迷宫饭][05][BIG5][1080P][MP4]", "迷宫饭", "5", "c.c动漫", 1, 1080, None, None),
    ("[DKB] Kusuriya no Hitorigoto | 薬屋のひとりごと - S01E05 [1080p][HEVC x265 10bit][Multi-Subs][weekly]", "Kusuriya no Hitorigoto", "5", "DKB", 1, 1080, 1, "薬屋のひとりごと"),
    ("[jsum] 薬屋のひとりごと | Kusuriya no Hitorigoto - 05 [1080p]", "Kusuriya no Hitorigoto", "5", "jsum", 1, 1080, None, "薬屋のひとりごと"),
    ("[喵萌Production&LoliHouse] 葬送的芙莉莲 / Sousou no Frieren - 05 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Sousou no Frieren", "5", "喵萌Production&LoliHouse", 1, 1080, None, "葬送的芙莉莲"),
    ("[北宇治字幕组] 葬送的芙莉莲 / Sousou no Frieren [05][WebRip][HEVC_AAC][简繁日内封]", "Sousou no Frieren", "5", "北宇治字幕组", 1, None, None, "葬送的芙莉莲"),
    ("[Sakurato] Kusuriya no Hitorigoto [05][HEVC-10bit 1080p AAC][CHS&CHT].mkv", "Kusuriya no Hitorigoto", "5", "Sakurato", 1, 1080, None, None),
    ("[Sakurato] Sousou no Frieren [05v2][AVC-8bit 1080p AAC][CHT].mp4", "Sousou no Frieren", "5", "Sakurato", 2, 1080, None, None),
    # underscores for spaces, the episode glued to the title by a dash
    ("[Hatsuyuki]_Shingeki_no_Kyojin_-_05_[1280x720][10bit][F5E3A9C8].mkv", "Shingeki no Kyojin", "5", "Hatsuyuki", 1, 720, None, None),
    ("[Kametsu]_Toradora!_-_05_(BD_1080p_Hi10P)_[1B2C3D4E].mkv", "Toradora!", "5", "Kametsu", 1, 1080, None, None),
    ("[gg]_Kami_nomi_zo_Shiru_Sekai_-_05_[2B1D4A7C].mkv", "Kami nomi zo Shiru Sekai", "5", "gg", 1, None, None, None),
    ("[Ryuumaru]_Bleach-205_[5E2A7B9C].avi", "Bleach", "205", "Ryuumaru", 1, None, None, None),
    ("[Ani-Kraze]_Fullmetal_Alchemist_Brotherhood-05_[720p][8F1E2D3C].mp4", "Fullmetal Alchemist Brotherhood", "5", "Ani-Kraze", 1, 720, None, None),
    ("One_Piece-512_[HQ].mp4", "One Piece", "512", None, 1, None, None, None),
    ("[Himatsubushi]_Lucky_Star-05_[H264][ABCD1234].mkv", "Lucky Star", "5", "Himatsubushi", 1, None, None, None),
    ("[Shinsen-Subs]_Tokyo_Magnitude_8.0_-05_[720p][ABCD1234].mkv", "Tokyo Magnitude 8.0", "5", "Shinsen-Subs", 1, 720, None, None),
    ("[Doki]_Kokoro_Connect-05v2_(1280x720_h264_AAC)_[ABCD1234].mkv", "Kokoro Connect", "5", "Doki", 2, 720, None, None),
    ("[FFF]_Ano_Natsu_de_Matteru_-05_[720p][8E2A5C7F].mkv", "Ano Natsu de Matteru", "5", "FFF", 1, 720, None, None),
    ("[Live-eviL]_Higurashi_no_Naku_Koro_ni_Kai-05_[ABCD1234].mkv", "Higurashi no Naku Koro ni Kai", "5", "Live-eviL", 1, None, None, None),
    ("[Static-Subs]_Air_Gear-05_[XviD].avi", "Air Gear", "5", "Static-Subs", 1, None, None, None),
    ("[Chihiro]_Sakurasou_no_Pet_na_Kanojo_-_05_[1280x720_Hi10P_AAC][ABCD1234].mkv", "Sakurasou no Pet na Kanojo", "5", "Chihiro", 1, 720, None, None),
    ("[a4e]_Beck-05_[divx5.1].avi", "Beck", "5", "a4e", 1, None, None, None),
    ("[UTW]_Fate_Zero_-_05_[BD][h264-1080p_FLAC][ABCD1234].mkv", "Fate Zero", "5", "UTW", 1, 1080, None, None),
    ("[Coalgirls]_Clannad_-_05_(1920x1080_Blu-Ray_FLAC)_[ABCD1234].mkv", "Clannad", "5", "Coalgirls", 1, 1080, None, None),
    ("Bleach_-_205_[Dattebayo].avi", "Bleach", "205", "Dattebayo", 1, None, None, None),
    ("[SHS]_Kanokon_-05_[ABCD1234].mkv", "Kanokon", "5", "SHS", 1, None, None, None),
    ("[Mezashite]_Kore_wa_Zombie_Desu_ka-05_[ABCD1234].mkv", "Kore wa Zombie Desu ka", "5", "Mezashite", 1, None, None, None),
    # titles that are numbers, hold numbers or end in a sequel digit
    ("[SubsPlease] 86 - Eighty Six - 20 (1080p) [ABCD1234].mkv", "86 - Eighty Six", "20", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 100-man no Inochi no Ue ni Ore wa Tatteiru - 05 (1080p) [ABCD1234].mkv", "100-man no Inochi no Ue ni Ore wa Tatteiru", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 7th Prince - 05 (1080p) [ABCD1234].mkv", "7th Prince", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Dainanaoji - 05 (1080p) [ABCD1234].mkv", "Dainanaoji", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 2.43 - Seiin Koukou Danshi Volley-bu - 05 (1080p) [ABCD1234].mkv", "2.43 - Seiin Koukou Danshi Volley-bu", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] 3-gatsu no Lion - 05 [1080p].mkv", "3-gatsu no Lion", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] 18if - 05 [720p].mkv", "18if", "5", "HorribleSubs", 1, 720, None, None),
    ("[SubsPlease] Mob Psycho 100 III - 05 (1080p) [ABCD1234].mkv", "Mob Psycho 100 III", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] Mob Psycho 100 S2 - 05 [1080p].mkv", "Mob Psycho 100", "5", "HorribleSubs", 1, 1080, 2, None),
    ("[SubsPlease] Tokyo 7th Sisters - 05 (1080p) [ABCD1234].mkv", "Tokyo 7th Sisters", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] Saenai Heroine no Sodatekata Flat - 05 [1080p].mkv", "Saenai Heroine no Sodatekata Flat", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Gintama' Enchousen - 05 [720p].mkv", "Gintama' Enchousen", "5", "HorribleSubs", 1, 720, None, None),
    ("[HorribleSubs] Overlord III - 05 [1080p].mkv", "Overlord III", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Haikyuu!! S3 - 05 [1080p].mkv", "Haikyuu!!", "5", "HorribleSubs", 1, 1080, 3, None),
    ("[HorribleSubs] Shokugeki no Soma S2 - 05 [720p].mkv", "Shokugeki no Soma", "5", "HorribleSubs", 1, 720, 2, None),
    ("[HorribleSubs] Kaguya-sama wa Kokurasetai S2 - 05 [1080p].mkv", "Kaguya-sama wa Kokurasetai", "5", "HorribleSubs", 1, 1080, 2, None),
    ("[HorribleSubs] Boku no Hero Academia 4 - 05 [1080p].mkv", "Boku no Hero Academia 4", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Tokyo Ghoul re - 05 [1080p].mkv", "Tokyo Ghoul re", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Working!!! - 05 [720p].mkv", "Working!!!", "5", "HorribleSubs", 1, 720, None, None),
    ("[SubsPlease] Ninja Kamui - 05 (1080p) [ABCD1234].mkv", "Ninja Kamui", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Kono Subarashii Sekai ni Shukufuku wo! 3 - 05 (1080p) [ABCD1234].mkv", "Kono Subarashii Sekai ni Shukufuku wo! 3", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Yuru Camp S3 - 05 (1080p) [ABCD1234].mkv", "Yuru Camp", "5", "SubsPlease", 1, 1080, 3, None),
    ("[SubsPlease] 5-toubun no Hanayome - 05 (1080p) [ABCD1234].mkv", "5-toubun no Hanayome", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] Go-toubun no Hanayome S2 - 05 [1080p].mkv", "Go-toubun no Hanayome", "5", "HorribleSubs", 1, 1080, 2, None),
    ("[Erai-raws] 2.5 Dimensional Seduction - 05 [1080p][Multiple Subtitle][ABCD1234]", "2.5 Dimensional Seduction", "5", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Hyakushou Kizoku - 05 (1080p) [ABCD1234].mkv", "Hyakushou Kizoku", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Lv2 kara Cheat datta Motoyuusha Kouho no Mattari Isekai Life - 05 (1080p) [ABCD1234].mkv", "Lv2 kara Cheat datta Motoyuusha Kouho no Mattari Isekai Life", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Level 1 dakedo Unique Skill de Saikyou desu - 05 (1080p) [ABCD1234].mkv", "Level 1 dakedo Unique Skill de Saikyou desu", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Ore dake Level Up na Ken S2 - 05 (1080p) [ABCD1234].mkv", "Ore dake Level Up na Ken", "5", "SubsPlease", 1, 1080, 2, None),
    # extras: creditless openings and endings, OVAs with subtitles of their own
    ("[Judas] Kusuriya no Hitorigoto - NCOP2 [1080p][HEVC x265 10bit][Multi-Subs]", "Kusuriya no Hitorigoto", "2", "Judas", 1, 1080, None, None),
    ("[Judas] Kusuriya no Hitorigoto - NCED1 [1080p][HEVC x265 10bit][Multi-Subs]", "Kusuriya no Hitorigoto", "1", "Judas", 1, 1080, None, None),
    ("[VCB-Studio] Bocchi the Rock! [NCOP][Ma10p_1080p][x265_flac].mkv", "Bocchi the Rock!", "", "VCB-Studio", 1, 1080, None, None),
    ("[VCB-Studio] Bocchi the Rock! [NCED03][Ma10p_1080p][x265_flac].mkv", "Bocchi the Rock!", "3", "VCB-Studio", 1, 1080, None, None),
    ("[VCB-Studio] Made in Abyss [NCED01][Ma10p_1080p][x265_flac].mkv", "Made in Abyss", "1", "VCB-Studio", 1, 1080, None, None),
    ("[Beatrice-Raws] Lycoris Recoil [NCOP] [BDRip 1920x1080 HEVC FLAC].mkv", "Lycoris Recoil", "", "Beatrice-Raws", 1, 1080, None, None),
    ("[Moozzi2] Lycoris Recoil - NCOP (BD 1920x1080 x.264 Flac).mkv", "Lycoris Recoil", "", "Moozzi2", 1, 1080, None, None),
    ("[Moozzi2] Yuru Camp - NCED 03 (BD 1920x1080 x.264 Flac).mkv", "Yuru Camp", "3", "Moozzi2", 1, 1080, None, None),
    ("[Erai-raws] Mahouka Koukou no Rettousei OVA - Yotsuba Keishou-hen [1080p][Multiple Subtitle]", "Mahouka Koukou no Rettousei OVA", "", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Fairy Tail OVA - 05 [720p].mkv", "Fairy Tail OVA", "5", "HorribleSubs", 1, 720, None, None),
    ("[Erai-raws] Tensei shitara Slime Datta Ken OVA - Coleus no Yume [1080p][Multiple Subtitle]", "Tensei shitara Slime Datta Ken OVA", "", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Tensei shitara Slime Datta Ken - Coleus no Yume (1080p) [ABCD1234].mkv", "Tensei shitara Slime Datta Ken - Coleus no Yume", "", "SubsPlease", 1, 1080, None, None),
    ("[Commie] Chuunibyou demo Koi ga Shitai! - 06.5 [BD 720p AAC] [ABCD1234].mkv", "Chuunibyou demo Koi ga Shitai!", "6.5", "Commie", 1, 720, None, None),
    ("[Judas] Vinland Saga - NCOP1 [BD 1080p][HEVC x265 10bit][Dual-Audio][Multi-Subs]", "Vinland Saga", "1", "Judas", 1, 1080, None, None),
    ("[Erai-raws] Isekai Quartet - NCED [1080p][Multiple Subtitle]", "Isekai Quartet", "", "Erai-raws", 1, 1080, None, None),
    # decimal sub-episodes
    ("[SubsPlease] Mushoku Tensei - 11.5 (1080p) [ABCD1234].mkv", "Mushoku Tensei", "11.5", "SubsPlease", 1, 1080, None, None),
    ("[Erai-raws] Kanojo, Okarishimasu - 24.5 [1080p][Multiple Subtitle][ABCD1234]", "Kanojo, Okarishimasu", "24.5", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Tensura Nikki - 12.5 [720p].mkv", "Tensura Nikki", "12.5", "HorribleSubs", 1, 720, None, None),
    ("[SubsPlease] Kingdom S5 - 07.5 (1080p) [ABCD1234].mkv", "Kingdom", "7.5", "SubsPlease", 1, 1080, 5, None),
    ("[ASW] Mushoku Tensei S2 - 00.5 [1080p HEVC x265 10Bit][AAC]", "Mushoku Tensei", "0.5", "ASW", 1, 1080, 2, None),
    # very long daily-style numbering
    ("[SubsPlease] One Piece - 1110 (1080p) [ABCD1234].mkv", "One Piece", "1110", "SubsPlease", 1, 1080, None, None),
    ("[Erai-raws] Detective Conan - 1130v2 [1080p][Multiple Subtitle][ABCD1234]", "Detective Conan", "1130", "Erai-raws", 2, 1080, None, None),
    ("[Ohys-Raws] Sazae-san - 1823 (CX 1280x720 x264 AAC).mp4", "Sazae-san", "1823", "Ohys-Raws", 1, 720, None, None),
    ("[Ohys-Raws] Nintama Rantarou - 1650 (NHK 1280x720 x264 AAC).mp4", "Nintama Rantarou", "1650", "Ohys-Raws", 1, 720, None, None),
    ("[Erai-raws] Wu Shen Zhu Zai - 420 [1080p][Multiple Subtitle]", "Wu Shen Zhu Zai", "420", "Erai-raws", 1, 1080, None, None),
    ("[Erai-raws] Wan Jie Xian Zong - 350 [1080p][Multiple Subtitle]", "Wan Jie Xian Zong", "350", "Erai-raws", 1, 1080, None, None),
    # batch ranges after a number
    ("[SubsPlease] 86 - Eighty Six (01-11) (1080p) [Batch]", "86 - Eighty Six", "1-11", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 7th Time Loop (01-12) (1080p) [Batch]", "7th Time Loop", "1-12", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Mob Psycho 100 III (01-12) (1080p) [Batch]", "Mob Psycho 100 III", "1-12", "SubsPlease", 1, 1080, None, None),
    ("[DB] Boku no Hero Academia 4 01-25 [Dual Audio 10bit BD1080p][HEVC-x265]", "Boku no Hero Academia 4", "1-25", "DB", 1, 1080, None, None),
    ("[DB] Mob Psycho 100 II 01-13 [Dual Audio 10bit BD1080p][HEVC-x265]", "Mob Psycho 100 II", "1-13", "DB", 1, 1080, None, None),
    ("[Judas] Kaguya-sama wa Kokurasetai S2 - 01-12 [BD 1080p][HEVC x265 10bit][Dual-Audio][Multi-Subs]", "Kaguya-sama wa Kokurasetai", "1-12", "Judas", 1, 1080, 2, None),
    ("[Anime Time] Naruto (001-220) [1080p][HEVC 10bit x265][AAC][Multi Sub] [Batch]", "Naruto", "1-220", "Anime Time", 1, 1080, None, None),
    ("[Erai-raws] Kimetsu no Yaiba 3rd Season - 01 ~ 11 [1080p][Multiple Subtitle]", "Kimetsu no Yaiba", "1-11", "Erai-raws", 1, 1080, 3, None),
    ("[HorribleSubs] Steins;Gate 0 (01-23) [1080p]", "Steins;Gate 0", "1-23", "HorribleSubs", 1, 1080, None, None),
    ("[Erai-raws] 22-7 - 01 ~ 12 [1080p][Multiple Subtitle]", "22-7", "1-12", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Kono Subarashii Sekai ni Shukufuku wo! 3 (01-11) (1080p) [Batch]", "Kono Subarashii Sekai ni Shukufuku wo! 3", "1-11", "SubsPlease", 1, 1080, None, None),
    ("[DB] One Punch Man S2 01-12 [Dual Audio 10bit BD1080p][HEVC-x265]", "One Punch Man", "1-12", "DB", 1, 1080, 2, None),
    # season markers inside the title
    ("[SubsPlease] Kanojo, Okarishimasu S3 - 05 (1080p) [ABCD1234].mkv", "Kanojo, Okarishimasu", "5", "SubsPlease", 1, 1080, 3, None),
    ("[SubsPlease] Jujutsu Kaisen S2 - 05 (1080p) [ABCD1234].mkv", "Jujutsu Kaisen", "5", "SubsPlease", 1, 1080, 2, None),
    ("[Erai-raws] Spy x Family Season 2 - 05 [1080p][Multiple Subtitle][ABCD1234]", "Spy x Family", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Kusuriya no Hitorigoto 2nd Season - 05 [1080p][Multiple Subtitle][ABCD1234]", "Kusuriya no Hitorigoto", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Ore dake Level Up na Ken Season 2 - 05 [1080p][Multiple Subtitle][ABCD1234]", "Ore dake Level Up na Ken", "5", "Erai-raws", 1, 1080, 2, None),
    ("[ASW] Jujutsu Kaisen S2 - 05 [1080p HEVC x265 10Bit][AAC]", "Jujutsu Kaisen", "5", "ASW", 1, 1080, 2, None),
    ("[Sakurato] Oshi no Ko Season 2 [05][AVC-8bit 1080p AAC][CHS].mp4", "Oshi no Ko", "5", "Sakurato", 1, 1080, 2, None),
    ("[Sakurato] Mushoku Tensei II [05][HEVC-10bit 1080p AAC][CHS&CHT].mkv", "Mushoku Tensei II", "5", "Sakurato", 1, 1080, None, None),
    ("[HorribleSubs] Yahari Ore no Seishun Love Comedy wa Machigatteiru Zoku - 05 [720p].mkv", "Yahari Ore no Seishun Love Comedy wa Machigatteiru Zoku", "5", "HorribleSubs", 1, 720, None, None),
    ("[Erai-raws] Tate no Yuusha no Nariagari Season 3 - 05 [1080p][Multiple Subtitle][ABCD1234]", "Tate no Yuusha no Nariagari", "5", "Erai-raws", 1, 1080, 3, None),
    ("[Judas] Vinland Saga S2 - 05 [1080p][HEVC x265 10bit][Multi-Subs]", "Vinland Saga", "5", "Judas", 1, 1080, 2, None),
    # everyday names from the big groups
    ("[Leopard-Raws] Kusuriya no Hitorigoto - 05 RAW (NTV 1280x720 x264 AAC).mp4", "Kusuriya no Hitorigoto", "5", "Leopard-Raws", 1, 720, None, None),
    ("[Ohys-Raws] Dungeon Meshi - 05 (TBS 1280x720 x264 AAC).mp4", "Dungeon Meshi", "5", "Ohys-Raws", 1, 720, None, None),
    ("[Moozzi2] Bocchi the Rock! - 05 (BD 1920x1080 x.264 FLACx2).mkv", "Bocchi the Rock!", "5", "Moozzi2", 1, 1080, None, None),
    ("[Commie] Hyouka - 05v2 [BD 720p AAC] [ABCD1234].mkv", "Hyouka", "5", "Commie", 2, 720, None, None),
    ("[SubsPlease] Dandadan - 05v2 (1080p) [ABCD1234].mkv", "Dandadan", "5", "SubsPlease", 2, 1080, None, None),
    ("[Erai-raws] Sousou no Frieren - 05v3 [1080p][Multiple Subtitle][ABCD1234]", "Sousou no Frieren", "5", "Erai-raws", 3, 1080, None, None),
    ("[HorribleSubs] Dororo - 05 [v2][1080p].mkv", "Dororo", "5", "HorribleSubs", 2, 1080, None, None),
    ("[Hatsuyuki]_Kimi_ni_Todoke_-_05v2_[1280x720][10bit][ABCD1234].mkv", "Kimi ni Todoke", "5", "Hatsuyuki", 2, 720, None, None),
    ("Sousou no Frieren S01E05 VOSTFR 1080p WEB x264 AAC -Tsundere-Raws (CR)", "Sousou no Frieren", "5", "Tsundere-Raws", 1, 1080, 1, None),
    ("[VCB-Studio] Bocchi the Rock! [Ma10p_1080p]", "Bocchi the Rock!", "", "VCB-Studio", 1, 1080, None, None),
    ("[Ohys-Raws] Oshi no Ko - 05 (TX 1280x720 x264 AAC).mp4", "Oshi no Ko", "5", "Ohys-Raws", 1, 720, None, None),
    ("[Judas] Dungeon Meshi - S01E05v2 [1080p][HEVC x265 10bit][Multi-Subs]", "Dungeon Meshi", "5", "Judas", 2, 1080, 1, None),
    # more of each kind
    ("[NC-Raws] 间谍过家家 第二季 / Spy x Family Season 2 - 05 (B-Global 1920x1080 HEVC AAC MKV)", "Spy x Family", "5", "NC-Raws", 1, 1080, 2, "间谍过家家"),
    ("[Lilith-Raws] Kusuriya no Hitorigoto / 藥師少女的獨語 - 05 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Kusuriya no Hitorigoto", "5", "Lilith-Raws", 1, 1080, None, "藥師少女的獨語"),
    ("[桜都字幕组][间谍过家家 / SPY×FAMILY][05][1080P][简繁内封]", "SPY×FAMILY", "5", "桜都字幕组", 1, 1080, None, "间谍过家家"),
    ("【喵萌奶茶屋】★10月新番★[葬送的芙莉莲 / Sousou no Frieren][05][1080p][简日双语]", "Sousou no Frieren", "5", "喵萌奶茶屋", 1, 1080, None, "葬送的芙莉莲"),
    ("[Up to 21°C] 葬送的芙莉莲 / Sousou no Frieren - 05 (CR 1920x1080 AVC AAC MKV)", "Sousou no Frieren", "5", "Up to 21°C", 1, 1080, None, "葬送的芙莉莲"),
    ("[SweetSub] 孤独摇滚！ / Bocchi the Rock! [05][WebRip][1080P][AVC 8bit][简日双语]", "Bocchi the Rock!", "5", "SweetSub", 1, 1080, None, "孤独摇滚！"),
    ("[ANi] Kusuriya no Hitorigoto - 藥師少女的獨語 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Kusuriya no Hitorigoto", "5", "ANi", 1, 1080, None, "藥師少女的獨語"),
    ("[Billion Meta Lab] 葬送的芙莉莲 Sousou no Frieren [05][1080][CHS]", "Sousou no Frieren", "5", "Billion Meta Lab", 1, 1080, None, "葬送的芙莉莲"),
    ("[ANi] Dungeon Meshi - 迷宮飯 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Dungeon Meshi", "5", "ANi", 1, 1080, None, "迷宮飯"),
    ("[Erai-raws] Dungeon Meshi | 迷宮飯 - 05 [1080p][Multiple Subtitle]", "Dungeon Meshi", "5", "Erai-raws", 1, 1080, None, "迷宮飯"),
    ("[Anime-Koi]_Kimi_ni_Todoke_-_05_[h264-720p][ABCD1234].mkv", "Kimi ni Todoke", "5", "Anime-Koi", 1, 720, None, None),
    ("Tokyo_Ghoul_-_05_[Commie].mkv", "Tokyo Ghoul", "5", "Commie", 1, None, None, None),
    ("[Hiryuu]_Asobi_ni_Iku_yo!-05_[720p][ABCD1234].mkv", "Asobi ni Iku yo!", "5", "Hiryuu", 1, 720, None, None),
    ("[Hiryuu]_Kore_wa_Zombie_Desu_ka-05v2_[720p][ABCD1234].mkv", "Kore wa Zombie Desu ka", "5", "Hiryuu", 2, 720, None, None),
    ("[Zero-Raws]_Re-Kan!-05_(MX_1280x720_x264_AAC).mp4", "Re-Kan!", "5", "Zero-Raws", 1, 720, None, None),
    ("[SubsPlease] 91 Days - 05 (1080p) [ABCD1234].mkv", "91 Days", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 4-nin wa Sorezore Uso wo Tsuku - 05 (1080p) [ABCD1234].mkv", "4-nin wa Sorezore Uso wo Tsuku", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Dungeon ni Deai wo Motomeru no wa Machigatteiru Darou ka V - 05 (1080p) [ABCD1234].mkv", "Dungeon ni Deai wo Motomeru no wa Machigatteiru Darou ka V", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Uma Musume - Pretty Derby S3 - 05 (1080p) [ABCD1234].mkv", "Uma Musume - Pretty Derby", "5", "SubsPlease", 1, 1080, 3, None),
    ("[SubsPlease] Bleach - Sennen Kessen-hen - Soukoku-tan - 05 (1080p) [ABCD1234].mkv", "Bleach - Sennen Kessen-hen - Soukoku-tan", "5", "SubsPlease", 1, 1080, None, None),
    ("[Erai-raws] Tokyo Ghoul:re 2nd Season - 05 [1080p][Multiple Subtitle]", "Tokyo Ghoul:re", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Sword Art Online II - 05 [1080p]", "Sword Art Online II", "5", "Erai-raws", 1, 1080, None, None),
    ("[Erai-raws] Kusuriya no Hitorigoto - Creditless OP [1080p][Multiple Subtitle]", "Kusuriya no Hitorigoto", "", "Erai-raws", 1, 1080, None, None),
    ("[Erai-raws] Kusuriya no Hitorigoto - Creditless ED 2 [1080p][Multiple Subtitle]", "Kusuriya no Hitorigoto", "2", "Erai-raws", 1, 1080, None, None),
    ("[Judas] Jujutsu Kaisen - OP2 [1080p][HEVC x265 10bit][Multi-Subs]", "Jujutsu Kaisen", "2", "Judas", 1, 1080, None, None),
    ("[Judas] Jujutsu Kaisen - ED1 [1080p][HEVC x265 10bit][Multi-Subs]", "Jujutsu Kaisen", "1", "Judas", 1, 1080, None, None),
    ("[Erai-raws] Oshi no Ko OVA - 01 [1080p][Multiple Subtitle]", "Oshi no Ko OVA", "1", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Kono Subarashii Sekai ni Shukufuku wo! OVA - Kono Subarashii Choker ni Shukufuku wo! [1080p].mkv", "Kono Subarashii Sekai ni Shukufuku wo! OVA", "", "HorribleSubs", 1, 1080, None, None),
    ("[Erai-raws] Isekai Ojisan - 13.5v2 [1080p][Multiple Subtitle]", "Isekai Ojisan", "13.5", "Erai-raws", 2, 1080, None, None),
    ("[Sakurato] Isekai Ojisan [12.5][AVC-8bit 1080p AAC][CHS].mp4", "Isekai Ojisan", "12.5", "Sakurato", 1, 1080, None, None),
    ("[Ohys-Raws] Nintama Rantarou - 2001 (NHK 1280x720 x264 AAC).mp4", "Nintama Rantarou", "2001", "Ohys-Raws", 1, 720, None, None),
    ("[Ohys-Raws] Sazae-san - 2034 (CX 1280x720 x264 AAC).mp4", "Sazae-san", "2034", "Ohys-Raws", 1, 720, None, None),
    ("[Erai-raws] Ojarumaru - 1998 [1080p][Multiple Subtitle]", "Ojarumaru", "1998", "Erai-raws", 1, 1080, None, None),
    ("[DB] 86 01-23 [Dual Audio 10bit BD1080p][HEVC-x265]", "86", "1-23", "DB", 1, 1080, None, None),
    ("[DB] Kaguya-sama 2 01-12 [Dual Audio 10bit BD1080p][HEVC-x265]", "Kaguya-sama 2", "1-12", "DB", 1, 1080, None, None),
    ("[Erai-raws] Mob Psycho 100 II - 01 ~ 13 [1080p][Multiple Subtitle]", "Mob Psycho 100 II", "1-13", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Uma Musume - Pretty Derby S3 (01-13) (1080p) [Batch]", "Uma Musume - Pretty Derby", "1-13", "SubsPlease", 1, 1080, 3, None),
    ("[SubsPlease] Oshi no Ko S2 (01-13) (1080p) [Batch]", "Oshi no Ko", "1-13", "SubsPlease", 1, 1080, 2, None),
    ("[Erai-raws] Kimetsu no Yaiba Second Season - 05 [1080p]", "Kimetsu no Yaiba", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Judas] Boku no Hero Academia (Season 6) - 05 [1080p][HEVC x265 10bit][Multi-Subs]", "Boku no Hero Academia", "5", "Judas", 1, 1080, 6, None),
    ("[SubsPlease] Boku no Hero Academia S7 - 05 (1080p) [ABCD1234].mkv", "Boku no Hero Academia", "5", "SubsPlease", 1, 1080, 7, None),
    ("[Erai-raws] Dr. Stone - New World 2nd Season - 05 [1080p]", "Dr. Stone - New World", "5", "Erai-raws", 1, 1080, 2, None),
    ("[ToonsHub] 【推しの子】 S02E05 1080p HIDI WEB-DL AAC2.0 H.264 (Oshi no Ko, Multi-Subs)", "推しの子", "5", "ToonsHub", 1, 1080, 2, None),
    ("[SubsPlease] Oshi no Ko - 05 (1080p) [ABCD1234].mkv", "Oshi no Ko", "5", "SubsPlease", 1, 1080, None, None),
    ("[Judas] Kimetsu no Yaiba - S04E07.5 [1080p][HEVC x265 10bit][Multi-Subs]", "Kimetsu no Yaiba", "7.5", "Judas", 1, 1080, 4, None),
    ("[Erai-raws] Vinland Saga - NC ED 2 [1080p][Multiple Subtitle]", "Vinland Saga", "2", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Toaru Majutsu no Index OVA 2 - Index-tan [720p].mkv", "Toaru Majutsu no Index OVA", "2", "HorribleSubs", 1, 720, None, None),
    ("[LoliHouse] 我推的孩子 第二季 / Oshi no Ko 2nd Season - 05 [WebRip 1080p HEVC-10bit AAC][简繁内封字幕]", "Oshi no Ko", "5", "LoliHouse", 1, 1080, 2, "我推的孩子"),
    ("[ANi] 我推的孩子 第二季 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "我推的孩子", "5", "ANi", 1, 1080, 2, None),
    ("[Erai-raws] Detective Conan - 1000-1010 [1080p][Multiple Subtitle]", "Detective Conan", "1000-1010", "Erai-raws", 1, 1080, None, None),
    ("[DB] Hibike! Euphonium 3 01-13 [Dual Audio 10bit BD1080p][HEVC-x265]", "Hibike! Euphonium 3", "1-13", "DB", 1, 1080, None, None),
    ("[SubsPlease] Maou 2099 - 05 (1080p) [ABCD1234].mkv", "Maou 2099", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 3-gatsu no Lion S2 - 05 (1080p) [ABCD1234].mkv", "3-gatsu no Lion", "5", "SubsPlease", 1, 1080, 2, None),
    ("[NC-Raws] 葬送的芙莉蓮 / Frieren: Beyond Journey's End - 05 (Baha 1920x1080 AVC AAC MP4)", "Frieren: Beyond Journey's End", "5", "NC-Raws", 1, 1080, None, "葬送的芙莉蓮"),
    ("[Haruhana] Sousou no Frieren - 葬送のフリーレン - 05 [WebRip][HEVC-10bit 1080p][CHI_JPN]", "Sousou no Frieren", "5", "Haruhana", 1, 1080, None, "葬送のフリーレン"),
    ("[Skymoon-Raws][One Piece 海賊王][1089][ViuTV][WEB-DL][CHT][1080p][AVC AAC]", "One Piece", "1089", "Skymoon-Raws", 1, 1080, None, "海賊王"),
    ("[GM-Team][国漫][仙逆][Renegade Immortal][2023][38][AVC][GB][1080P]", "Renegade Immortal", "38", "GM-Team", 1, 1080, None, "仙逆"),
    ("[Billion Meta Lab] 魔法少女小圆 Puella Magi Madoka Magica [01][1080P][HEVC 10bit][CHS&CHT]", "Puella Magi Madoka Magica", "1", "Billion Meta Lab", 1, 1080, None, "魔法少女小圆"),
    ("【极影字幕社】★4月新番 【我推的孩子】【Oshi no Ko】【05】GB MP4_720P", "Oshi no Ko", "5", "极影字幕社", 1, 720, None, "我推的孩子"),
    ("[Lilith-Raws] Oshi no Ko S2 / 我推的孩子 第二季 - 05 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Oshi no Ko", "5", "Lilith-Raws", 1, 1080, 2, "我推的孩子"),
    ("[SweetSub][葬送的芙莉莲][Sousou no Frieren][05][WebRip][1080P][AVC 8bit][简日双语]", "Sousou no Frieren", "5", "SweetSub", 1, 1080, None, "葬送的芙莉莲"),
    ("[Exiled-Destiny]_Code_Geass_R2_Ep05_(ABCD1234).mkv", "Code Geass R2", "5", "Exiled-Destiny", 1, None, None, None),
    ("[NoobSubs]_Yu-Gi-Oh!_Zexal_-_05_[720p][ABCD1234].mkv", "Yu-Gi-Oh! Zexal", "5", "NoobSubs", 1, 720, None, None),
    ("Gintama_-_205_[Ryuumaru].avi", "Gintama", "205", "Ryuumaru", 1, None, None, None),
    ("[Kira-Fansub]_Nisekoi-05_(1280x720_H264_AAC)_[ABCD1234].mkv", "Nisekoi", "5", "Kira-Fansub", 1, 720, None, None),
    ("[SFW]_Higurashi_no_Naku_Koro_ni_Kai-05v2_[XviD].avi", "Higurashi no Naku Koro ni Kai", "5", "SFW", 2, None, None, None),
    ("[Erai-raws] 30-sai made Doutei dato Mahoutsukai ni Nareru Rashii - 05 [1080p]", "30-sai made Doutei dato Mahoutsukai ni Nareru Rashii", "5", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] 11eyes - 05 [720p].mkv", "11eyes", "5", "HorribleSubs", 1, 720, None, None),
    ("[SubsPlease] Mushoku Tensei S2 - 00 (1080p) [ABCD1234].mkv", "Mushoku Tensei", "0", "SubsPlease", 1, 1080, 2, None),
    ("[HorribleSubs] Nanatsu no Taizai OVA - Seisen no Shirushi - 01 [720p].mkv", "Nanatsu no Taizai OVA", "1", "HorribleSubs", 1, 720, None, None),
    ("[Erai-raws] 86 - Eighty Six Part 2 - 01 ~ 12 [1080p][Multiple Subtitle]", "86 - Eighty Six Part 2", "1-12", "Erai-raws", 1, 1080, None, None),
    ("[DB] Steins;Gate 0 01-23 [Dual Audio 10bit BD1080p][HEVC-x265]", "Steins;Gate 0", "1-23", "DB", 1, 1080, None, None),
    ("[Erai-raws] Kimetsu no Yaiba - S3 - 05 [1080p]", "Kimetsu no Yaiba", "5", "Erai-raws", 1, 1080, 3, None),
    ("Mob.Psycho.100.S03.1080p.BluRay.x264-GROUP", "Mob Psycho 100", "", "GROUP", 1, 1080, 3, None),
    ("[Erai-raws] Spy x Family Saison 2 - 05 VOSTFR [1080p]", "Spy x Family", "5", "Erai-raws", 1, 1080, 2, None),
    ("Dungeon.Meshi.S01E12.5.1080p.WEB.H264-GROUP", "Dungeon Meshi", "12.5", "GROUP", 1, 1080, 1, None),
    ("[Erai-raws] Kusuriya no Hitorigoto 2nd Season - 01 ~ 24 [1080p]", "Kusuriya no Hitorigoto", "1-24", "Erai-raws", 1, 1080, 2, None),
    ("[Kawaiika-Raws] Sousou no Frieren (葬送のフリーレン) - 05 [1080p][WEB-DL]", "Sousou no Frieren", "5", "Kawaiika-Raws", 1, 1080, None, "葬送のフリーレン"),
    ("[Kawaiika-Raws] 薬屋のひとりごと (Kusuriya no Hitorigoto) - 05 [1080p][WEB-DL]", "Kusuriya no Hitorigoto", "5", "Kawaiika-Raws", 1, 1080, None, "薬屋のひとりごと"),
    ("[DBD-Raws][葬送的芙莉莲/Sousou no Frieren][05][1080P][BDRip][HEVC-10bit][简繁外挂][FLAC][MKV]", "Sousou no Frieren", "5", "DBD-Raws", 1, 1080, None, "葬送的芙莉莲"),
    ("[豌豆字幕组&LoliHouse] 葬送的芙莉莲／Sousou no Frieren - 05 [WebRip 1080p HEVC-10bit AAC][简繁外挂字幕]", "Sousou no Frieren", "5", "豌豆字幕组&LoliHouse", 1, 1080, None, "葬送的芙莉莲"),
    ("[jsum] 薬屋のひとりごと｜Kusuriya no Hitorigoto - 05 [1080p]", "Kusuriya no Hitorigoto", "5", "jsum", 1, 1080, None, "薬屋のひとりごと"),
    ("[Nekomoe kissaten][Kusuriya no Hitorigoto][05][1080p][JPSC]", "Kusuriya no Hitorigoto", "5", "Nekomoe kissaten", 1, 1080, None, None),
    ("[ANi] Kaiju No. 8 - 怪獸8號 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Kaiju No. 8", "5", "ANi", 1, 1080, None, "怪獸8號"),
    ("[NC-Raws] 我推的孩子 / Oshi no Ko - 05 (B-Global 3840x2160 HEVC AAC MKV)", "Oshi no Ko", "5", "NC-Raws", 1, 2160, None, "我推的孩子"),
    ("[Erai-raws] Oshi no Ko - Season 2 - 05 [1080p][Multiple Subtitle]", "Oshi no Ko", "5", "Erai-raws", 1, 1080, 2, None),
    ("[SubsPlease] Oshi no Ko 第2期 - 05 (1080p) [ABCD1234].mkv", "Oshi no Ko", "5", "SubsPlease", 1, 1080, 2, None),
    ("[Judas] Oshi no Ko - S2 [1080p][HEVC x265 10bit][Multi-Subs] (Batch)", "Oshi no Ko", "", "Judas", 1, 1080, 2, None),
]
# fmt: on


def episode_spec(parsed: ParsedRelease) -> str:
    """The episodes in the table's spelling: "5", "1-12", "11.5" or ""."""
    episodes = parsed.episodes
    if not episodes:
        return ""
    if len(episodes) > 1:
        return f"{episodes[0]}-{episodes[-1]}"
    suffix = (
        parsed.episode_suffix if parsed.episode_suffix and parsed.episode_suffix[0] == "." else ""
    )
    return f"{episodes[0]}{suffix}"


def _normal_spec(spec: str) -> str:
    """ "05" and "5" name one episode; "0.5" keeps its zero."""
    head, dot, tail = spec.partition(".")
    if "-" in head:
        first, _, last = head.partition("-")
        return f"{int(first)}-{int(last)}"
    return f"{int(head)}{dot}{tail}" if head else ""


def check_row(parsed: ParsedRelease, row: Row) -> dict[str, bool]:
    """Scored field -> whether the parse agrees with the row."""
    _, title, episodes, group, version, resolution, _, _ = row
    return {
        "title": parsed.title == title,
        "episode": episode_spec(parsed) == _normal_spec(episodes),
        "group": parsed.group == group,
        "version": parsed.version == version,
        "resolution": parsed.resolution == resolution,
    }


def field_scores(
    parse_one: Callable[[str], ParsedRelease], rows: Iterable[Row]
) -> dict[str, float]:
    """Field -> share of rows the parser gets right, and "all" for the fields together."""
    counts = dict.fromkeys(SCORED, 0)
    total = 0
    for row in rows:
        total += 1
        for field, ok in check_row(parse_one(row[0]), row).items():
            counts[field] += ok
    scores = {field: counts[field] / max(total, 1) for field in SCORED}
    scores["all"] = sum(counts.values()) / max(total * len(SCORED), 1)
    return scores
