"""/invite, /users, /ban, /unban, /promote, /demote, /audit, /broadcast and setting shares
with /quota."""

from __future__ import annotations

from typing import Protocol

from bot.commands.base import Context, Reply
from bot.commands.numbers import MAX_ID, MAX_NUMBER, parse_number, parse_size
from bot.errors import UsageError
from bot.formatting import human_size, shorten
from domain.models import Quota, Role, User
from domain.services.admin import AdminService
from domain.services.quotas import Limits


class Needs(Protocol):
    """The services these commands use."""

    @property
    def admin(self) -> AdminService: ...


USER_USAGE = "<user number>  (see /users)"
INVITE_USAGE = "[uses] [days] [user|admin]"
MAX_INVITE = 9999  # uses and days of one invite


def parse_user_id(command: str, text: str) -> int:
    return parse_number(text, command, USER_USAGE, high=MAX_ID, hash_ok=True)


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
    uses, days, role = 1, 7, Role.USER
    numbers = []
    for word in ctx.args.lower().split():
        if word in ("user", "admin"):
            role = Role(word)
        else:
            numbers.append(parse_number(word, "invite", INVITE_USAGE, high=MAX_INVITE))
    if len(numbers) > 2:
        raise UsageError("invite", INVITE_USAGE)
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
        count = parse_number(ctx.args, "audit", "[how many]", high=999)
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
        if value == "default":
            values[key] = None
        elif key == "disk":
            values[key] = parse_size(value, "quota", QUOTA_USAGE)
        else:
            values[key] = parse_number(value, "quota", QUOTA_USAGE, high=MAX_NUMBER)
    return Quota(values.get("disk"), values.get("active"), values.get("daily"))
