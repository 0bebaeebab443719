"""AniList JSON to domain values. Pure: no I/O.

AniList answers `{"data": ..., "errors": [{"message", "status", "locations"}]}`; errors come
with `data` null or partial and an HTTP status that usually matches the first error's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from domain.errors import CatalogError
from domain.models import AiringEpisode, Media, MediaRelations

logger = logging.getLogger(__name__)


def unwrap_response(payload: object, *, status: int) -> dict[str, Any]:
    """The `data` object of a GraphQL answer.

    Raises CatalogError carrying AniList's messages when the answer has errors, and when it is
    not a GraphQL answer at all or came with a non-2xx status.
    """
    if not isinstance(payload, dict):
        raise CatalogError(f"AniList answered HTTP {status} with JSON that is not an object")
    errors = payload.get("errors")
    if errors:
        messages = "; ".join(error_messages(errors)) or "no message"
        raise CatalogError(f"AniList answered errors (HTTP {status}): {messages}")
    if not 200 <= status < 300:
        raise CatalogError(f"AniList answered HTTP {status}")
    data = payload.get("data")
    if not isinstance(data, dict):
        raise CatalogError(f"AniList answered HTTP {status} without data")
    return data


def error_messages(errors: object) -> list[str]:
    """The `message` of each GraphQL error, whatever else the array holds."""
    if not isinstance(errors, list):
        return [str(errors)]
    messages = []
    for error in errors:
        if isinstance(error, Mapping) and isinstance(error.get("message"), str):
            messages.append(error["message"])
        else:
            messages.append(str(error))
    return messages


def parse_media_page(data: Mapping[str, Any]) -> list[Media]:
    """`data.Page.media` of SEARCH_MEDIA, in AniList's order; unusable entries are skipped."""
    page = data.get("Page")
    media = page.get("media") if isinstance(page, Mapping) else None
    if not isinstance(media, list):
        raise CatalogError("AniList answer has no Page.media list")
    found = []
    for node in media:
        try:
            found.append(parse_media(node))
        except CatalogError as exc:
            logger.debug("skipping AniList media %r: %s", node, exc)
    return found


def parse_media(node: object) -> Media:
    """One `Media` object; every field but `id` may be missing or null."""
    if not isinstance(node, Mapping):
        raise CatalogError(f"AniList media is not an object: {node!r}")
    media_id = _int(node.get("id"))
    if media_id is None:
        raise CatalogError(f"AniList media without an integer id: {node.get('id')!r}")
    title = node.get("title")
    title = title if isinstance(title, Mapping) else {}
    synonyms = node.get("synonyms")
    return Media(
        id=media_id,
        romaji=_str(title.get("romaji")),
        english=_str(title.get("english")),
        native=_str(title.get("native")),
        synonyms=tuple(
            name
            for name in (_str(s) for s in (synonyms if isinstance(synonyms, list) else ()))
            if name
        ),
        episodes=_int(node.get("episodes")),
        status=_str(node.get("status")),
        season_year=_int(node.get("seasonYear")),
        format=_str(node.get("format")),
        cover_url=_cover(node.get("coverImage")),
    )


def _cover(image: object) -> str | None:
    url = _str(image.get("large")) if isinstance(image, Mapping) else None
    return url if url and url.startswith("https://") else None


# Formats that count as a season when numbering episodes; films, OVAs and specials do not.
SEASON_FORMATS = frozenset({"TV", "TV_SHORT", "ONA"})


def parse_relations(data: Mapping[str, Any]) -> MediaRelations:
    """`data.Media` of MEDIA_RELATIONS: the show and its neighbouring seasons."""
    node = data.get("Media")
    if not isinstance(node, Mapping) or _int(node.get("id")) is None:
        raise CatalogError("AniList answer has no Media with an id")
    edges = node.get("relations")
    edges = edges.get("edges") if isinstance(edges, Mapping) else None
    neighbours: dict[str, list[int]] = {"PREQUEL": [], "SEQUEL": []}
    for edge in edges if isinstance(edges, list) else ():
        if not isinstance(edge, Mapping) or edge.get("relationType") not in neighbours:
            continue
        other = edge.get("node")
        if not isinstance(other, Mapping) or other.get("type") != "ANIME":
            continue
        other_id = _int(other.get("id"))
        if other_id is not None and other.get("format") in SEASON_FORMATS:
            neighbours[str(edge["relationType"])].append(other_id)
    title = node.get("title")
    return MediaRelations(
        id=_int(node.get("id")) or 0,
        episodes=_int(node.get("episodes")),
        format=_str(node.get("format")),
        prequels=tuple(neighbours["PREQUEL"]),
        sequels=tuple(neighbours["SEQUEL"]),
        romaji=_str(title.get("romaji")) if isinstance(title, Mapping) else None,
    )


def parse_airing_page(data: Mapping[str, Any]) -> tuple[list[AiringEpisode], bool]:
    """`data.Page` of AIRING_SCHEDULE: the episodes in AniList's order, and whether another page
    follows. Entries without a usable media id, episode or time are skipped."""
    page = data.get("Page")
    schedules = page.get("airingSchedules") if isinstance(page, Mapping) else None
    if not isinstance(page, Mapping) or not isinstance(schedules, list):
        raise CatalogError("AniList answer has no Page.airingSchedules list")
    episodes = []
    for node in schedules:
        if not isinstance(node, Mapping):
            continue
        media_id, episode, airs_at = (
            _int(node.get("mediaId")),
            _int(node.get("episode")),
            _int(node.get("airingAt")),
        )
        if media_id is None or episode is None or airs_at is None or episode < 0 or airs_at < 0:
            logger.debug("skipping AniList airing entry %r", node)
            continue
        episodes.append(AiringEpisode(media_id, episode, datetime.fromtimestamp(airs_at, UTC)))
    info = page.get("pageInfo")
    has_next = isinstance(info, Mapping) and info.get("hasNextPage") is True
    return episodes, has_next


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
