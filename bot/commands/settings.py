"""/settings: what the caller wants picked for them, shown with buttons that change it."""

from __future__ import annotations

from typing import Protocol

from bot.commands.base import Button, Context, Reply
from bot.commands.numbers import parse_number, parse_size
from bot.errors import UsageError
from bot.formatting import human_size
from domain.models import Preferences
from domain.services.preferences import RESOLUTIONS, PreferenceService


class Needs(Protocol):
    """The services these commands use."""

    @property
    def preferences(self) -> PreferenceService: ...


USAGE = (
    "[resolution <480|720|1080|2160> | min <resolution>|off | groups <A,B>|off | "
    "trusted on|off | maxsize <size, e.g. 2G>|off | language any|sub|dub|dual]"
)
_OFF = ("off", "none", "any", "0")
_AUDIO = {
    "any": "no preference",
    "sub": "original, subtitled",
    "dub": "English dub (or dual audio)",
    "dual": "dual audio",
}
_AUDIO_BUTTONS = (("any", "Any audio"), ("sub", "Sub"), ("dub", "Dub"), ("dual", "Dual"))
_ON = ("on", "yes", "true", "1")
_SIZE_CHOICES = ("1G", "2G", "4G")


def _service(ctx: Context[Needs]) -> PreferenceService:
    return ctx.services.preferences


def parse_resolution(text: str) -> int:
    """`720`, `720p`, `4k` → 720, 720, 2160; the domain says which values it takes."""
    word = text.strip().lower()
    if word == "4k":
        return 2160
    return parse_number(word.removesuffix("p"), "settings", USAGE, high=99_999)


def describe_preferences(preferences: Preferences) -> str:
    floor = f"{preferences.min_resolution}p" if preferences.min_resolution else "none"
    groups = ", ".join(preferences.groups) if preferences.groups else "any"
    cap = human_size(preferences.max_size) if preferences.max_size else "none"
    return (
        f"Preferred resolution: {preferences.resolution}p\n"
        f"Lowest resolution: {floor}\n"
        f"Preferred groups: {groups}\n"
        f"Trusted uploaders only: {'on' if preferences.trusted_only else 'off'}\n"
        f"Size cap per episode: {cap}\n"
        f"Audio: {_AUDIO[preferences.language]}\n"
        f"Watchlist auto-download: {_auto(preferences)}"
    )


def _auto(preferences: Preferences) -> str:
    platform = preferences.watchlist_auto
    return f"on (told on {platform.value.title()})" if platform is not None else "off"


def _buttons(preferences: Preferences) -> tuple[Button, ...]:
    def mark(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    buttons = [
        Button(
            mark(f"{r}p", r == preferences.resolution), f"/settings resolution {r}", same_row=i > 0
        )
        for i, r in enumerate(RESOLUTIONS)
    ]
    floors = [r for r in RESOLUTIONS if r <= preferences.resolution]
    buttons.append(Button(mark("No minimum", not preferences.min_resolution), "/settings min off"))
    buttons += [
        Button(
            mark(f"Min {r}p", r == preferences.min_resolution), f"/settings min {r}", same_row=True
        )
        for r in floors
    ]
    trusted = "off" if preferences.trusted_only else "on"
    buttons.append(Button(f"Trusted only: turn {trusted}", f"/settings trusted {trusted}"))
    buttons += [
        Button(
            mark(label, language == preferences.language),
            f"/settings language {language}",
            same_row=i > 0,
        )
        for i, (language, label) in enumerate(_AUDIO_BUTTONS)
    ]
    buttons.append(
        Button(mark("No size cap", preferences.max_size is None), "/settings maxsize off")
    )
    buttons += [
        Button(
            mark(f"≤ {size}", preferences.max_size == parse_size(size, "settings", USAGE)),
            f"/settings maxsize {size}",
            same_row=True,
        )
        for size in _SIZE_CHOICES
    ]
    if preferences.groups:
        buttons.append(Button("Any group", "/settings groups off"))
    auto = preferences.watchlist_auto is not None
    buttons.append(
        Button(
            f"Watchlist auto-download: turn {'off' if auto else 'on'}",
            f"/watchlist auto {'off' if auto else 'on'}",
        )
    )
    return tuple(buttons)


def _reply(preferences: Preferences, changed: bool) -> Reply:
    head = "Saved. Your settings now:" if changed else "Your settings:"
    tail = "\nSet groups with /settings groups SubsPlease,Erai-raws"
    return Reply(f"{head}\n{describe_preferences(preferences)}{tail}", _buttons(preferences))


async def settings(ctx: Context[Needs]) -> Reply:
    service = _service(ctx)
    key, _, value = ctx.args.strip().partition(" ")
    key, value = key.lower(), value.strip()
    if not key:
        return _reply(await service.current(ctx.user), changed=False)
    if not value:
        raise UsageError("settings", USAGE)
    match key:
        case "resolution" | "res":
            saved = await service.set_resolution(ctx.user, parse_resolution(value))
        case "min" | "minimum":
            floor = None if value.lower() in _OFF else parse_resolution(value)
            saved = await service.set_min_resolution(ctx.user, floor)
        case "groups" | "group":
            names = [] if value.lower() in _OFF else value.split(",")
            saved = await service.set_groups(ctx.user, names)
        case "trusted":
            if value.lower() not in (*_ON, *_OFF):
                raise UsageError("settings", USAGE)
            saved = await service.set_trusted_only(ctx.user, value.lower() in _ON)
        case "maxsize" | "size":
            saved = await service.set_max_size(ctx.user, _max_size(value))
        case "language" | "audio":
            saved = await service.set_language(ctx.user, value.lower())
        case _:
            raise UsageError("settings", USAGE)
    return _reply(saved, changed=True)


def _max_size(value: str) -> int | None:
    if value.lower() in _OFF:
        return None
    return parse_size(value, "settings", USAGE)
