from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from domain.http import make_http_client


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(connect=2.0, read=5.0, write=5.0, pool=2.0) as client:
        yield client
