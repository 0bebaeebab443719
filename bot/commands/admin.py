"""/invite, /users, /ban, /unban, /promote, /demote, /audit, /broadcast and setting shares
with /quota."""

from __future__ import annotations

import re
from typing import Protocol

from bot.commands.base import Context, Reply
from bot.errors import UsageError
from bot.formatting import human_size, shorten
from domain.models import Quota, Role, User
from domain.services.admin import AdminService
from domain.services.quotas import Limits


class Needs(Protocol):
    """The services these commands use."""

    @property
    def admin(self) -> AdminService: ...


_SIZE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]?)i?b?$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
MAX_NUMBER = 10**9


def parse_size(text: str) -> int:
    """`20G`, `500MB`, `1.5TiB`, `0` (no limit) → bytes."""
    match = _SIZE.match(text.strip())
    if not match:
        raise ValueError(text)
    value = int(float(match["number"]) * _UNITS[match["unit"].lower()])
    if value > 1024**5:
        raise ValueError(text)
    return value


def parse_user_id(command: str, text: str) -> int:
    head = text.strip().lstrip("#")
    if not head.isdigit() or len(head) > 9:
        raise UsageError(command, "<user number>  (see /users)")
    return int(head)


def _admin(ctx: Context[Needs]) -> AdminService:
    return ctx.services.admin


def describe_user(user: User) -> str:
    flags = f" · {user.role}" if user.role is not Role.USER else ""
    flags += " · banned" if user.banned else ""
    return f"#{user.id} {shorten(user.display_name, 40)}{flags}"


def describe_limits(limits: Limits) -> str:
    disk = human_size(limits.disk_bytes) if limits.disk_bytes else "no limit"
    active = str(limits.active_torrents) if limits.active_torrents else "no limit"
    daily = str(limits.downloads_per_day) if limits.downloads_per_day else "no limit"
    return f"disk {disk} · active {active} · per day {daily}"


async def invite(ctx: Context[Needs]) -> Reply:
    usage = "[uses] [days] [user|admin]"
    uses, days, role = 1, 7, Role.USER
    numbers = []
    for word in ctx.args.lower().split():
        if word.isdigit() and len(word) <= 4:
            numbers.append(int(word))
        elif word in ("user", "admin"):
            role = Role(word)
        else:
            raise UsageError("invite", usage)
    if len(numbers) > 2:
        raise UsageError("invite", usage)
    if numbers:
        uses = numbers[0]
    if len(numbers) == 2:
        days = numbers[1]
    made = await _admin(ctx).invite(ctx.user, uses=uses, days=days, role=role)
    times = "once" if uses == 1 else f"{uses} times"
    return Reply(
        f"Invite for a new {role}, good {times} for {days} days:\n"
        f"/start {made.code}\n"
        "The newcomer sends that line to me (a Telegram link ending in ?start=<code> works too)."
    )


async def users(ctx: Context[Needs]) -> Reply:
    everyone = await _admin(ctx).users(ctx.user)
    lines = [f"Users ({len(everyone)}):", *map(describe_user, everyone)]
    return Reply("\n".join(lines))


async def ban(ctx: Context[Needs]) -> Reply:
    user = await _admin(ctx).ban(ctx.user, parse_user_id("ban", ctx.args))
    return Reply(f"🚫 Banned {describe_user(user)}")


async def unban(ctx: Context[Needs]) -> Reply:
    user = await _admin(ctx).unban(ctx.user, parse_user_id("unban", ctx.args))
    return Reply(f"✅ Unbanned {describe_user(user)}")


async def promote(ctx: Context[Needs]) -> Reply:
    user = await _admin(ctx).promote(ctx.user, parse_user_id("promote", ctx.args))
    return Reply(f"⬆️ {describe_user(user)} is now an admin")


async def demote(ctx: Context[Needs]) -> Reply:
    user = await _admin(ctx).demote(ctx.user, parse_user_id("demote", ctx.args))
    return Reply(f"⬇️ {describe_user(user)} is now a user")


async def audit(ctx: Context[Needs]) -> Reply:
    count = 20
    if ctx.args.strip():
        if not ctx.args.strip().isdigit() or len(ctx.args.strip()) > 3:
            raise UsageError("audit", "[how many]")
        count = int(ctx.args.strip())
    entries = await _admin(ctx).audit(ctx.user, count)
    if not entries:
        return Reply("The audit log is empty.")
    lines = ["Latest first:"]
    for entry in entries:
        actor = f"#{entry.actor_id}" if entry.actor_id is not None else "system"
        detail = f" ({entry.detail})" if entry.detail else ""
        lines.append(f"{entry.at:%Y-%m-%d %H:%M} {actor} {entry.action} {entry.target}{detail}")
    return Reply("\n".join(lines))


async def broadcast(ctx: Context[Needs]) -> Reply:
    if not ctx.args.strip():
        raise UsageError("broadcast", "<text>")
    people = await _admin(ctx).broadcast(ctx.user, ctx.args)
    return Reply(f"📣 Sent to {people} {'person' if people == 1 else 'people'}.")


QUOTA_USAGE = "<user number> [disk 20G] [active 3] [daily 10] | reset   (0: no limit)"


def parse_quota(words: list[str]) -> Quota:
    """`disk 20G active 3 daily default` → a Quota; `default` returns a field to the setting."""
    if words == ["reset"]:
        return Quota()
    if not words or len(words) % 2:
        raise UsageError("quota", QUOTA_USAGE)
    values: dict[str, int | None] = {}
    for key, value in zip(words[::2], words[1::2], strict=True):
        if key not in ("disk", "active", "daily") or key in values:
            raise UsageError("quota", QUOTA_USAGE)
        try:
            if value == "default":
                values[key] = None
            elif key == "disk":
                values[key] = parse_size(value)
            elif value.isdigit() and int(value) <= MAX_NUMBER:
                values[key] = int(value)
            else:
                raise ValueError(value)
        except ValueError:
            raise UsageError("quota", QUOTA_USAGE) from None
    return Quota(values.get("disk"), values.get("active"), values.get("daily"))
