"""Opening a file strictly inside a folder, refusing symlinks and anything not a regular file.

Each component is opened relative to its parent with O_NOFOLLOW, so a symlink anywhere below the
folder (torrents can carry them) or one swapped in mid-request is refused, never followed; the
file itself is opened with O_NONBLOCK, so a FIFO or a device is refused without hanging.
Blocking: call it from a worker thread.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path


class Refused(Exception):
    """The path leads somewhere we never serve: a symlink, a special file, outside the folder."""


_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY


def open_inside(base: Path, parts: Sequence[str]) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file `base/parts...` and its stat; the caller closes it.

    FileNotFoundError when it is not there; Refused for everything that must not be served.
    """
    if not parts or any(p in ("", ".", "..") or "/" in p or "\x00" in p for p in parts):
        raise Refused("not a clean relative path")
    directory = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                child = os.open(part, _DIRECTORY, dir_fd=directory)
            except OSError as exc:
                raise _translate(exc) from exc
            os.close(directory)
            directory = child
        try:
            # Looked at before opening, so a device is never opened at all.
            looked = os.stat(parts[-1], dir_fd=directory, follow_symlinks=False)
            if not stat.S_ISREG(looked.st_mode):
                raise Refused("not a regular file")
            fd = os.open(parts[-1], _FILE, dir_fd=directory)
        except OSError as exc:
            raise _translate(exc) from exc
    finally:
        os.close(directory)
    try:
        info = os.fstat(fd)  # what was opened, should it have been swapped after the look
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _translate(exc: OSError) -> Exception:
    # ELOOP: the last component is a symlink; ENOTDIR: a middle one is a symlink or a file.
    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK, errno.ENXIO, errno.EACCES):
        return Refused(os.strerror(exc.errno or 0))
    if exc.errno == errno.ENOENT:
        return FileNotFoundError(exc.errno, "no such file")
    return exc
