"""The outbox's values and rules. Pure.

Every notification is written to the outbox in the same transaction as the change that caused it,
one entry per (event, target). `event` is a stable key such as `download_completed:17`: writing
the same (event, target) twice keeps the first, so a rerun after a crash never notifies twice.
The dispatcher leases entries while it delivers them, so two dispatchers never send one entry at
the same time, and an entry a crashed dispatcher held is picked up again once its lease ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.models import ChatTarget, Notification

MAX_ATTEMPTS = 10
FIRST_RETRY_SECONDS = 5.0
LONGEST_RETRY_SECONDS = 3600.0


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    GONE = "gone"  # the target can never be reached; skipped from then on
    FAILED = "failed"  # gave up after MAX_ATTEMPTS


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A notification to write to the outbox for one target."""

    event: str
    target: ChatTarget
    notification: Notification


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A message in the outbox, as the dispatcher claims it."""

    id: int
    event: str
    target: ChatTarget
    notification: Notification
    attempts: int  # failed deliveries so far
    created_at: datetime


def retry_delay(attempts: int, retry_after: float | None = None) -> float:
    """Seconds to wait before the next try, after `attempts` failures (1 or more).

    Doubles each time up to an hour; a platform's own `retry_after` wins when it asks for more.
    """
    exponent = min(max(attempts - 1, 0), 30)
    delay: float = min(FIRST_RETRY_SECONDS * 2.0**exponent, LONGEST_RETRY_SECONDS)
    if retry_after is not None and retry_after > delay:
        return float(retry_after)
    return delay


def gives_up(attempts: int) -> bool:
    """Whether an entry that failed `attempts` times is abandoned."""
    return attempts >= MAX_ATTEMPTS
