# ruff: noqa: E501  (one name per line, as Nyaa shows them)
"""Real release names of the hard kinds, kept out of parser work, to tell how the parser does
on names it was not built on. Nothing in the parser was changed to suit a row here.

HELD_OUT was written before the parser was changed for these kinds; HELD_OUT_LATE after that
work, as a second check, and scored once. Its one miss, "Dr. STONE 新石紀 科學未來" (a Latin and
a CJK name side by side with nothing between), is left as it is: the Anitomy tables keep such
a pair whole as the title ("Mobile Suit Gundam The Witch from Mercury 機動戦士ガンダム 水星の魔女").

Same columns as real_names.DEV: name, title, episodes ("5", "1-12", "11.5" or ""), group,
version, resolution, season, alternative title (None when the name gives none).
"""

from __future__ import annotations

from tests.unit.releases.real_names import Row

# fmt: off
HELD_OUT: list[Row] = [
    # a CJK title and a Latin one side by side
    ("[Lilith-Raws] 我推的孩子 / Oshi no Ko - 05 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Oshi no Ko", "5", "Lilith-Raws", 1, 1080, None, "我推的孩子"),
    ("[ANi] Frieren - 葬送的芙莉蓮 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Frieren", "5", "ANi", 1, 1080, None, "葬送的芙莉蓮"),
    ("[ANi] 我推的孩子 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "我推的孩子", "5", "ANi", 1, 1080, None, None),
    ("[桜都字幕组] 间谍过家家 / Spy x Family [05][1080p][简繁内封]", "Spy x Family", "5", "桜都字幕组", 1, 1080, None, "间谍过家家"),
    ("[SweetSub&LoliHouse] 孤独摇滚！/ Bocchi the Rock! - 05 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Bocchi the Rock!", "5", "SweetSub&LoliHouse", 1, 1080, None, "孤独摇滚！"),
    ("[LoliHouse] 葬送的芙莉莲 / Sousou no Frieren - 05 [WebRip 1080p HEVC-10bit AAC][简繁内封字幕]", "Sousou no Frieren", "5", "LoliHouse", 1, 1080, None, "葬送的芙莉莲"),
    ("【幻樱字幕组】【4月新番】【鬼灭之刃 锻刀村篇 Kimetsu no Yaiba Katanakaji no Sato Hen】【05】【BIG5_MP4】【1920X1080】", "Kimetsu no Yaiba Katanakaji no Sato Hen", "5", "幻樱字幕组", 1, 1080, None, "鬼灭之刃 锻刀村篇"),
    ("[MingY] 间谍过家家 / SPY×FAMILY [05][1080p][CHS&JPN]", "SPY×FAMILY", "5", "MingY", 1, 1080, None, "间谍过家家"),
    ("[爱恋字幕社][4月新番][我推的孩子][Oshi no Ko][05][1080p][MP4][GB][简中]", "Oshi no Ko", "5", "爱恋字幕社", 1, 1080, None, "我推的孩子"),
    ("[织梦字幕组][间谍过家家 SPY×FAMILY][05集][1080P][AVC][简日双语]", "SPY×FAMILY", "5", "织梦字幕组", 1, 1080, None, "间谍过家家"),
    ("[Skymoon-Raws] 葬送的芙莉蓮 / Sousou no Frieren - 05 [ViuTV][WEB-DL][CHT][SRT][1080p][AVC AAC]", "Sousou no Frieren", "5", "Skymoon-Raws", 1, 1080, None, "葬送的芙莉蓮"),
    ("[NC-Raws] 间谍过家家 / Spy x Family - 17 (B-Global 1920x1080 HEVC AAC MKV)", "Spy x Family", "17", "NC-Raws", 1, 1080, None, "间谍过家家"),
    ("[c.c动漫][4月新番][我推的孩子][05][BIG5][1080P][MP4]", "我推的孩子", "5", "c.c动漫", 1, 1080, None, None),
    ("[GM-Team][国漫][完美世界][Perfect World][2021][112][AVC][GB][1080P]", "Perfect World", "112", "GM-Team", 1, 1080, None, "完美世界"),
    ("[Erai-raws] Sousou no Frieren | 葬送のフリーレン - 05 [1080p][Multiple Subtitle][ABCD1234]", "Sousou no Frieren", "5", "Erai-raws", 1, 1080, None, "葬送のフリーレン"),
    ("[jsum] 葬送のフリーレン | Sousou no Frieren - 05 [1080p]", "Sousou no Frieren", "5", "jsum", 1, 1080, None, "葬送のフリーレン"),
    ("[喵萌Production&LoliHouse] 药屋少女的呢喃 / Kusuriya no Hitorigoto - 05 [WebRip 1080p HEVC-10bit AAC][简繁日内封字幕]", "Kusuriya no Hitorigoto", "5", "喵萌Production&LoliHouse", 1, 1080, None, "药屋少女的呢喃"),
    ("[Nekomoe kissaten&LoliHouse] Kusuriya no Hitorigoto - 05 [WebRip 1080p HEVC-10bit AAC ASSx2].mkv", "Kusuriya no Hitorigoto", "5", "Nekomoe kissaten&LoliHouse", 1, 1080, None, None),
    # underscores for spaces, the episode glued to the title by a dash
    ("[Hatsuyuki]_Kuroko_no_Basket_2nd_Season_-_05_[1280x720][10bit][F5E3A9C8].mkv", "Kuroko no Basket", "5", "Hatsuyuki", 1, 720, 2, None),
    ("[Kametsu]_Steins;Gate_-_05_(BD_1080p_Hi10P)_[9A2C5E74].mkv", "Steins;Gate", "5", "Kametsu", 1, 1080, None, None),
    ("[gg]_Hyouka_-_05_[2B1D4A7C].mkv", "Hyouka", "5", "gg", 1, None, None, None),
    ("[Ryuumaru]_Shaman_King-05_[5E2A7B9C].avi", "Shaman King", "5", "Ryuumaru", 1, None, None, None),
    ("[Ani-Kraze]_Fairy_Tail-101_[576p][8F1E2D3C].mp4", "Fairy Tail", "101", "Ani-Kraze", 1, 576, None, None),
    ("Naruto_Shippuuden-187_[HQ].mp4", "Naruto Shippuuden", "187", None, 1, None, None, None),
    ("[Himatsubushi]_Clannad_After_Story-05_[H264][ABCD1234].mkv", "Clannad After Story", "5", "Himatsubushi", 1, None, None, None),
    ("[Shinsen-Subs]_Asobi_ni_Iku_yo!_-05_[720p][ABCD1234].mkv", "Asobi ni Iku yo!", "5", "Shinsen-Subs", 1, 720, None, None),
    ("[Doki]_Yuru_Yuri-05v2_(1280x720_h264_AAC)_[ABCD1234].mkv", "Yuru Yuri", "5", "Doki", 2, 720, None, None),
    ("[FFF]_Mirai_Nikki_-05_[720p][8E2A5C7F].mkv", "Mirai Nikki", "5", "FFF", 1, 720, None, None),
    # titles that are numbers, hold numbers or end in a sequel digit
    ("[SubsPlease] 2.5-jigen no Ririsa - 05 (1080p) [ABCD1234].mkv", "2.5-jigen no Ririsa", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Kaijuu 8-gou - 05 (1080p) [ABCD1234].mkv", "Kaijuu 8-gou", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 7th Time Loop - 05 (1080p) [ABCD1234].mkv", "7th Time Loop", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] 22-7 - 05 [1080p].mkv", "22-7", "5", "HorribleSubs", 1, 1080, None, None),
    ("[SubsPlease] 16bit Sensation - Another Layer - 05 (1080p) [ABCD1234].mkv", "16bit Sensation - Another Layer", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Tokyo 24-ku - 05 (1080p) [ABCD1234].mkv", "Tokyo 24-ku", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Sword Art Online Alternative - Gun Gale Online II - 05 (1080p) [ABCD1234].mkv", "Sword Art Online Alternative - Gun Gale Online II", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] Danganronpa 3 - Despair Arc - 05 [720p].mkv", "Danganronpa 3 - Despair Arc", "5", "HorribleSubs", 1, 720, None, None),
    ("[HorribleSubs] Boku no Hero Academia 3 - 05 [1080p].mkv", "Boku no Hero Academia 3", "5", "HorribleSubs", 1, 1080, None, None),
    ("[SubsPlease] Zom 100 - Zombie ni Naru made ni Shitai 100 no Koto - 05 (1080p) [ABCD1234].mkv", "Zom 100 - Zombie ni Naru made ni Shitai 100 no Koto", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Kimi no Koto ga Daidaidaidaidaisuki na 100-nin no Kanojo - 05 (1080p) [ABCD1234].mkv", "Kimi no Koto ga Daidaidaidaidaisuki na 100-nin no Kanojo", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] Steins;Gate 0 - 05 [1080p].mkv", "Steins;Gate 0", "5", "HorribleSubs", 1, 1080, None, None),
    ("[Erai-raws] 86 - Eighty Six - 01 ~ 11 [1080p][Multiple Subtitle]", "86 - Eighty Six", "1-11", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Mob Psycho 100 III - 05v2 (1080p) [ABCD1234].mkv", "Mob Psycho 100 III", "5", "SubsPlease", 2, 1080, None, None),
    # extras: creditless openings and endings, OVAs with subtitles of their own
    ("[Judas] Sousou no Frieren - NCOP1 [1080p][HEVC x265 10bit][Multi-Subs]", "Sousou no Frieren", "1", "Judas", 1, 1080, None, None),
    ("[VCB-Studio] Yuru Camp [NCOP][Ma10p_1080p][x265_flac].mkv", "Yuru Camp", "", "VCB-Studio", 1, 1080, None, None),
    ("[VCB-Studio] Yuru Camp [NCED02][Ma10p_1080p][x265_flac].mkv", "Yuru Camp", "2", "VCB-Studio", 1, 1080, None, None),
    ("[Beatrice-Raws] Violet Evergarden [NCED] [BDRip 1920x1080 HEVC FLAC].mkv", "Violet Evergarden", "", "Beatrice-Raws", 1, 1080, None, None),
    ("[Erai-raws] Kaguya-sama wa Kokurasetai OVA - Kaguya-sama wa Tsutaetai [1080p][Multiple Subtitle]", "Kaguya-sama wa Kokurasetai OVA", "", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Shingeki no Kyojin OVA - 05 [720p].mkv", "Shingeki no Kyojin OVA", "5", "HorribleSubs", 1, 720, None, None),
    ("[Moozzi2] Bocchi the Rock! - NCED 02 (BD 1920x1080 x.264 Flac).mkv", "Bocchi the Rock!", "2", "Moozzi2", 1, 1080, None, None),
    ("[Commie] Hyouka - 11.5 [BD 720p AAC] [ABCD1234].mkv", "Hyouka", "11.5", "Commie", 1, 720, None, None),
    # decimal sub-episodes
    ("[SubsPlease] Tensei shitara Slime Datta Ken - 24.5 (1080p) [ABCD1234].mkv", "Tensei shitara Slime Datta Ken", "24.5", "SubsPlease", 1, 1080, None, None),
    ("[Erai-raws] Isekai Ojisan - 13.5 [1080p][Multiple Subtitle][ABCD1234]", "Isekai Ojisan", "13.5", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Kemono Friends - 12.1 [720p].mkv", "Kemono Friends", "12.1", "HorribleSubs", 1, 720, None, None),
    # very long daily-style numbering
    ("[Erai-raws] Detective Conan - 1125 [1080p][Multiple Subtitle][ABCD1234]", "Detective Conan", "1125", "Erai-raws", 1, 1080, None, None),
    ("[Ohys-Raws] Chibi Maruko-chan - 1420 (CX 1280x720 x264 AAC).mp4", "Chibi Maruko-chan", "1420", "Ohys-Raws", 1, 720, None, None),
    ("[GM-Team][国漫][斗罗大陆][Douro Mainland][2019][265][AVC][GB][1080P]", "Douro Mainland", "265", "GM-Team", 1, 1080, None, "斗罗大陆"),
    ("[Erai-raws] Doupo Cangqiong Nian Fan - 105 [1080p][Multiple Subtitle]", "Doupo Cangqiong Nian Fan", "105", "Erai-raws", 1, 1080, None, None),
    # batch ranges after a number
    ("[SubsPlease] Kaijuu 8-gou (01-12) (1080p) [Batch]", "Kaijuu 8-gou", "1-12", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] 2.5-jigen no Ririsa (01-24) (1080p) [Batch]", "2.5-jigen no Ririsa", "1-24", "SubsPlease", 1, 1080, None, None),
    ("[DB] Hunter x Hunter (2011) 001-148 [Dual Audio 10bit BD1080p][HEVC-x265]", "Hunter x Hunter", "1-148", "DB", 1, 1080, None, None),
    ("[Judas] Mob Psycho 100 S2 - 01-13 [BD 1080p][HEVC x265 10bit][Dual-Audio][Multi-Subs]", "Mob Psycho 100", "1-13", "Judas", 1, 1080, 2, None),
    ("[Anime Time] Black Clover (001-170) [1080p][HEVC 10bit x265][AAC][Multi Sub] [Batch]", "Black Clover", "1-170", "Anime Time", 1, 1080, None, None),
    ("[Erai-raws] Boku no Hero Academia 6th Season - 01 ~ 25 [1080p][Multiple Subtitle]", "Boku no Hero Academia", "1-25", "Erai-raws", 1, 1080, 6, None),
    # season markers inside the title
    ("[SubsPlease] Dr. Stone S3 - 05 (1080p) [ABCD1234].mkv", "Dr. Stone", "5", "SubsPlease", 1, 1080, 3, None),
    ("[SubsPlease] Tsuki ga Michibiku Isekai Douchuu S2 - 05 (1080p) [ABCD1234].mkv", "Tsuki ga Michibiku Isekai Douchuu", "5", "SubsPlease", 1, 1080, 2, None),
    ("[Erai-raws] Boku no Kokoro no Yabai Yatsu 2nd Season - 05 [1080p][Multiple Subtitle][ABCD1234]", "Boku no Kokoro no Yabai Yatsu", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Tensei shitara Slime Datta Ken 3rd Season - 05 [1080p][Multiple Subtitle][ABCD1234]", "Tensei shitara Slime Datta Ken", "5", "Erai-raws", 1, 1080, 3, None),
    ("[ASW] Tsuki ga Michibiku Isekai Douchuu S2 - 05 [1080p HEVC x265 10Bit][AAC]", "Tsuki ga Michibiku Isekai Douchuu", "5", "ASW", 1, 1080, 2, None),
    ("[Erai-raws] Mashle 2nd Season - 05 [1080p][Multiple Subtitle][ABCD1234]", "Mashle", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Kimetsu no Yaiba Season 3 - 05 [1080p][Multiple Subtitle][ABCD1234]", "Kimetsu no Yaiba", "5", "Erai-raws", 1, 1080, 3, None),
    ("[Sakurato] Spy x Family Season 2 [05][AVC-8bit 1080p AAC][CHS].mp4", "Spy x Family", "5", "Sakurato", 1, 1080, 2, None),
    # everyday names from the big groups
    ("[Leopard-Raws] Sousou no Frieren - 05 RAW (NTV 1280x720 x264 AAC).mp4", "Sousou no Frieren", "5", "Leopard-Raws", 1, 720, None, None),
    ("[Ohys-Raws] Sousou no Frieren - 05 (NTV 1280x720 x264 AAC).mp4", "Sousou no Frieren", "5", "Ohys-Raws", 1, 720, None, None),
    ("[Moozzi2] Lycoris Recoil - 05 (BD 1920x1080 x.264 FLACx2).mkv", "Lycoris Recoil", "5", "Moozzi2", 1, 1080, None, None),
    ("[Commie] Kaguya-sama wa Kokurasetai - 05v2 [ABCD1234].mkv", "Kaguya-sama wa Kokurasetai", "5", "Commie", 2, None, None, None),
    ("[Erai-raws] Dungeon Meshi - 05v2 [1080p][Multiple Subtitle][ABCD1234]", "Dungeon Meshi", "5", "Erai-raws", 2, 1080, None, None),
    ("[ASW] Dungeon Meshi - 05 [1080p HEVC x265 10Bit][AAC]", "Dungeon Meshi", "5", "ASW", 1, 1080, None, None),
    ("Solo Leveling S01E05 VOSTFR 1080p WEB x264 AAC -Tsundere-Raws (CR) (Ore dake Level Up na Ken)", "Solo Leveling", "5", "Tsundere-Raws", 1, 1080, 1, "Ore dake Level Up na Ken"),
    ("[VCB-Studio] Sousou no Frieren [Ma10p_1080p]", "Sousou no Frieren", "", "VCB-Studio", 1, 1080, None, None),
]
# fmt: on

# fmt: off
HELD_OUT_LATE: list[Row] = [
    ("[Lilith-Raws] 我的英雄學院 第七季 / Boku no Hero Academia S07 - 05 [Baha][WEB-DL][1080p][AVC AAC][CHT][MP4]", "Boku no Hero Academia", "5", "Lilith-Raws", 1, 1080, 7, "我的英雄學院"),
    ("[ANi] Dr. STONE 新石紀 科學未來 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT][MP4]", "Dr. STONE", "5", "ANi", 1, 1080, None, "新石紀 科學未來"),
    ("[桜都字幕组] 欢迎来到实力至上主义的教室 第三季 / Youkoso Jitsuryoku Shijou Shugi no Kyoushitsu e 3rd Season [05][1080p][简繁内封]", "Youkoso Jitsuryoku Shijou Shugi no Kyoushitsu e", "5", "桜都字幕组", 1, 1080, 3, "欢迎来到实力至上主义的教室"),
    ("[LoliHouse] 咒术回战 / Jujutsu Kaisen - 47 [WebRip 1080p HEVC-10bit AAC][简繁内封字幕]", "Jujutsu Kaisen", "47", "LoliHouse", 1, 1080, None, "咒术回战"),
    ("[猎户手抄部] 葬送的芙莉莲 / Sousou no Frieren [05] [1080p] [简中内嵌]", "Sousou no Frieren", "5", "猎户手抄部", 1, 1080, None, "葬送的芙莉莲"),
    ("[Nekomoe kissaten&VCB-Studio] Tenki no Ko [Ma10p_1080p][x265_flac]", "Tenki no Ko", "", "Nekomoe kissaten&VCB-Studio", 1, 1080, None, None),
    ("【悠哈璃羽字幕社】[间谍过家家_SPY x FAMILY][05][x264 1080p][CHT]", "SPY x FAMILY", "5", "悠哈璃羽字幕社", 1, 1080, None, "间谍过家家"),
    ("[DKB] Chainsaw Man | チェンソーマン - S01E05 [1080p][HEVC x265 10bit][Multi-Subs]", "Chainsaw Man", "5", "DKB", 1, 1080, 1, "チェンソーマン"),
    ("[Erai-raws] Bocchi the Rock! | ぼっち・ざ・ろっく！ - 05 [1080p][Multiple Subtitle]", "Bocchi the Rock!", "5", "Erai-raws", 1, 1080, None, "ぼっち・ざ・ろっく！"),
    ("[Kawaiika-Raws] ぼっち・ざ・ろっく！ / Bocchi the Rock! - 05 [BD 1080p HEVC FLAC]", "Bocchi the Rock!", "5", "Kawaiika-Raws", 1, 1080, None, "ぼっち・ざ・ろっく！"),
    ("[Baws]_Hataraku_Maou-sama!!_-_05_[1080p][ABCD1234].mkv", "Hataraku Maou-sama!!", "5", "Baws", 1, 1080, None, None),
    ("[Kaylith]_Zetsuen_no_Tempest-05_[720p][ABCD1234].mkv", "Zetsuen no Tempest", "5", "Kaylith", 1, 720, None, None),
    ("[Tsundere]_Hyouka_-_05v2_[BDRip_h264_1920x1080_FLAC][ABCD1234].mkv", "Hyouka", "5", "Tsundere", 2, 1080, None, None),
    ("[Yuurisan-Subs]_Dog_Days'_-05_[720p][ABCD1234].mkv", "Dog Days'", "5", "Yuurisan-Subs", 1, 720, None, None),
    ("Highschool_of_the_Dead-05_[Commie].mkv", "Highschool of the Dead", "5", "Commie", 1, None, None, None),
    ("[SubsPlease] Kono Sekai wa Fukanzen Sugiru - 05 (1080p) [ABCD1234].mkv", "Kono Sekai wa Fukanzen Sugiru", "5", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Kimi to Boku no Saigo no Senjou, Aruiwa Sekai ga Hajimaru Seisen S2 - 05 (1080p) [ABCD1234].mkv", "Kimi to Boku no Saigo no Senjou, Aruiwa Sekai ga Hajimaru Seisen", "5", "SubsPlease", 1, 1080, 2, None),
    ("[SubsPlease] 100-man no Inochi no Ue ni Ore wa Tatteiru S2 - 05 (1080p) [ABCD1234].mkv", "100-man no Inochi no Ue ni Ore wa Tatteiru", "5", "SubsPlease", 1, 1080, 2, None),
    ("[SubsPlease] Tensei shitara Dainana Ouji Datta node - 05 (1080p)", "Tensei shitara Dainana Ouji Datta node", "5", "SubsPlease", 1, 1080, None, None),
    ("[HorribleSubs] 91 Days - 05 [1080p].mkv", "91 Days", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Hitori no Shita - The Outcast 2 - 05 [1080p].mkv", "Hitori no Shita - The Outcast 2", "5", "HorribleSubs", 1, 1080, None, None),
    ("[HorribleSubs] Yuuki Yuuna wa Yuusha de Aru - Dai Mankai no Shou - 05 [720p].mkv", "Yuuki Yuuna wa Yuusha de Aru - Dai Mankai no Shou", "5", "HorribleSubs", 1, 720, None, None),
    ("[HorribleSubs] Gintama. - 05 [1080p].mkv", "Gintama.", "5", "HorribleSubs", 1, 1080, None, None),
    ("[SubsPlease] Yozakura-san Chi no Daisakusen - 05 (1080p) [ABCD1234].mkv", "Yozakura-san Chi no Daisakusen", "5", "SubsPlease", 1, 1080, None, None),
    ("[Judas] Chainsaw Man - NCED05 [1080p][HEVC x265 10bit][Multi-Subs]", "Chainsaw Man", "5", "Judas", 1, 1080, None, None),
    ("[VCB-Studio] Chainsaw Man [NCED12][Ma10p_1080p][x265_flac].mkv", "Chainsaw Man", "12", "VCB-Studio", 1, 1080, None, None),
    ("[Erai-raws] Jujutsu Kaisen - NCOP 2 [1080p][Multiple Subtitle]", "Jujutsu Kaisen", "2", "Erai-raws", 1, 1080, None, None),
    ("[HorribleSubs] Bungou Stray Dogs OVA - Hitori Ayumu [1080p].mkv", "Bungou Stray Dogs OVA", "", "HorribleSubs", 1, 1080, None, None),
    ("[Erai-raws] Kaguya-sama wa Kokurasetai - First Kiss wa Owaranai - 01 [1080p][Multiple Subtitle]", "Kaguya-sama wa Kokurasetai - First Kiss wa Owaranai", "1", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Jujutsu Kaisen - 47.5 (1080p) [ABCD1234].mkv", "Jujutsu Kaisen", "47.5", "SubsPlease", 1, 1080, None, None),
    ("[Erai-raws] Boku no Hero Academia - 138.5 [1080p][Multiple Subtitle]", "Boku no Hero Academia", "138.5", "Erai-raws", 1, 1080, None, None),
    ("[Ohys-Raws] Doraemon (2005) - 780 (EX 1280x720 x264 AAC).mp4", "Doraemon", "780", "Ohys-Raws", 1, 720, None, None),
    ("[Ohys-Raws] Crayon Shin-chan - 1201 (EX 1280x720 x264 AAC).mp4", "Crayon Shin-chan", "1201", "Ohys-Raws", 1, 720, None, None),
    ("[Erai-raws] Ojarumaru - 2020 [1080p][Multiple Subtitle]", "Ojarumaru", "2020", "Erai-raws", 1, 1080, None, None),
    ("[SubsPlease] Chainsaw Man (01-12) (1080p) [Batch]", "Chainsaw Man", "1-12", "SubsPlease", 1, 1080, None, None),
    ("[SubsPlease] Tonikaku Kawaii S2 (01-12) (1080p) [Batch]", "Tonikaku Kawaii", "1-12", "SubsPlease", 1, 1080, 2, None),
    ("[Erai-raws] 100-man no Inochi no Ue ni Ore wa Tatteiru - 01 ~ 12 [1080p][Multiple Subtitle]", "100-man no Inochi no Ue ni Ore wa Tatteiru", "1-12", "Erai-raws", 1, 1080, None, None),
    ("[DB] Hitori no Shita - The Outcast 2 01-24 [Dual Audio 10bit BD1080p][HEVC-x265]", "Hitori no Shita - The Outcast 2", "1-24", "DB", 1, 1080, None, None),
    ("[Judas] Yuru Camp S2 (Season 2) [1080p][HEVC x265 10bit][Multi-Subs] (Batch)", "Yuru Camp", "", "Judas", 1, 1080, 2, None),
    ("[SubsPlease] Mahoutsukai no Yome S2 - 05 (1080p) [ABCD1234].mkv", "Mahoutsukai no Yome", "5", "SubsPlease", 1, 1080, 2, None),
    ("[Erai-raws] Tate no Yuusha no Nariagari 2nd Season - 05 [1080p][Multiple Subtitle]", "Tate no Yuusha no Nariagari", "5", "Erai-raws", 1, 1080, 2, None),
    ("[Erai-raws] Yuru Camp Season 3 - 05 [1080p][Multiple Subtitle][ABCD1234]", "Yuru Camp", "5", "Erai-raws", 1, 1080, 3, None),
    ("[Sakurato] Youkoso Jitsuryoku Shijou Shugi no Kyoushitsu e 3rd Season [05][AVC-8bit 1080p AAC][CHS].mp4", "Youkoso Jitsuryoku Shijou Shugi no Kyoushitsu e", "5", "Sakurato", 1, 1080, 3, None),
    ("[ASW] Mahoutsukai no Yome S2 - 05 [1080p HEVC x265 10Bit][AAC]", "Mahoutsukai no Yome", "5", "ASW", 1, 1080, 2, None),
    ("[Leopard-Raws] Chainsaw Man - 05 RAW (TX 1280x720 x264 AAC).mp4", "Chainsaw Man", "5", "Leopard-Raws", 1, 720, None, None),
    ("[Commie] Chainsaw Man - 05v2 [1080p] [ABCD1234].mkv", "Chainsaw Man", "5", "Commie", 2, 1080, None, None),
    ("[Moozzi2] Chainsaw Man - 05 (BD 1920x1080 x.264 FLACx2).mkv", "Chainsaw Man", "5", "Moozzi2", 1, 1080, None, None),
    ("[GM-Team][国漫][凡人修仙传][A Record of a Mortal's Journey to Immortality][2020][105][AVC][GB][1080P]", "A Record of a Mortal's Journey to Immortality", "105", "GM-Team", 1, 1080, None, "凡人修仙传"),
]
# fmt: on
