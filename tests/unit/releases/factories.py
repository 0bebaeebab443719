"""Build Release values for ranking tests, by hand or from the recorded Nyaa feeds."""

from __future__ import annotations

import json
from pathlib import Path

from domain.models import Release
from tests import fakes

MB = 1024 * 1024
GB = 1024 * MB
_UNITS = {"B": 1, "KiB": 1024, "MiB": MB, "GiB": GB, "TiB": 1024 * GB}


def release(
    title: str,
    *,
    seeders: int = 10,
    size: int = 700 * MB,
    trusted: bool = False,
    remake: bool = False,
) -> Release:
    """A release with the modest defaults ranking tests reason about."""
    return fakes.release(title, seeders=seeders, size=size, trusted=trusted, remake=remake)


def nyaa_releases(path: Path) -> list[Release]:
    """The items of a recorded Nyaa search (*.items.json) as Releases."""
    items = json.loads(path.read_text("utf-8"))["items"]
    releases = []
    for item in items:
        number, unit = item["size"].split()
        releases.append(
            Release(
                title=item["title"],
                info_hash=item["infoHash"],
                torrent_url=f"https://nyaa.si/download/{item['id']}.torrent",
                view_url=f"https://nyaa.si/view/{item['id']}",
                size=int(float(number) * _UNITS[unit]),
                seeders=int(item["seeders"]),
                leechers=int(item["leechers"]),
                downloads=int(item["downloads"]),
                category=item["categoryId"],
                trusted=item["trusted"] == "Yes",
                remake=item["remake"] == "Yes",
            )
        )
    return releases
