"""A loopback stand-in for the qBittorrent 5.x Web API, for what the Debian 4.5 package cannot show.

It speaks 5.x shapes as recorded in ../shared/corpora/qbittorrent: a good login answers 204 with
a session cookie and a bad one 401, repeated failures get the recorded "banned" 403;
`torrents/add` answers JSON counts (an http URL is "pending" and shows up a moment later, or never
when it names no torrent); `torrents/pause` and `torrents/resume` are gone (404) in favour of
`stop` and `start`, and states are `stopped*`. Torrents are the recorded ones plus what is added.

    async with Qbittorrent5StandIn(recorded) as qbt:
        gateway = QBittorrentGateway(qbt.url, qbt.username, qbt.password)
"""

from __future__ import annotations

import asyncio
import copy
import re
import secrets
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from aiohttp import web

VERSION = "v5.2.3"
WEB_API_VERSION = "2.11.4"
MAX_LOGIN_FAILURES = 3
_MAGNET_HASH = re.compile(r"xt=urn:btih:([0-9a-fA-F]{40})")
_URL_HASH = re.compile(r"/([0-9a-f]{40})\.torrent$")


class Qbittorrent5StandIn:
    def __init__(
        self,
        torrents: Mapping[str, Mapping[str, Any]],
        *,
        banned_text: str = "Your IP address has been banned.",
        url_delay: float = 0.2,
    ) -> None:
        self.username = "admin"
        self.password = "correct horse"
        self.torrents: dict[str, dict[str, Any]] = {
            h: {**copy.deepcopy(dict(t)), "hash": h} for h, t in torrents.items()
        }
        self.calls: list[str] = []  # API methods called, e.g. "torrents/stop"
        self.conflict_on_next_add = False  # as if another client added it a moment before us
        self.refuse_next_add = False  # answer failure_count 1, as for a torrent it cannot take
        self.banned_text = banned_text
        self.url_delay = url_delay
        self._template = copy.deepcopy(self._metadata_template())
        self._sessions: set[str] = set()
        self._failures = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/api/v2/{namespace}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for task in self._tasks:
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    def _metadata_template(self) -> dict[str, Any]:
        waiting = [t for t in self.torrents.values() if t.get("state") == "metaDL"]
        return dict(waiting[0]) if waiting else {"state": "metaDL", "progress": 0, "tags": ""}

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = f"{request.match_info['namespace']}/{request.match_info['method']}"
        self.calls.append(method)
        form: dict[str, str] = {**request.query}
        if request.method == "POST":
            form.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        if method == "auth/login":
            return self._login(form)
        if request.cookies.get("SID") not in self._sessions:
            return web.Response(status=403, text="Forbidden")
        handler = {
            "app/version": lambda: web.Response(text=VERSION),
            "app/webapiVersion": lambda: web.Response(text=WEB_API_VERSION),
            "torrents/info": lambda: self._info(form),
            "torrents/add": lambda: self._add(form),
            "torrents/addTags": lambda: self._tags(form, add=True),
            "torrents/removeTags": lambda: self._tags(form, add=False),
            "torrents/stop": lambda: self._set_state(form, stopped=True),
            "torrents/start": lambda: self._set_state(form, stopped=False),
            "torrents/delete": lambda: self._delete(form),
        }.get(method)
        if handler is None:  # torrents/pause and torrents/resume no longer exist in 5.x
            return web.Response(status=404, text="Not Found")
        return handler()

    def _login(self, form: Mapping[str, str]) -> web.Response:
        if self._failures >= MAX_LOGIN_FAILURES:
            return web.Response(status=403, text=self.banned_text)
        if (form.get("username"), form.get("password")) != (self.username, self.password):
            self._failures += 1
            return web.Response(status=401, text="Unauthorized")
        sid = secrets.token_hex(16)
        self._sessions.add(sid)
        response = web.Response(status=204)
        response.set_cookie("SID", sid, path="/", httponly=True)
        return response

    def _hashes(self, form: Mapping[str, str]) -> list[str]:
        raw = form.get("hashes", "")
        if raw == "all":
            return list(self.torrents)
        return [h for h in raw.lower().split("|") if h]

    def _info(self, form: Mapping[str, str]) -> web.Response:
        chosen = list(self.torrents.values())
        if "hashes" in form:
            wanted = set(self._hashes(form))
            chosen = [t for t in chosen if t["hash"] in wanted]
        if "tag" in form:
            chosen = [t for t in chosen if form["tag"] in _tags(t)]
        return web.json_response(chosen)

    def _add(self, form: Mapping[str, str]) -> web.Response:
        tags = [t.strip() for t in form.get("tags", "").split(",") if t.strip()]
        counts = {"success_count": 0, "pending_count": 0, "failure_count": 0}
        added: list[str] = []
        for url in filter(None, (u.strip() for u in form.get("urls", "").split("\n"))):
            if self.refuse_next_add:
                self.refuse_next_add = False
                counts["failure_count"] += 1
            elif url.startswith("magnet:") and (found := _MAGNET_HASH.search(url)):
                info_hash = found.group(1).lower()
                if self.conflict_on_next_add:
                    self.conflict_on_next_add = False
                    self._insert(info_hash, [])
                if info_hash in self.torrents:
                    return web.Response(status=409, text="Torrent is already present")
                self._insert(info_hash, tags)
                counts["success_count"] += 1
                added.append(info_hash)
            elif url.startswith(("http://", "https://")):
                counts["pending_count"] += 1
                if found := _URL_HASH.search(url):
                    self._later(found.group(1), tags)
            else:
                counts["failure_count"] += 1
        return web.json_response({"added_torrent_ids": added, **counts})

    def _insert(self, info_hash: str, tags: list[str]) -> None:
        torrent = copy.deepcopy(self._template)
        torrent.update(
            hash=info_hash,
            infohash_v1=info_hash,
            name=info_hash,
            magnet_uri=f"magnet:?xt=urn:btih:{info_hash}",
            tags=", ".join(sorted(tags)),
            state="metaDL",
        )
        self.torrents[info_hash] = torrent

    def _later(self, info_hash: str, tags: list[str]) -> None:
        async def fetch() -> None:
            await asyncio.sleep(self.url_delay)
            self._insert(info_hash, tags)

        task = asyncio.get_running_loop().create_task(fetch())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _tags(self, form: Mapping[str, str], *, add: bool) -> web.Response:
        changed = {t.strip() for t in form.get("tags", "").split(",") if t.strip()}
        for info_hash in self._hashes(form):
            if torrent := self.torrents.get(info_hash):
                now = set(_tags(torrent))
                now = now | changed if add else now - changed
                torrent["tags"] = ", ".join(sorted(now))
        return web.Response(status=200)

    def _set_state(self, form: Mapping[str, str], *, stopped: bool) -> web.Response:
        for info_hash in self._hashes(form):
            if torrent := self.torrents.get(info_hash):
                done = torrent.get("progress", 0) >= 1
                if stopped:
                    torrent["state"] = "stoppedUP" if done else "stoppedDL"
                else:
                    has_metadata = torrent.get("has_metadata", False)
                    torrent["state"] = "stalledUP" if done else "stalledDL"
                    if not done and not has_metadata:
                        torrent["state"] = "metaDL"
        return web.Response(status=200)

    def _delete(self, form: Mapping[str, str]) -> web.Response:
        for info_hash in self._hashes(form):
            self.torrents.pop(info_hash, None)
        return web.Response(status=200)


def _tags(torrent: Mapping[str, Any]) -> list[str]:
    return [t.strip() for t in str(torrent.get("tags", "")).split(",") if t.strip()]
