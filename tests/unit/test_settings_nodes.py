"""QBITTORRENT_NODES: several qBittorrents, each with its own login, folder, public URL and cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import NodeSettings, Secret, Settings, SettingsError


def load(env: dict[str, str]) -> Settings:
    return Settings.load(environ={"DATA_DIR": "/srv/box", **env}, env_file=None)


def test_without_nodes_the_box_keeps_its_one_qbittorrent() -> None:
    settings = load({"QBITTORRENT_URL": "http://qb:8080"})
    assert settings.qbittorrent_nodes == ()
    assert settings.qbittorrent_url == "http://qb:8080"


def test_each_named_node_reads_its_own_keys_and_falls_back_to_the_box_defaults() -> None:
    settings = load(
        {
            "PUBLIC_URL": "https://box.example",
            "DOWNLOAD_DIR": "/srv/anime",
            "QBITTORRENT_NODES": " North, south ",
            "QBITTORRENT_NORTH_URL": "http://north:8080/",
            "QBITTORRENT_NORTH_USERNAME": "bot",
            "QBITTORRENT_NORTH_PASSWORD": "hunter2",
            "QBITTORRENT_NORTH_DOWNLOAD_DIR": "/mnt/north",
            "QBITTORRENT_NORTH_PUBLIC_URL": "https://north.example/",
            "QBITTORRENT_NORTH_MAX_ACTIVE": "3",
            "QBITTORRENT_SOUTH_URL": "http://south:8080",
        }
    )
    assert settings.qbittorrent_nodes == (
        NodeSettings(
            name="north",
            url="http://north:8080",
            username="bot",
            password=Secret("hunter2"),
            download_dir=Path("/mnt/north"),
            public_url="https://north.example",
            max_active=3,
        ),
        NodeSettings(
            name="south",
            url="http://south:8080",
            username="admin",
            password=Secret(""),
            download_dir=Path("/srv/anime"),
            public_url="https://box.example",
            max_active=0,
        ),
    )
    assert "hunter2" in settings.secrets()
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QBITTORRENT_NODES": "a,b", "QBITTORRENT_A_URL": "http://a"}, r"QBITTORRENT_B_URL is"),
        ({"QBITTORRENT_NODES": "a,b-2"}, r"QBITTORRENT_NODES.*'b-2' is not a node name"),
        ({"QBITTORRENT_NODES": "9lives"}, r"'9lives' is not a node name"),
        ({"QBITTORRENT_NODES": "a,A"}, r"QBITTORRENT_NODES.*'a' is named twice"),
        ({"QBITTORRENT_NODES": ",,"}, r"QBITTORRENT_NODES.*expected comma-separated"),
        (
            {"QBITTORRENT_NODES": "a", "QBITTORRENT_A_URL": "ftp://a"},
            r"QBITTORRENT_A_URL is malformed",
        ),
        (
            {
                "QBITTORRENT_NODES": "a",
                "QBITTORRENT_A_URL": "http://a",
                "QBITTORRENT_A_MAX_ACTIVE": "-1",
            },
            r"QBITTORRENT_A_MAX_ACTIVE is malformed",
        ),
        (
            {
                "QBITTORRENT_NODES": "a,b",
                "QBITTORRENT_A_URL": "http://same",
                "QBITTORRENT_B_URL": "http://same/",
            },
            r"two nodes share the Web API URL http://same",
        ),
        (
            {"QBITTORRENT_URL": "http://qb", "QBITTORRENT_NODES": "a"},
            r"QBITTORRENT_URL and QBITTORRENT_NODES are both set",
        ),
    ],
)
def test_a_bad_node_setting_stops_the_start_with_a_message_naming_it(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load(env)
