"""Title suggestions: cached, debounced, and never late."""

from __future__ import annotations

import asyncio

from bot.discord.suggestions import TitleSuggester, title_choice
from domain.models import Media
from tests.fakes import FakeCatalog
from tests.world import build_world

FRIEREN = Media(154587, "Sousou no Frieren", "Frieren: Beyond Journey's End", season_year=2023)


class CountingCatalog(FakeCatalog):
    def __init__(self) -> None:
        super().__init__([FRIEREN])
        self.calls = 0
        self.gate: asyncio.Event | None = None

    async def search_media(self, title: str, *, limit: int = 5) -> list[Media]:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        return await super().search_media(title, limit=limit)


def suggester(catalog: CountingCatalog, deadline: float = 1.0) -> TitleSuggester:
    world = build_world(media=[FRIEREN])
    world.services.search._catalog = catalog
    return TitleSuggester(world.services, deadline=deadline, quiet=0.01)


async def test_a_title_is_looked_up_once_then_served_from_the_cache() -> None:
    catalog = CountingCatalog()
    titles = suggester(catalog)
    assert await titles.suggest("u1", "Frieren") == [FRIEREN]
    assert await titles.suggest("u2", "  frieren ") == [FRIEREN]
    assert catalog.calls == 1


async def test_only_the_newest_keystroke_of_a_person_is_looked_up() -> None:
    catalog = CountingCatalog()
    titles = suggester(catalog)
    first, second = await asyncio.gather(
        titles.suggest("u1", "frie"), titles.suggest("u1", "frieren")
    )
    assert (first, second) == ([], [FRIEREN])
    assert catalog.calls == 1


async def test_a_slow_catalog_gets_an_empty_answer_by_the_deadline() -> None:
    catalog = CountingCatalog()
    catalog.gate = asyncio.Event()
    titles = suggester(catalog, deadline=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await titles.suggest("u1", "frieren") == []
    assert loop.time() - started < 0.5
    await titles.close()


async def test_too_little_typed_is_not_looked_up() -> None:
    catalog = CountingCatalog()
    assert await suggester(catalog).suggest("u1", " f ") == []
    assert catalog.calls == 0


def test_a_choice_fits_discords_100_characters() -> None:
    long = Media(1, "R" * 150, "E" * 120, synonyms=("Short",), season_year=2024)
    shown, value = title_choice(long)
    assert len(shown) <= 100 and value == "Short"
    assert title_choice(FRIEREN) == ("Frieren: Beyond Journey's End (2023)", "Sousou no Frieren")
