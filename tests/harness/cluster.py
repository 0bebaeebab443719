"""Several `iiitorrent` processes as one deployment: the round-robin proxy in front of their
Telegram webhooks (the load balancer of a real one), what each says on its own /metrics, and
bursts of notices put into the outbox they share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
from aiohttp import ClientSession, web

from domain.models import ChatTarget, Notification, NotificationKind, Platform
from domain.notifications.outbox import DeliveryState, OutboxMessage
from storage.database import open_database
from storage.repositories.outbox import TortoiseOutboxRepository
from tests.harness.process import IIITorrent
from tests.harness.torrents import free_port


async def metric(settings: Mapping[str, str], name: str, **labels: str) -> float:
    """One sample of the process's /metrics (at its METRICS_PORT), 0 when it has none yet."""
    async with httpx.AsyncClient(timeout=5) as http:
        text = (await http.get(f"http://127.0.0.1:{settings['METRICS_PORT']}/metrics")).text
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        head, _, value = line.rpartition(" ")
        if re.fullmatch(rf"iiitorrent_{name}(\{{{re.escape(wanted)}\}})?", head):
            return float(value)
    return 0.0


async def start_runs(
    stack: AsyncExitStack, box: Mapping[str, str], ports: Iterable[int], root: Path
) -> list[tuple[IIITorrent, dict[str, str]]]:
    """`iiitorrent run` with the `box` settings on each of `ports`, each with its own DATA_DIR
    and METRICS_PORT under `root`, stopped when `stack` closes; each process and its settings.

    One at a time: the first applies the migrations, the next finds them done."""
    runs = []
    for n, port in enumerate(ports):
        settings = {
            **box,
            "DATA_DIR": str(root / f"run{n}" / "data"),
            "HTTP_PORT": str(port),
            "METRICS_PORT": str(free_port()),
        }
        run = await stack.enter_async_context(IIITorrent("run", settings, root / f"run{n}"))
        await run.expect("scheduler started", source="errors", within=60)
        runs.append((run, settings))
    return runs


def burst(chats: Iterable[int], per_chat: int) -> list[OutboxMessage]:
    """`per_chat` completion notices to each Telegram chat, interleaved chat by chat."""
    chats = list(chats)
    return [
        OutboxMessage(
            f"burst:{chat}:{n}",
            ChatTarget(Platform.TELEGRAM, str(chat)),
            Notification(NotificationKind.DOWNLOAD_COMPLETED, "Download complete", f"notice {n}"),
        )
        for n in range(per_chat)
        for chat in chats
    ]


async def enqueue(database_url: str, messages: list[OutboxMessage]) -> None:
    """Into the shared outbox, as a process that had them to send would."""
    async with open_database(database_url):
        assert await TortoiseOutboxRepository().enqueue(messages) == len(messages)


async def outbox_states(database_url: str) -> Counter[DeliveryState]:
    async with open_database(database_url):
        return Counter(state for _, state in await TortoiseOutboxRepository().entries())


class RoundRobin:
    """The smallest reverse proxy: each POST goes to the next backend in turn, body and headers
    as they came, and the backend's answer goes back."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self.forwarded: Counter[str] = Counter()
        self.turns: list[str] = []  # the backend of each POST, in order
        self.port = free_port()
        self._turn = 0
        self._runner: web.AppRunner | None = None
        self._http: ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> RoundRobin:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = ClientSession()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._http is not None and self._runner is not None
        await self._http.close()
        await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        backend = self.backends[self._turn % len(self.backends)]
        self._turn += 1
        self.forwarded[backend] += 1
        self.turns.append(backend)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with self._http.post(
            backend + request.path, data=await request.read(), headers=headers
        ) as answer:
            return web.Response(status=answer.status, body=await answer.read())
