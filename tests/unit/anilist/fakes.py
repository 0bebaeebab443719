"""Hand-written fakes for the AniList tests."""

from __future__ import annotations

import asyncio

from domain.errors import CatalogError
from domain.models import Media, MediaRelations


class FakeTime:
    """A monotonic clock and a sleep that share fake seconds.

    With `auto=True` a sleep moves the clock itself (sequential tests); otherwise sleepers wait
    until the test calls `advance`.
    """

    def __init__(self, *, auto: bool = True) -> None:
        self.now = 0.0
        self.auto = auto
        self.slept: list[float] = []
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.auto:
            self.now += seconds
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, future))
        await future

    async def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [(t, f) for t, f in self._sleepers if t <= self.now]
        self._sleepers = [(t, f) for t, f in self._sleepers if t > self.now]
        for _, future in due:
            if not future.done():
                future.set_result(None)
        for _ in range(10):  # let the woken tasks run up to their next await
            await asyncio.sleep(0)


class FakeCatalog:
    """An AnimeCatalog that answers from a dict, counts calls, and can be held or made to fail."""

    def __init__(self, shows: dict[str, list[Media]] | None = None) -> None:
        self.shows = shows or {}
        self.calls: list[tuple[str, int]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.error: Exception | None = None

    async def relations(self, media_id: int) -> MediaRelations:
        raise CatalogError(f"no relations recorded for #{media_id}")

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        self.calls.append((title, limit))
        await self.gate.wait()
        if self.error is not None:
            raise self.error
        return list(self.shows.get(title.casefold().strip(), []))[:limit]
