"""A cap on the connections one client address holds open at once (issue 17).

A client opening connections by the thousand would otherwise spend the process's descriptors
before any idle timeout sheds them. Students behind a campus NAT share one public address, so
the cap is generous (`WEB_CONNECTIONS_PER_ADDRESS`, 64 by default; 0 turns it off).

The cap counts the socket's peer address. Nothing here trusts `X-Forwarded-For` (nor does
anything else in the repository): headers are not even read yet when a connection is counted.
Behind a reverse proxy such as nginx every connection comes from the proxy, so there the cap must
be raised above the proxy's own connection count, or turned off and left to the proxy
(`limit_conn`).

`ConnectionCap` is the pure counting (addresses in, decisions out, clock injectable);
`CappedProtocol` is the asyncio glue wrapped around aiohttp's per-connection handler.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

DEFAULT_PER_ADDRESS = 64


class ConnectionCap:
    """Open connections per address, and when a refusal is worth a log line.

    `limit` 0 means no cap. An address is forgotten as soon as its last connection closes, so
    memory follows the open connections, not every address ever seen.
    """

    LOG_WINDOW = 60.0  # seconds: at most one log line per refused address in this time
    MAX_REMEMBERED = 10_000  # refused addresses remembered for the log; the oldest go first

    def __init__(
        self,
        limit: int = DEFAULT_PER_ADDRESS,
        *,
        log_window: float = LOG_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 0:
            raise ValueError("limit must be 0 (no cap) or more")
        self.limit = limit
        self.refused = 0  # connections refused since start
        self._open: dict[str, int] = {}
        self._log_window = log_window
        self._clock = clock
        # address → (when it was last logged, refusals since then), oldest first
        self._logged: dict[str, tuple[float, int]] = {}

    def open_count(self, address: str) -> int:
        return self._open.get(address, 0)

    def acquire(self, address: str) -> bool:
        """Count a new connection from `address`; False (and not counted) when over the cap."""
        held = self._open.get(address, 0)
        if self.limit and held >= self.limit:
            self.refused += 1
            return False
        self._open[address] = held + 1
        return True

    def release(self, address: str) -> None:
        """A counted connection from `address` closed."""
        held = self._open.get(address, 0)
        if held <= 1:
            self._open.pop(address, None)
        else:
            self._open[address] = held - 1

    def should_log(self, address: str) -> int | None:
        """After a refusal: None to stay silent, else how many refusals of `address` the log line
        covers (this one and those kept silent since its last line)."""
        now = self._clock()
        last = self._logged.get(address)
        if last is not None and now - last[0] < self._log_window:
            self._logged[address] = (last[0], last[1] + 1)
            return None
        self._logged.pop(address, None)
        self._logged[address] = (now, 0)
        self._forget_old(now)
        return 1 + (last[1] if last is not None else 0)

    def _forget_old(self, now: float) -> None:
        # Refusals kept silent in a window that has passed are dropped with it: the line for them
        # would come late, and the counter in /metrics has them anyway.
        while self._logged:
            address, (logged_at, _) = next(iter(self._logged.items()))
            if now - logged_at < self._log_window and len(self._logged) <= self.MAX_REMEMBERED:
                break
            del self._logged[address]


class CappedProtocol(asyncio.Protocol):
    """One connection: counted against its address's cap, then handed to aiohttp's handler, or
    closed at once when over the cap, before aiohttp is even built for it, let alone parses a
    byte.

    Only asyncio's public `Protocol` interface is wrapped (aiohttp's handler is a plain
    `asyncio.Protocol` and never asks the transport for its protocol), so the wrapper stays in
    the path and sees `connection_lost`, which gives the count back.
    """

    def __init__(
        self,
        make_handler: Callable[[], asyncio.Protocol],
        cap: ConnectionCap,
        *,
        on_refused: Callable[[], None] | None = None,
    ) -> None:
        self._make_handler = make_handler
        self._cap = cap
        self._on_refused = on_refused
        self._address: str | None = None  # set while this connection is counted
        self._handler: asyncio.Protocol | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        address = _peer_host(transport)
        if address is not None and not self._cap.acquire(address):
            transport.close()  # no answer: the client is over its share, not one bad request
            if self._on_refused is not None:
                self._on_refused()
            covered = self._cap.should_log(address)
            if covered is not None:
                logger.info(
                    "refused %d connection(s) from %s: it holds %d open already, the "
                    "WEB_CONNECTIONS_PER_ADDRESS cap",
                    covered,
                    address,
                    self._cap.open_count(address),
                )
            return
        self._address = address
        try:
            self._handler = self._make_handler()
            self._handler.connection_made(transport)
        except BaseException:
            self._release()
            raise

    def connection_lost(self, exc: Exception | None) -> None:
        try:
            if self._handler is not None:
                self._handler.connection_lost(exc)
        finally:
            self._release()

    def data_received(self, data: bytes) -> None:
        if self._handler is not None:
            self._handler.data_received(data)

    def eof_received(self) -> bool | None:
        return self._handler.eof_received() if self._handler is not None else None

    def pause_writing(self) -> None:
        if self._handler is not None:
            self._handler.pause_writing()

    def resume_writing(self) -> None:
        if self._handler is not None:
            self._handler.resume_writing()

    def _release(self) -> None:
        # Once per counted connection: a refused one was never counted.
        if self._address is not None:
            self._cap.release(self._address)
            self._address = None


def _peer_host(transport: asyncio.BaseTransport) -> str | None:
    """The peer's address without its port (IPv6 peers give a 4-tuple); None if unknown."""
    peer = transport.get_extra_info("peername")
    if isinstance(peer, tuple) and peer:
        return str(peer[0])
    return None
