"""HTTP plumbing shared by the clients of outside services (Nyaa, AniList).

httpx's own timeouts bound each phase (connect, each read, pool) but not the whole exchange: a
server that sends one byte every few seconds never trips a read timeout. `fetch` adds a total
deadline and a cap on the body it keeps, and turns every transport failure into the caller's
branch of the domain error tree.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from domain.errors import ExternalServiceError
from monitoring.metrics import Metrics

logger = logging.getLogger(__name__)

USER_AGENT = "IIITorrent/0.1"


class MeteredClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` whose `fetch` calls are timed and counted per service."""

    def __init__(self, *args: Any, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics


def make_http_client(
    *,
    connect: float = 5.0,
    read: float = 15.0,
    write: float = 15.0,
    pool: float = 5.0,
    user_agent: str = USER_AGENT,
    transport: httpx.AsyncBaseTransport | None = None,
    metrics: Metrics | None = None,
    follow_redirects: bool = True,
) -> httpx.AsyncClient:
    """An `httpx.AsyncClient` with per-phase timeouts and our User-Agent; the caller closes it.
    With `metrics`, every `fetch` through it is timed and its failures counted. Without
    `follow_redirects` the caller sees each redirect (to check where it leads)."""
    options: dict[str, Any] = {
        "timeout": httpx.Timeout(connect=connect, read=read, write=write, pool=pool),
        "headers": {"User-Agent": user_agent},
        "follow_redirects": follow_redirects,
        "max_redirects": 5,
        "transport": transport,
    }
    if metrics is not None:
        return MeteredClient(metrics=metrics, **options)
    return httpx.AsyncClient(**options)


@dataclass(frozen=True, slots=True)
class HttpReply:
    """A whole answer, read within the deadline and the size cap."""

    status: int
    headers: httpx.Headers
    body: bytes
    url: str  # after redirects

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


async def fetch(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    error: type[ExternalServiceError],
    max_bytes: int,
    total_timeout: float,
    headers: Mapping[str, str] | None = None,
    json: Any = None,
) -> HttpReply:
    """Send one request and read its body, whatever the status.

    Raises `error` when the exchange takes longer than `total_timeout` seconds in all, when the
    body (after content decoding) grows past `max_bytes`, or when the transport fails.
    """
    if not isinstance(http, MeteredClient):
        return await _fetch(http, method, url, error, max_bytes, total_timeout, headers, json)
    service = error.service.lower()
    started = time.perf_counter()
    try:
        return await _fetch(http, method, url, error, max_bytes, total_timeout, headers, json)
    except ExternalServiceError:
        http.metrics.external_request_errors_total.labels(service).inc()
        raise
    finally:
        http.metrics.external_request_seconds.labels(service).observe(time.perf_counter() - started)


async def _fetch(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    error: type[ExternalServiceError],
    max_bytes: int,
    total_timeout: float,
    headers: Mapping[str, str] | None,
    json: Any,
) -> HttpReply:
    try:
        async with asyncio.timeout(total_timeout):
            async with http.stream(method, url, headers=headers, json=json) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise error(
                        f"{error.service} announced {declared} bytes from {url}, "
                        f"more than the {max_bytes} we accept"
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise error(f"{error.service} sent more than {max_bytes} bytes from {url}")
                reply = HttpReply(
                    status=response.status_code,
                    headers=response.headers,
                    body=bytes(body),
                    url=str(response.url),
                )
    except TimeoutError as exc:
        raise error(
            f"{error.service} gave no complete answer from {url} within {total_timeout:g} s"
        ) from exc
    except httpx.TimeoutException as exc:
        raise error(f"{error.service} timed out ({type(exc).__name__}) on {url}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise error(f"{error.service} unreachable at {url}: {type(exc).__name__}: {exc}") from exc
    logger.debug("%s %s -> %s, %d bytes", method, url, reply.status, len(reply.body))
    return reply
