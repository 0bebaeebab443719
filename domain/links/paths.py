"""Where a torrent's files are, as this process sees them. Pure: no filesystem access.

qBittorrent reports absolute paths as *it* sees them, which differ from ours when it runs in a
container or on another mount: it may save to `/downloads/Show` while the same folder is
`/srv/anime/Show` here. `DOWNLOAD_DIR` is that folder as we see it, and qBittorrent's default save
path is the same folder as qBittorrent sees it, so a reported path is mapped by swapping that
prefix. A path under neither is outside `DOWNLOAD_DIR`, and nothing there is ever served.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from domain.errors import InvalidInput, NotFound


def relative_parts(name: str) -> tuple[str, ...]:
    """The components of a relative, "/"-separated name; InvalidInput for anything that could
    leave its folder or confuse the filesystem (absolute, `..`, `.`, empty parts, NUL)."""
    if not name or "\x00" in name or name.startswith("/"):
        raise InvalidInput("file name is empty, absolute or holds a NUL byte")
    parts = tuple(name.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise InvalidInput("file name has an empty, '.' or '..' component")
    return parts


def _absolute_parts(path: str) -> tuple[str, ...] | None:
    if not path.startswith("/") or "\x00" in path:
        return None
    parts = tuple(part for part in path.split("/") if part not in ("", "."))
    return None if ".." in parts else parts


def map_save_path(reported: str, qbittorrent_default: str, download_dir: str) -> tuple[str, ...]:
    """The components of a reported save path below `download_dir` (empty: the folder itself).

    Tried in order: under qBittorrent's default save path (swapped for `download_dir`), then
    under `download_dir` itself (both see the same paths). NotFound otherwise.
    """
    path = _absolute_parts(reported)
    if path is None:
        raise NotFound("qBittorrent reported a save path that is not a clean absolute path")
    for prefix in (qbittorrent_default, download_dir):
        root = _absolute_parts(prefix)
        if root is not None and path[: len(root)] == root:
            return path[len(root) :]
    raise NotFound(f"save path {PurePosixPath(reported)} is outside DOWNLOAD_DIR")
