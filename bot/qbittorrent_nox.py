"""A qbittorrent-nox of our own, for a box with no QBITTORRENT_URL: configured, started, restarted
when it dies, stopped on exit.

The profile lives in `DATA_DIR/qbittorrent` (qBittorrent's own `qBittorrent/config` and
`qBittorrent/data` under it). Each start rewrites only the keys we own in its qBittorrent.conf,
so settings changed in its Web UI survive: the Web UI on 127.0.0.1 and a free port, login always
required, our user name and a PBKDF2 hash of a generated password (qBittorrent 4.2+ format); the
plaintext sits in `DATA_DIR/qbittorrent-password` (mode 0600) so restarts reuse it. DHT, PeX and
LSD follow the `dht` flag.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import secrets
import signal
import socket
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from domain.errors import TorrentClientError
from domain.security.secret_file import EmptySecretFile, load_or_create_secret

logger = logging.getLogger(__name__)

USERNAME = "iiitorrent"
PASSWORD_FILE = "qbittorrent-password"
PROFILE_DIR = "qbittorrent"
PID_FILE = "qbittorrent-nox.pid"
PBKDF2_ITERATIONS = 100_000  # what qBittorrent uses; it checks with the same count
STARTUP_TIMEOUT = 60.0
STOP_GRACE = 20.0  # qBittorrent saves resume data on SIGTERM; give it time
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 60.0
STABLE_AFTER = 120.0  # a run this long resets the backoff


@dataclass(frozen=True, slots=True)
class QbConnection:
    """Where and how to reach a qBittorrent Web API."""

    url: str
    username: str
    password: str = field(repr=False)


def pbkdf2_password(password: str, *, salt: bytes | None = None) -> str:
    """qBittorrent's `WebUI\\Password_PBKDF2` value: PBKDF2-HMAC-SHA512, 100000 iterations,
    16-byte salt, 64-byte key, as `@ByteArray(<base64 salt>:<base64 key>)`."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, PBKDF2_ITERATIONS, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


def check_pbkdf2_password(password: str, stored: str) -> bool:
    """Whether `password` matches a `pbkdf2_password` value (as qBittorrent would judge it)."""
    inner = stored.strip().strip('"')
    if not (inner.startswith("@ByteArray(") and inner.endswith(")")):
        return False
    salt_b64, sep, key_b64 = inner[len("@ByteArray(") : -1].partition(":")
    if not sep:
        return False
    try:
        salt = base64.b64decode(salt_b64, validate=True)
        key = base64.b64decode(key_b64, validate=True)
    except ValueError:
        return False
    if not salt or not key:
        return False
    derived = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, PBKDF2_ITERATIONS, len(key))
    return secrets.compare_digest(derived, key)


def owned_settings(
    *, web_port: int, download_dir: Path, dht: bool, username: str, password_hash: str
) -> dict[str, dict[str, str]]:
    """The qBittorrent.conf keys we set on every start, per section (QSettings INI names)."""
    on = "true" if dht else "false"
    return {
        "LegalNotice": {"Accepted": "true"},
        "BitTorrent": {
            "Session\\DefaultSavePath": str(download_dir),
            "Session\\DHTEnabled": on,
            "Session\\PeXEnabled": on,
            "Session\\LSDEnabled": on,
        },
        "Preferences": {
            "Downloads\\SavePath": str(download_dir),
            "WebUI\\Enabled": "true",
            "WebUI\\Address": "127.0.0.1",
            "WebUI\\Port": str(web_port),
            "WebUI\\LocalHostAuth": "true",
            "WebUI\\AuthSubnetWhitelistEnabled": "false",
            "WebUI\\UseUPnP": "false",
            "WebUI\\Username": username,
            "WebUI\\Password_PBKDF2": f'"{password_hash}"',
        },
    }


def merge_config(existing: str, owned: Mapping[str, Mapping[str, str]]) -> str:
    """QSettings INI text with the `owned` keys set and every other line kept as it was."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in existing.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            sections.setdefault(current, [])
            continue
        sections[current].append(line)
    for section, values in owned.items():
        lines = sections.setdefault(section, [])
        pending = dict(values)
        for index, line in enumerate(lines):
            key = line.partition("=")[0].strip()
            if key in pending:
                lines[index] = f"{key}={pending.pop(key)}"
        while lines and not lines[-1].strip():
            lines.pop()
        lines.extend(f"{key}={value}" for key, value in pending.items())
    blocks = []
    head = [line for line in sections.pop("") if line.strip()]
    if head:
        blocks.append("\n".join(head))
    for section, lines in sections.items():
        body = [line for line in lines if line.strip()]
        blocks.append("\n".join([f"[{section}]", *body]))
    return "\n\n".join(blocks) + "\n"


def load_or_create_password(path: Path) -> str:
    """The Web UI password kept at `path` (mode 0600), generated on first use.

    Unlike a key, an emptied file is replaced: each start writes the password's hash into
    qBittorrent.conf, so nothing else depends on the old one.
    """

    def make() -> str:
        return secrets.token_urlsafe(24)

    try:
        password, created = load_or_create_secret(path, make)
    except EmptySecretFile:
        path.unlink(missing_ok=True)
        password, created = load_or_create_secret(path, make)
    if created:
        logger.info("generated a qBittorrent Web UI password in %s", path)
    return password


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def next_backoff(previous: float | None, ran_for: float) -> float:
    """Seconds to wait before restarting a process that ran `ran_for` seconds and died."""
    if previous is None or ran_for >= STABLE_AFTER:
        return BACKOFF_FIRST
    return min(previous * 2, BACKOFF_MAX)


class _Supervisor:
    def __init__(self, data_dir: Path, download_dir: Path, *, dht: bool) -> None:
        self.profile = data_dir / PROFILE_DIR
        self.download_dir = download_dir
        self.dht = dht
        self.password = load_or_create_password(data_dir / PASSWORD_FILE)
        self.port = free_port()
        self.connection = QbConnection(f"http://127.0.0.1:{self.port}", USERNAME, self.password)
        self.process: asyncio.subprocess.Process | None = None

    @property
    def config_path(self) -> Path:
        return self.profile / "qBittorrent" / "config" / "qBittorrent.conf"

    def write_config(self) -> None:
        owned = owned_settings(
            web_port=self.port,
            download_dir=self.download_dir,
            dht=self.dht,
            username=USERNAME,
            password_hash=pbkdf2_password(self.password),
        )
        self.config_path.parent.mkdir(parents=True, exist_ok=True)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        existing = self.config_path.read_text(encoding="utf-8") if self.config_path.exists() else ""
        tmp = self.config_path.with_suffix(".tmp")
        tmp.write_text(merge_config(existing, owned), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(self.config_path)

    async def start(self) -> None:
        await asyncio.to_thread(self.write_config)
        output = await asyncio.to_thread((self.profile / "qbittorrent-nox.out").open, "ab")
        with output:
            try:
                self.process = await asyncio.create_subprocess_exec(
                    "qbittorrent-nox",
                    f"--profile={self.profile}",
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=output,
                    stderr=asyncio.subprocess.STDOUT,
                    start_new_session=True,  # a Ctrl-C in our terminal must not reach it first
                )
            except OSError as exc:
                raise TorrentClientError(f"cannot start qbittorrent-nox: {exc}") from exc
        await asyncio.to_thread((self.profile / PID_FILE).write_text, f"{self.process.pid}\n")
        try:
            await self._wait_ready()
        except BaseException:
            await self.stop_process()
            raise
        logger.info("qbittorrent-nox (pid %d) answers at %s", self.process.pid, self.connection.url)

    async def _wait_ready(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_TIMEOUT
        delay = 0.05
        async with httpx.AsyncClient(timeout=2.0) as http:
            while True:
                assert self.process is not None
                if self.process.returncode is not None:
                    raise TorrentClientError(
                        f"qbittorrent-nox exited with {self.process.returncode} while starting; "
                        f"see {self.profile / 'qbittorrent-nox.out'}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    answer = await http.get(f"{self.connection.url}/api/v2/app/version")
                    if answer.status_code in (200, 403):  # 403: up, and wants a login
                        return
                if loop.time() >= deadline:
                    raise TorrentClientError(
                        f"qbittorrent-nox did not answer at {self.connection.url} within "
                        f"{STARTUP_TIMEOUT:g}s"
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.5)

    async def supervise(self) -> None:
        """Restart the process whenever it dies, with backoff, until cancelled."""
        loop = asyncio.get_running_loop()
        backoff: float | None = None
        started = loop.time()
        while True:
            assert self.process is not None
            code = await self.process.wait()
            ran_for = loop.time() - started
            backoff = next_backoff(backoff, ran_for)
            logger.error(
                "qbittorrent-nox (pid %d) exited with %s after %.0fs; restarting in %.0fs",
                self.process.pid,
                code,
                ran_for,
                backoff,
            )
            await asyncio.sleep(backoff)
            started = loop.time()
            try:
                await self.start()
            except Exception:
                # keep supervising: the next round waits longer and tries again
                logger.exception("qbittorrent-nox did not come back")
                continue
            logger.warning("qbittorrent-nox is back (pid %d)", self.process.pid)

    async def stop_process(self) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE)
        except TimeoutError:
            logger.warning("qbittorrent-nox ignored SIGTERM for %.0fs; killing it", STOP_GRACE)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def supervised_qbittorrent(
    data_dir: Path, download_dir: Path, *, dht: bool
) -> AsyncIterator[QbConnection]:
    """A qbittorrent-nox of our own, up and answering for as long as the block runs."""
    supervisor = _Supervisor(data_dir, download_dir, dht=dht)
    await supervisor.start()
    watcher = asyncio.create_task(supervisor.supervise(), name="qbittorrent-nox supervisor")
    try:
        yield supervisor.connection
    finally:
        watcher.cancel()
        await asyncio.wait([watcher])
        await supervisor.stop_process()
        (supervisor.profile / PID_FILE).unlink(missing_ok=True)
        logger.info("qbittorrent-nox stopped")
