"""Real torrents over loopback: mktorrent, opentracker and qbittorrent-nox, started and stopped.

The recipe (Debian packages `qbittorrent-nox`, `opentracker`, `mktorrent`):

- `make_torrent` writes a .torrent with mktorrent and computes its info hash (SHA-1 of the
  bencoded info dict, decoded by the small `bdecode` here);
- `Opentracker` runs the whitelist build of opentracker on 127.0.0.1 (it only tracks hashes in
  its whitelist; `allow` appends and reloads it with SIGHUP);
- `QbittorrentNox` runs qbittorrent-nox with a throwaway profile: WebUI on 127.0.0.1 with no login
  for loopback clients, BitTorrent bound to `lo`, DHT/PeX/LSD/UPnP off and several connections
  per IP allowed (every peer is 127.0.0.1; without it a download never starts);
- `Swarm` puts a tracker and a seeding qbittorrent-nox together; `Swarm.seed` makes random content
  (deterministic per seed), its torrent, and waits until the tracker lists the seeder, so a
  leecher that adds `torrent.magnet` downloads it for real at once.

Processes are plain `subprocess.Popen` children and no object keeps a handle on an event loop, so
one `Swarm` can be shared by tests that each run in their own loop. Blocking work (process start
and stop, polling, HTTP to the programs) runs in a worker thread behind each async method. Every
wait polls with a deadline; nothing sleeps a fixed amount hoping something happened.

    async with Swarm(tmp_path / "swarm") as swarm:
        torrent = await swarm.seed("Show - 01 [1080p].mkv", size=4 * MiB, seed=1)
        async with QbittorrentNox(tmp_path / "leecher") as leecher:
            ...  # point the code under test at leecher.url and add torrent.magnet
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import http.server
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote, quote_from_bytes

import httpx

T = TypeVar("T")

MiB = 1024 * 1024
TORRENT_PROGRAMS = ("qbittorrent-nox", "opentracker", "mktorrent")
SEEDING_STATES = frozenset({"uploading", "stalledUP", "forcedUP", "queuedUP"})


def missing_programs(names: Iterable[str] = TORRENT_PROGRAMS) -> list[str]:
    """The programs of `names` that are not on PATH."""
    return [name for name in names if shutil.which(name) is None]


def free_port() -> int:
    """A port free for both TCP and UDP on 127.0.0.1 right now (trackers and peers use both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port: int = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port
    raise RuntimeError("no port free for both TCP and UDP on 127.0.0.1")


def wait_until(
    check: Callable[[], T | None], *, timeout: float, what: str, interval: float = 0.25
) -> T:
    """Poll `check` (blocking) until it returns something truthy; TimeoutError after `timeout`."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"gave up after {timeout:.1f}s waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 1.5, interval)


async def eventually(
    check: Callable[[], Any], *, within: float, what: str, interval: float = 0.25
) -> Any:
    """Poll an async `check` until it returns something truthy; TimeoutError after `within`
    seconds. `what` names the wait in the error."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    delay = 0.02
    while True:
        result = await check()
        if result:
            return result
        if loop.time() >= deadline:
            raise TimeoutError(f"gave up after {within:.1f}s waiting for {what}")
        await asyncio.sleep(delay)
        delay = min(delay * 1.5, interval)


# --- bencode -------------------------------------------------------------------------------


class BencodeError(ValueError):
    pass


def bdecode(data: bytes) -> Any:
    """Decode bencode: int, bytes, list and dict (with bytes keys). Trailing data is an error."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise BencodeError(f"trailing data at offset {end}")
    return value


def info_hash(torrent: bytes) -> str:
    """The v1 info hash of a .torrent file: SHA-1 of its bencoded `info` dict, as 40 hex digits."""
    if not torrent.startswith(b"d"):
        raise BencodeError("a torrent file is a bencoded dict")
    index = 1
    while torrent[index : index + 1] != b"e":
        key, index = _decode(torrent, index)
        start = index
        _, index = _decode(torrent, index)
        if key == b"info":
            return hashlib.sha1(torrent[start:index]).hexdigest()
    raise BencodeError("torrent has no info dict")


def _decode(data: bytes, index: int) -> tuple[Any, int]:
    token = data[index : index + 1]
    if token == b"i":
        end = data.index(b"e", index)
        return int(data[index + 1 : end]), end + 1
    if token == b"l":
        items: list[Any] = []
        index += 1
        while data[index : index + 1] != b"e":
            if index >= len(data):
                raise BencodeError("unterminated list")
            item, index = _decode(data, index)
            items.append(item)
        return items, index + 1
    if token == b"d":
        entries: dict[bytes, Any] = {}
        index += 1
        while data[index : index + 1] != b"e":
            if index >= len(data):
                raise BencodeError("unterminated dict")
            key, index = _decode(data, index)
            if not isinstance(key, bytes):
                raise BencodeError(f"dict key at offset {index} is not a string")
            entries[key], index = _decode(data, index)
        return entries, index + 1
    if token.isdigit():
        colon = data.index(b":", index)
        start = colon + 1
        end = start + int(data[index:colon])
        if end > len(data):
            raise BencodeError("string runs past the end")
        return data[start:end], end
    raise BencodeError(f"unexpected {token!r} at offset {index}")


# --- content and .torrent files ------------------------------------------------------------


def write_random_files(directory: Path, sizes: Mapping[str, int], *, seed: int = 0) -> list[Path]:
    """Files of random bytes under `directory`, the same bytes for the same seed and sizes."""
    rng = random.Random(seed)
    paths = []
    for relative, size in sizes.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(size))
        paths.append(path)
    return paths


def make_torrent(
    path: Path, tracker_url: str, *, output: Path | None = None, piece_length_log2: int = 16
) -> tuple[Path, str]:
    """A .torrent of the file or directory `path` with mktorrent; returns (file, info hash)."""
    output = output or path.with_name(path.name + ".torrent")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)  # mktorrent refuses to overwrite
    subprocess.run(
        [
            "mktorrent",
            "-a",
            tracker_url,
            "-l",
            str(piece_length_log2),
            "-t",
            "1",
            "-o",
            str(output),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return output, info_hash(output.read_bytes())


def magnet_uri(info_hash: str, name: str, tracker_url: str) -> str:
    return f"magnet:?xt=urn:btih:{info_hash}&dn={quote(name)}&tr={quote(tracker_url, safe='')}"


@dataclass(frozen=True, slots=True)
class Torrent:
    """A torrent made by the harness: its content on disk and how to fetch it."""

    name: str
    info_hash: str
    torrent_file: Path
    content: Path  # the file, or the directory of a multi-file torrent
    tracker_url: str

    @property
    def magnet(self) -> str:
        return magnet_uri(self.info_hash, self.name, self.tracker_url)

    def files(self) -> dict[str, bytes]:
        """Relative path (from the content's parent, as qBittorrent lays it out) to bytes."""
        if self.content.is_file():
            return {self.content.name: self.content.read_bytes()}
        return {
            str(p.relative_to(self.content.parent)): p.read_bytes()
            for p in sorted(self.content.rglob("*"))
            if p.is_file()
        }


# --- processes -----------------------------------------------------------------------------


def _stop_process(process: subprocess.Popen[bytes], *, grace: float) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `grace` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class _AsyncProcess:
    """Async context manager over a blocking `_start`/`_stop` pair run in a worker thread."""

    def _start(self) -> None:
        raise NotImplementedError

    def _stop(self) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        await asyncio.to_thread(self._start)

    async def stop(self) -> None:
        await asyncio.to_thread(self._stop)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


class Opentracker(_AsyncProcess):
    """opentracker (whitelist build) on 127.0.0.1, tracking only the hashes it was told about.

    Runs as `opentracker -i 127.0.0.1 -p PORT -P PORT -d DIR -w whitelist.txt -u nobody`: it
    chroots to DIR and drops to `nobody` when started as root, so DIR and the whitelist are made
    readable by everyone.
    """

    def __init__(
        self,
        directory: Path,
        *,
        info_hashes: Iterable[str] = (),
        port: int | None = None,
        startup_timeout: float = 10.0,
    ) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self._fixed_port = port is not None
        self._initial = [h.lower() for h in info_hashes]
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def announce_url(self) -> str:
        return f"{self.url}/announce"

    @property
    def whitelist(self) -> Path:
        return self.directory / "whitelist.txt"

    async def allow(self, *info_hashes: str) -> None:
        """Add hashes to the whitelist and wait until the tracker has reloaded it."""
        await asyncio.to_thread(self._allow, [h.lower() for h in info_hashes])

    async def seeders(self, info_hash: str) -> int:
        """How many complete peers the tracker lists for a hash (0 when unknown)."""
        return await asyncio.to_thread(self._seeders, info_hash)

    def _start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        known = self.whitelist.read_text().split() if self.whitelist.exists() else []
        self._write_whitelist(known + [h for h in self._initial if h not in known])
        attempts = 1 if self._fixed_port else 3
        for attempt in range(1, attempts + 1):
            try:
                self._spawn()
                return
            except (TimeoutError, RuntimeError):
                # another program may have taken the port between free_port() and the bind
                if attempt == attempts:
                    raise
                self.port = free_port()

    def _spawn(self) -> None:
        log = (self.directory / "opentracker.log").open("wb")
        with log:
            self._process = subprocess.Popen(
                [
                    "opentracker",
                    "-i",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-P",
                    str(self.port),
                    "-d",
                    str(self.directory),
                    "-w",
                    "whitelist.txt",
                    "-u",
                    "nobody",
                ],
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(self._answers, timeout=self.startup_timeout, what="opentracker to listen")
        except BaseException:
            self._stop()
            raise

    def _stop(self) -> None:
        if self._process is not None:
            _stop_process(self._process, grace=5)
            self._process = None

    def _answers(self) -> bool:
        self._check_alive()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def _check_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            raise RuntimeError(
                "opentracker is not running:\n" + _tail(self.directory / "opentracker.log")
            )

    def _write_whitelist(self, hashes: list[str]) -> None:
        tmp = self.whitelist.with_suffix(".tmp")
        tmp.write_text("".join(f"{h}\n" for h in hashes))
        tmp.chmod(0o644)
        tmp.replace(self.whitelist)

    def _allow(self, info_hashes: list[str]) -> None:
        with self._lock:
            known = self.whitelist.read_text().split() if self.whitelist.exists() else []
            self._write_whitelist(known + [h for h in info_hashes if h not in known])
        self._check_alive()
        assert self._process is not None
        self._process.send_signal(signal.SIGHUP)
        for h in info_hashes:
            wait_until(
                lambda h=h: self._accepts(h),  # type: ignore[misc]
                timeout=self.startup_timeout,
                what=f"opentracker to whitelist {h}",
            )

    def _accepts(self, info_hash: str) -> bool:
        """Whether an announce for the hash is served (opentracker refuses unlisted hashes)."""
        query = (
            f"info_hash={quote_from_bytes(bytes.fromhex(info_hash))}"
            "&peer_id=-HARNESS-0000000000&port=9&uploaded=0&downloaded=0&left=1"
            "&event=stopped&compact=1"
        )
        with httpx.Client(timeout=2) as http:
            body = http.get(f"{self.announce_url}?{query}").content
        return b"failure reason" not in body

    def _seeders(self, info_hash: str) -> int:
        query = f"info_hash={quote_from_bytes(bytes.fromhex(info_hash))}"
        with httpx.Client(timeout=2) as http:
            answer = bdecode(http.get(f"{self.url}/scrape?{query}").content)
        entry = answer.get(b"files", {}).get(bytes.fromhex(info_hash), {})
        return int(entry.get(b"complete", 0))


def qbittorrent_config(
    *, web_port: int, session_port: int, save_path: Path, log_dir: Path
) -> dict[str, dict[str, str]]:
    """The qBittorrent.conf sections of a loopback test instance (keys as qBittorrent 4.5 and 5.x
    read them; a backslash separates subkeys in QSettings' INI format)."""
    return {
        "LegalNotice": {"Accepted": "true"},
        "Application": {
            "FileLogger\\Enabled": "true",
            "FileLogger\\Path": str(log_dir),
        },
        "BitTorrent": {
            "Session\\Port": str(session_port),
            "Session\\Interface": "lo",
            "Session\\InterfaceName": "lo",
            "Session\\DHTEnabled": "false",
            "Session\\PeXEnabled": "false",
            "Session\\LSDEnabled": "false",
            "Session\\AnonymousModeEnabled": "false",
            "Session\\MultiConnectionsPerIp": "true",
            "Session\\QueueingSystemEnabled": "false",
            "Session\\BTProtocol": "TCP",
            "Session\\DefaultSavePath": str(save_path),
            "Session\\TempPathEnabled": "false",
            "Session\\AddTorrentPaused": "false",
            "Session\\AddTorrentStopped": "false",
            "Session\\Preallocation": "false",
        },
        "Network": {"PortForwardingEnabled": "false"},
        "Preferences": {
            "Connection\\UPnP": "false",
            "Connection\\ResolvePeerCountries": "false",
            "Downloads\\SavePath": str(save_path),
            "General\\Locale": "en",
            "WebUI\\Enabled": "true",
            "WebUI\\Address": "127.0.0.1",
            "WebUI\\Port": str(web_port),
            "WebUI\\LocalHostAuth": "false",
            "WebUI\\UseUPnP": "false",
        },
    }


def render_config(sections: Mapping[str, Mapping[str, str]]) -> str:
    """QSettings INI text."""
    blocks = []
    for section, values in sections.items():
        lines = [f"[{section}]", *(f"{key}={value}" for key, value in values.items())]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


class QbittorrentNox(_AsyncProcess):
    """qbittorrent-nox with a throwaway profile under `profile_dir`; its Web API needs no login.

    `start` writes `profile_dir/qBittorrent/config/qBittorrent.conf` (see `qbittorrent_config`;
    `config` overrides or adds keys per section), starts `qbittorrent-nox --profile=DIR` and polls
    the Web API until it answers. `stop` sends SIGTERM, then SIGKILL after `stop_grace` seconds,
    and leaves the profile and the downloads in place. It can be started again on the same ports.
    """

    def __init__(
        self,
        profile_dir: Path,
        *,
        save_path: Path | None = None,
        web_port: int | None = None,
        session_port: int | None = None,
        config: Mapping[str, Mapping[str, str]] | None = None,
        startup_timeout: float = 30.0,
        stop_grace: float = 10.0,
    ) -> None:
        self.profile_dir = profile_dir
        self.save_path = save_path or profile_dir / "downloads"
        self.web_port = web_port or free_port()
        self.session_port = session_port or free_port()
        self.startup_timeout = startup_timeout
        self.stop_grace = stop_grace
        self._extra = config or {}
        self._fixed_port = web_port is not None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def config_path(self) -> Path:
        return self.profile_dir / "qBittorrent" / "config" / "qBittorrent.conf"

    @property
    def log_path(self) -> Path:
        return self.profile_dir / "logs" / "qbittorrent.log"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def log_tail(self, lines: int = 30) -> str:
        return _tail(self.log_path, lines) + "\n" + _tail(self.profile_dir / "stdout.log", lines)

    # -- Web API helpers for tests (no login: LocalHostAuth is off) --

    async def api(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> httpx.Response:
        """One Web API call, e.g. `await qbt.api("GET", "torrents/info")`; raises on non-2xx."""
        return await asyncio.to_thread(self._api, method, path, params, data, files)

    async def torrents(self, **params: str) -> list[dict[str, Any]]:
        """`torrents/info` as plain dicts, e.g. `await qbt.torrents(hashes=h)`."""
        answer = await self.api("GET", "torrents/info", params=params)
        result: list[dict[str, Any]] = answer.json()
        return result

    async def torrent(self, info_hash: str) -> dict[str, Any] | None:
        found = await self.torrents(hashes=info_hash.lower())
        return found[0] if found else None

    async def add_torrent_file(
        self, torrent_file: Path, *, save_path: Path | None = None, skip_checking: bool = False
    ) -> None:
        """Add a .torrent (bytes uploaded, not a path qBittorrent would read) and return."""
        data = {
            "savepath": str(save_path or self.save_path),
            "skip_checking": "true" if skip_checking else "false",
            "seedMode": "true" if skip_checking else "false",
            "paused": "false",
            "stopped": "false",
        }
        content = await asyncio.to_thread(torrent_file.read_bytes)
        files = {"torrents": (torrent_file.name, content)}
        answer = await self.api("POST", "torrents/add", data=data, files=files)
        if answer.text.strip() == "Fails.":
            raise RuntimeError(f"qbittorrent-nox refused {torrent_file}")

    async def wait_for_torrent(
        self,
        info_hash: str,
        predicate: Callable[[dict[str, Any]], bool] = lambda _: True,
        *,
        within: float = 30.0,
        what: str = "",
    ) -> dict[str, Any]:
        """Poll until the torrent is there and `predicate(info)` holds; returns its info."""

        async def check() -> dict[str, Any] | None:
            info = await self.torrent(info_hash)
            return info if info is not None and predicate(info) else None

        result: dict[str, Any] = await eventually(
            check, within=within, what=what or f"torrent {info_hash} in {self.url}"
        )
        return result

    async def wait_until_seeding(self, info_hash: str, *, within: float = 30.0) -> dict[str, Any]:
        return await self.wait_for_torrent(
            info_hash,
            lambda t: t["progress"] >= 1 and t["state"] in SEEDING_STATES,
            within=within,
            what=f"{info_hash} to be seeding in {self.url}",
        )

    async def kill(self) -> None:
        """SIGKILL, as a crash would; `start` brings it back on the same ports."""
        await asyncio.to_thread(self._kill)

    # -- blocking internals --

    def _api(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        files: Mapping[str, tuple[str, bytes]] | None,
    ) -> httpx.Response:
        with httpx.Client(base_url=f"{self.url}/api/v2/", timeout=10) as http:
            response = http.request(method, path, params=params, data=data, files=files)
        response.raise_for_status()
        return response

    def _write_profile(self) -> None:
        sections = qbittorrent_config(
            web_port=self.web_port,
            session_port=self.session_port,
            save_path=self.save_path,
            log_dir=self.log_path.parent,
        )
        for section, values in self._extra.items():
            sections.setdefault(section, {}).update(values)
        self.config_path.parent.mkdir(parents=True, exist_ok=True)
        self.save_path.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(render_config(sections))

    def _start(self) -> None:
        attempts = 1 if self._fixed_port else 3
        for attempt in range(1, attempts + 1):
            self._write_profile()
            stdout = (self.profile_dir / "stdout.log").open("ab")
            with stdout:
                self._process = subprocess.Popen(
                    ["qbittorrent-nox", f"--profile={self.profile_dir}"],
                    stdin=subprocess.DEVNULL,
                    stdout=stdout,
                    stderr=subprocess.STDOUT,
                )
            try:
                wait_until(self._ready, timeout=self.startup_timeout, what=f"{self.url} to answer")
                return
            except (TimeoutError, RuntimeError):
                self._stop()
                # another program may have taken the port between free_port() and the bind
                if attempt == attempts:
                    raise
                self.web_port, self.session_port = free_port(), free_port()

    def _ready(self) -> bool:
        if self._process is None or self._process.poll() is not None:
            raise RuntimeError(f"qbittorrent-nox exited during start:\n{self.log_tail()}")
        try:
            with httpx.Client(timeout=1) as http:
                status = http.get(f"{self.url}/api/v2/app/version").status_code
        except httpx.HTTPError:
            return False
        return status in (200, 403)  # 403: up, with login required by a `config` override

    def _stop(self) -> None:
        if self._process is not None:
            _stop_process(self._process, grace=self.stop_grace)
            self._process = None

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)


class FileServer:
    """Serves one directory over HTTP on 127.0.0.1 (e.g. .torrent files for adds by URL)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url_for(self, name: str) -> str:
        return f"{self.url}/{quote(name)}"

    async def __aenter__(self) -> Self:
        directory = str(self.directory)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=directory, **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            await asyncio.to_thread(self._server.shutdown)
            self._server.server_close()
            self._server = None


class Swarm:
    """A tracker and a seeding qbittorrent-nox under `root`, serving torrents made by `seed`."""

    def __init__(self, root: Path, *, startup_timeout: float = 30.0) -> None:
        self.root = root
        self.tracker = Opentracker(root / "tracker", startup_timeout=startup_timeout)
        self.seeder = QbittorrentNox(
            root / "seeder", save_path=root / "content", startup_timeout=startup_timeout
        )
        self.torrents: list[Torrent] = []

    async def __aenter__(self) -> Self:
        await self.tracker.start()
        try:
            await self.seeder.start()
        except BaseException:
            await self.tracker.stop()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.seeder.stop()
        finally:
            await self.tracker.stop()

    async def seed(
        self,
        name: str,
        *,
        size: int = 4 * MiB,
        files: Mapping[str, int] | None = None,
        seed: int = 0,
        within: float = 30.0,
    ) -> Torrent:
        """Random content named `name` (one file of `size` bytes, or a directory of `files`),
        its torrent, whitelisted and seeded; returns once the tracker lists the seeder."""
        content = self.root / "content" / name
        if files is None:
            await asyncio.to_thread(write_random_files, content.parent, {name: size}, seed=seed)
        else:
            await asyncio.to_thread(write_random_files, content, files, seed=seed)
        torrent_file, hash_ = await asyncio.to_thread(
            make_torrent,
            content,
            self.tracker.announce_url,
            output=self.root / "torrents" / f"{name}.torrent",
        )
        await self.tracker.allow(hash_)
        await self.seeder.add_torrent_file(
            torrent_file, save_path=content.parent, skip_checking=True
        )
        await self.seeder.wait_until_seeding(hash_, within=within)
        await eventually(
            lambda: self.tracker.seeders(hash_),
            within=within,
            what=f"the tracker to list the seeder of {hash_}",
        )
        torrent = Torrent(name, hash_, torrent_file, content, self.tracker.announce_url)
        self.torrents.append(torrent)
        return torrent


@contextlib.asynccontextmanager
async def seeded_torrent(
    root: Path, name: str = "Harness - 01 [1080p].mkv", *, size: int = 4 * MiB, seed: int = 0
) -> AsyncIterator[tuple[Swarm, Torrent]]:
    """A swarm seeding one torrent, for a test that needs exactly that."""
    async with Swarm(root) as swarm:
        yield swarm, await swarm.seed(name, size=size, seed=seed)
