"""Made segments and subtitles on disk under DATA_DIR/stream-cache, within a byte budget.

Least recently used first out. Entries are written to a temporary name and renamed into place,
so a reader never sees half a file; an entry already open keeps its data when it is evicted
(the name goes, the descriptor stays good). What is on disk at start counts, ordered by mtime.
Blocking methods are marked; the streamer calls them from worker threads.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path

logger = logging.getLogger(__name__)

_NAME = re.compile(r"[0-9a-f]{16,64}/[a-z0-9_.-]{1,64}")


class SegmentCache:
    def __init__(self, root: Path, budget: int) -> None:
        self.root = root
        self.budget = budget
        self._entries: OrderedDict[str, int] = OrderedDict()  # name -> size, oldest first
        self._total = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        with self._lock:
            return self._total

    def load(self) -> None:
        """Count what earlier runs left (blocking); half-written leftovers are removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        found: list[tuple[int, str, int]] = []
        for path in self.root.glob("*/*"):
            if path.name.endswith(".part"):
                path.unlink(missing_ok=True)
                continue
            name = f"{path.parent.name}/{path.name}"
            if _NAME.fullmatch(name) and path.is_file():
                info = path.stat()
                found.append((info.st_mtime_ns, name, info.st_size))
        with self._lock:
            for _, name, size in sorted(found):
                self._set(name, size)
        self._evict()

    def path(self, name: str) -> Path:
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a cache entry name: {name!r}")
        return self.root / name

    def scratch(self, name: str) -> Path:
        """Where a job writes an entry before `commit` (blocking: makes the folder)."""
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")

    def open(self, name: str) -> int | None:
        """A read-only descriptor of a cached entry, marked as just used; None if absent."""
        try:
            fd = os.open(self.path(name), os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        except FileNotFoundError:
            with self._lock:
                self._total -= self._entries.pop(name, 0)
            return None
        with self._lock:
            if name in self._entries:
                self._entries.move_to_end(name)
            else:
                self._set(name, os.fstat(fd).st_size)
        return fd

    def commit(self, name: str, scratch: Path) -> None:
        """Put a finished scratch file in place and make room for it (blocking)."""
        size = scratch.stat().st_size
        os.replace(scratch, self.path(name))
        with self._lock:
            self._set(name, size)
        self._evict(keep=name)

    def _set(self, name: str, size: int) -> None:
        self._total += size - self._entries.pop(name, 0)
        self._entries[name] = size

    def _evict(self, keep: str | None = None) -> None:
        while True:
            with self._lock:
                victim = next((n for n in self._entries if n != keep), None)
                if self._total <= self.budget or victim is None:
                    return
                self._total -= self._entries.pop(victim)
            (self.root / victim).unlink(missing_ok=True)
            logger.debug("evicted %s from the stream cache", victim)
