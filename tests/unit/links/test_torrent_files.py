from __future__ import annotations

from domain.models import TorrentFile
from domain.qbittorrent.mapping import torrent_files, torrent_status


def test_torrents_files_answers_become_torrent_files() -> None:
    answer = [
        {"index": 0, "name": "Show/01.mkv", "size": 100, "progress": 1, "priority": 1},
        {"index": 1, "name": "Show/02.mkv", "size": "200", "progress": 0.5},
        {"name": None, "size": -5, "progress": "nan"},  # old Web API: no index, junk values
    ]
    assert torrent_files(answer) == [
        TorrentFile(0, "Show/01.mkv", 100, 1.0),
        TorrentFile(1, "Show/02.mkv", 200, 0.5),
        TorrentFile(2, "", 0, 0.0),
    ]


def test_the_save_path_is_kept() -> None:
    status = torrent_status({"hash": "a" * 40, "save_path": "/downloads/tv/"})
    assert status.save_path == "/downloads/tv/"
