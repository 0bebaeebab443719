"""Autocomplete: show titles from the catalog and the caller's own downloads.

Discord sends an autocomplete interaction for every keystroke and drops an answer that comes
after 3 seconds. So titles are cached; a keystroke waits a moment and gives way to the same
person's next one (debounce); and every lookup has a hard deadline after which the answer is an
empty list, while the lookup itself goes on in the background to fill the cache for the next
keystroke.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.commands import Caller, Services
from bot.formatting import shorten
from domain.anilist.cache import TtlLru
from domain.errors import DomainError
from domain.models import DownloadStatus, Media

logger = logging.getLogger(__name__)

MIN_CHARACTERS = 2  # one letter matches half the catalog
MAX_CHOICES = 25  # Discord's limit
MAX_CHOICE_TEXT = 100


class TitleSuggester:
    def __init__(
        self,
        services: Services,
        *,
        deadline: float = 2.0,
        quiet: float = 0.25,
        ttl: float = 3600.0,
        limit: int = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._services = services
        self._deadline = deadline
        self._quiet = quiet
        self._limit = limit
        self._clock = clock
        self._cache: TtlLru[str, tuple[Media, ...]] = TtlLru(ttl, 2048)
        self._lookups: dict[str, asyncio.Task[tuple[Media, ...]]] = {}
        self._latest: dict[str, object] = {}  # person -> their newest keystroke

    async def suggest(self, person: str, typed: str) -> list[Media]:
        """Shows the words may name, best first; [] when too short, superseded or too slow."""
        words = " ".join(typed.split())
        if len(words) < MIN_CHARACTERS:
            return []
        key = words.casefold()
        cached = self._cache.get(key, self._clock())
        if cached is not None:
            return list(cached)
        started = asyncio.get_running_loop().time()
        ticket = object()
        self._latest[person] = ticket
        await asyncio.sleep(self._quiet)
        if self._latest.get(person) is not ticket:
            return []  # they typed on; Discord shows the answer to the newest keystroke only
        del self._latest[person]
        lookup = self._lookups.get(key)
        if lookup is None:
            lookup = asyncio.create_task(self._lookup(key, words), name=f"suggest-{key[:20]}")
            self._lookups[key] = lookup
            lookup.add_done_callback(lambda _: self._lookups.pop(key, None))
        remaining = self._deadline - (asyncio.get_running_loop().time() - started)
        try:
            return list(await asyncio.wait_for(asyncio.shield(lookup), max(remaining, 0.0)))
        except TimeoutError:
            logger.debug("title suggestions for %r missed the deadline", words)
            return []

    async def close(self) -> None:
        lookups = list(self._lookups.values())
        for lookup in lookups:
            lookup.cancel()
        await asyncio.gather(*lookups, return_exceptions=True)

    async def _lookup(self, key: str, words: str) -> tuple[Media, ...]:
        try:
            found = tuple(await self._services.search.suggest(words, limit=self._limit))
        except DomainError as exc:
            logger.info("no title suggestions for %r: %s", words, exc)
            return ()
        self._cache.put(key, found, self._clock())
        return found


def title_choice(media: Media) -> tuple[str, str]:
    """(what the list shows, what the option receives), each at most 100 characters."""
    year = f" ({media.season_year})" if media.season_year else ""
    shown = shorten(f"{media.display_title}{year}", MAX_CHOICE_TEXT)
    fitting = [t for t in (media.romaji, media.english, *media.synonyms) if t]
    value = next((t for t in fitting if len(t) <= MAX_CHOICE_TEXT), media.display_title)
    return shown, shorten(value, MAX_CHOICE_TEXT)


async def download_choices(
    services: Services, caller: Caller, typed: str, *, deadline: float = 2.0
) -> list[tuple[str, int]]:
    """The caller's own downloads matching what they typed (a number or part of a name), as
    (what the list shows, download number); [] for strangers and on any failure or delay."""
    try:
        async with asyncio.timeout(deadline):
            user = await services.accounts.identify(
                caller.platform, caller.external_id, caller.display_name
            )
            statuses = await services.downloads.statuses(user)
    except (DomainError, TimeoutError) as exc:
        logger.debug("no download suggestions for %s: %s", caller.external_id, exc)
        return []
    wanted = typed.strip().lstrip("#").casefold()
    matching = [s for s in statuses if _matches(s, wanted)]
    return [(_download_label(s), s.download.id) for s in matching[:MAX_CHOICES]]


def _matches(status: DownloadStatus, wanted: str) -> bool:
    if not wanted:
        return True
    if wanted.isdigit():
        return str(status.download.id).startswith(wanted)
    return wanted in status.download.name.casefold()


def _download_label(status: DownloadStatus) -> str:
    percent = f"{status.progress:.0%}"
    head = f"#{status.download.id} · {percent} · "
    return head + shorten(status.download.name, MAX_CHOICE_TEXT - len(head))
