"""Users' RSS feeds and their seen items (`domain.ports.FeedRepository`).

Seen items are stored by the SHA-1 of their key, unique per feed, so marking a key twice (a rerun
after a crash) keeps one row. A poll's seen keys, its outbox messages and the feed's poll state
commit in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.feeds.models import Feed, FeedAction, FeedRules, FeedSettings, key_digest
from domain.models import ChatTarget, Platform, TargetKind
from domain.notifications.outbox import OutboxMessage
from storage import models
from storage.repositories import checks
from storage.repositories.errors import translate_errors
from storage.repositories.outbox import enqueue_messages

ETAG_LENGTH = 255
LAST_MODIFIED_LENGTH = 64
_CHUNK = 500  # keys per IN (...) query, well under every backend's parameter limit


def settings_to_json(settings: FeedSettings) -> dict[str, Any]:
    rules = settings.rules
    return {
        "include": list(rules.include),
        "exclude": list(rules.exclude),
        "include_regex": list(rules.include_regex),
        "exclude_regex": list(rules.exclude_regex),
        "groups": list(rules.groups),
        "min_resolution": rules.min_resolution,
        "show": rules.show,
        "actions": sorted(a.value for a in settings.actions),
        "interval": settings.interval,
    }


def settings_from_json(data: dict[str, Any]) -> FeedSettings:
    def strings(key: str) -> tuple[str, ...]:
        return tuple(str(v) for v in data.get(key) or ())

    rules = FeedRules(
        include=strings("include"),
        exclude=strings("exclude"),
        include_regex=strings("include_regex"),
        exclude_regex=strings("exclude_regex"),
        groups=strings("groups"),
        min_resolution=int(data.get("min_resolution") or 0),
        show=data.get("show"),
    )
    actions = frozenset(FeedAction(a) for a in data.get("actions") or [FeedAction.NOTIFY.value])
    interval = data.get("interval")
    return FeedSettings(rules, actions, int(interval) if interval else None)


def to_feed(row: models.Feed) -> Feed:
    reply_to = None
    if row.reply_platform and row.reply_chat_id:
        reply_to = ChatTarget(
            Platform(row.reply_platform), row.reply_chat_id, TargetKind(row.reply_kind or "person")
        )
    return Feed(
        id=row.id,
        owner_id=row.owner_id,  # type: ignore[attr-defined]
        url=row.url,
        settings=settings_from_json(dict(row.settings)),
        reply_to=reply_to,
        created_at=checks.utc(row.created_at),
        primed=row.primed,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled_at=checks.utc(row.last_polled_at) if row.last_polled_at else None,
        last_error=row.last_error,
        matched=row.matched,
    )


def _bounded(value: str | None, limit: int) -> str | None:
    # An over-long validator is useless to send back; dropping it costs one full GET.
    return value if value and len(value) <= limit else None


class TortoiseFeedRepository:
    @translate_errors
    async def add(
        self, *, owner_id: int, url: str, settings: FeedSettings, reply_to: ChatTarget | None
    ) -> Feed:
        row = await models.Feed.create(
            owner_id=owner_id,
            url=url,
            settings=settings_to_json(settings),
            reply_platform=reply_to.platform.value if reply_to else None,
            reply_chat_id=reply_to.chat_id if reply_to else None,
            reply_kind=reply_to.kind.value if reply_to else None,
        )
        return to_feed(row)

    @translate_errors
    async def get(self, feed_id: int) -> Feed | None:
        row = await models.Feed.get_or_none(id=feed_id)
        return to_feed(row) if row else None

    @translate_errors
    async def for_owner(self, owner_id: int | None) -> list[Feed]:
        query = models.Feed.all() if owner_id is None else models.Feed.filter(owner_id=owner_id)
        return [to_feed(row) for row in await query.order_by("id")]

    @translate_errors
    async def delete(self, feed_id: int) -> None:
        async with in_transaction() as connection:
            await models.FeedSeenItem.filter(feed_id=feed_id).using_db(connection).delete()
            await models.Feed.filter(id=feed_id).using_db(connection).delete()

    @translate_errors
    async def unseen(self, feed_id: int, keys: Sequence[str]) -> list[str]:
        digests = {key: key_digest(key) for key in keys}
        values = list(set(digests.values()))
        seen: set[str] = set()
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            rows = models.FeedSeenItem.filter(feed_id=feed_id, key_hash__in=chunk)
            found = await rows.values_list("key_hash", flat=True)
            seen.update(str(value) for value in found)
        return [key for key in keys if digests[key] not in seen]

    @translate_errors
    async def record_poll(
        self,
        feed_id: int,
        *,
        polled_at: datetime,
        seen: Sequence[str] = (),
        messages: Sequence[OutboxMessage] = (),
        matched: int = 0,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
    ) -> None:
        polled_at = checks.utc(polled_at)
        async with in_transaction() as connection:
            if seen:
                await models.FeedSeenItem.bulk_create(
                    [
                        models.FeedSeenItem(feed_id=feed_id, key_hash=digest, seen_at=polled_at)
                        for digest in dict.fromkeys(key_digest(key) for key in seen)
                    ],
                    ignore_conflicts=True,
                    using_db=connection,
                )
            await enqueue_messages(messages, connection=connection)
            changes: dict[str, Any] = {
                "last_polled_at": polled_at,
                "last_error": error,
                "etag": _bounded(etag, ETAG_LENGTH),
                "last_modified": _bounded(last_modified, LAST_MODIFIED_LENGTH),
            }
            if error is None:
                changes["primed"] = True
            if matched:
                changes["matched"] = F("matched") + matched
            await models.Feed.filter(id=feed_id).using_db(connection).update(**changes)
