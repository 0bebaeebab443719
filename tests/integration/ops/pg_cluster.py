"""A throwaway PostgreSQL cluster: `initdb` into a temporary folder, served on a loopback port.

initdb refuses to run as root, so as root the cluster is made and run as the `postgres` account
through `runuser`. Archiving is on, the way docker/postgres configures it, so a test can watch
WAL segments arrive in the archive. Anything missing skips the test with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

import pytest

from tests.harness.torrents import free_port

START_TIMEOUT = 60


def postgres_bin() -> Path | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class ThrowawayCluster:
    def __init__(self, *, archive_timeout: int = 60) -> None:
        self.port = free_port()
        self.archive_timeout = archive_timeout
        self._bin = postgres_bin()
        self._root: Path | None = None
        self._user: str | None = None

    @property
    def root(self) -> Path:
        assert self._root is not None
        return self._root

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = list(args)
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        result = subprocess.run(command, capture_output=True, timeout=START_TIMEOUT, check=False)
        if result.returncode != 0:
            output = (result.stdout + result.stderr).decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{output}")

    def __enter__(self) -> Self:
        if self._bin is None:
            pytest.skip("initdb not found (/usr/lib/postgresql/*/bin): install postgresql")
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no `postgres` account for initdb")
            self._user = "postgres"
        self._root = Path(tempfile.mkdtemp(prefix="iiitorrent-pg-"))
        self.archive.mkdir()
        if self._user:
            entry = pwd.getpwnam(self._user)
            for path in (self.root, self.archive):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self._bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        )
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c wal_level=replica",
                "-c archive_mode=on",
                f"-c archive_command='test ! -f {self.archive}/%f && cp %p {self.archive}/%f'",
                f"-c archive_timeout={self.archive_timeout}",
                "-c fsync=off",
            ]
        )
        self._run(
            str(self._bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT),
            "start",
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._root is None:
            return
        try:
            self._run(
                str(self._bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
        finally:
            shutil.rmtree(self._root, ignore_errors=True)
