"""Feed filters: parsing what a user typed after the URL, and deciding whether an item passes.
Pure.

Syntax (quotes group words, as in a shell):

    word  -word          the title must contain / must not contain the word (any case)
    /regex/  -/regex/    the title must match / must not match the regular expression
    group=A,B            the release group is one of these
    min=720p             the release is at least this resolution (unknown resolution fails)
    show="Frieren"       the release is of this show (matched like /get matches releases)
    action=notify|download|both    what to do with a match (default: notify)
    every=30m            poll this feed every 30 minutes (5m to 24h; default: the box's setting)

Regular expressions come from users and run on every item of every feed, so they are held to a
length cap, refused when they nest unbounded repeats, repeat overlapping alternatives, use
backreferences or have more than two open-ended repeats (the cheap-to-detect shapes of
catastrophic backtracking), and only ever run on the first `MAX_REGEX_INPUT` characters, so the
worst accepted pattern stays within milliseconds per title.
Every rejection names its reason, as the release rules do.
"""

from __future__ import annotations

import importlib
import re
import shlex
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput
from domain.feeds.models import FeedAction, FeedItem, FeedRules, FeedSettings
from domain.feeds.parse import MAX_TITLE
from domain.releases import ParsedRelease, match_show, parse, title_keys
from domain.releases.matching import TitleKey

MAX_PATTERN = 200
MAX_OPEN_REPEATS = 2
MAX_REGEX_INPUT = 256  # release names are shorter; the work of a pattern grows with this
MAX_TERMS = 20
MAX_WORD = 100
MIN_INTERVAL = 5 * 60
MAX_INTERVAL = 24 * 3600
_RESOLUTION = re.compile(r"(\d{3,4})p?", re.IGNORECASE)
_DURATION = re.compile(r"(\d{1,5})([smhd]?)", re.IGNORECASE)
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}
_ACTIONS = {
    "notify": frozenset({FeedAction.NOTIFY}),
    "download": frozenset({FeedAction.DOWNLOAD}),
    "both": frozenset({FeedAction.NOTIFY, FeedAction.DOWNLOAD}),
}
# re's own parser, to look at a pattern's shape before it ever runs.
_sre: Any = importlib.import_module("re._parser")
_consts: Any = importlib.import_module("re._constants")
_REPEATS = {_consts.MAX_REPEAT, _consts.MIN_REPEAT, getattr(_consts, "POSSESSIVE_REPEAT", None)}


def parse_settings(text: str) -> FeedSettings:
    """What follows the URL in `/feeds add`; InvalidInput naming what is wrong."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""  # backslashes belong to regular expressions, not to the quoting
    lexer.commenters = ""
    try:
        tokens = list(lexer)
    except ValueError as exc:
        raise InvalidInput(f"filters: {exc}") from exc
    if len(tokens) > MAX_TERMS:
        raise InvalidInput(f"at most {MAX_TERMS} filters per feed")
    include: list[str] = []
    exclude: list[str] = []
    include_regex: list[str] = []
    exclude_regex: list[str] = []
    groups: tuple[str, ...] = ()
    min_resolution = 0
    show: str | None = None
    actions = _ACTIONS["notify"]
    interval: int | None = None
    for token in tokens:
        negative = token.startswith("-") and len(token) > 1
        body = token[1:] if negative else token
        name, sep, value = body.partition("=")
        if len(body) >= 2 and body.startswith("/") and body.endswith("/"):
            pattern = body[1:-1]
            compile_pattern(pattern)
            (exclude_regex if negative else include_regex).append(pattern)
        elif sep and not negative and name.lower() in ("group", "groups"):
            groups = tuple(g.strip() for g in value.split(",") if g.strip())
            if not groups:
                raise InvalidInput("group= needs at least one group name")
        elif sep and not negative and name.lower() in ("min", "resolution"):
            min_resolution = _resolution(value)
        elif sep and not negative and name.lower() == "show":
            show = " ".join(value.split())
            if not title_keys([show]):
                raise InvalidInput("show= needs a title")
        elif sep and not negative and name.lower() == "action":
            if value.lower() not in _ACTIONS:
                raise InvalidInput("action= is notify, download or both")
            actions = _ACTIONS[value.lower()]
        elif sep and not negative and name.lower() == "every":
            interval = _interval(value)
        elif sep and not negative:
            raise InvalidInput(f"unknown filter {name}=; try group=, min=, show=, action=, every=")
        elif body.startswith("/"):
            raise InvalidInput("a regular expression is /between slashes/; quote one with spaces")
        else:
            word = body.strip()
            if not word or len(word) > MAX_WORD:
                raise InvalidInput(f"a filter word must be 1 to {MAX_WORD} characters")
            (exclude if negative else include).append(word)
    rules = FeedRules(
        include=tuple(include),
        exclude=tuple(exclude),
        include_regex=tuple(include_regex),
        exclude_regex=tuple(exclude_regex),
        groups=groups,
        min_resolution=min_resolution,
        show=show,
    )
    return FeedSettings(rules=rules, actions=actions, interval=interval)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A user's regular expression, case-insensitive; InvalidInput when it is too long, broken,
    or shaped for catastrophic backtracking."""
    if not pattern or len(pattern) > MAX_PATTERN:
        raise InvalidInput(f"a regular expression must be 1 to {MAX_PATTERN} characters")
    try:
        tree = _sre.parse(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InvalidInput(f"regular expression /{pattern}/ is broken: {exc.msg}") from None
    problem = _danger(tree, inside_repeat=False)
    if problem is None and _open_repeats(tree) > MAX_OPEN_REPEATS:
        problem = f"more than {MAX_OPEN_REPEATS} open-ended repeats (+, *, {{n,}})"
    if problem:
        raise InvalidInput(f"regular expression /{pattern}/ could take forever: {problem}")
    return re.compile(pattern, re.IGNORECASE)


def _danger(tree: Any, *, inside_repeat: bool) -> str | None:
    """A nested unbounded repeat, e.g. (a+)+ or (a|aa)*, or a backreference; None if neither."""
    for op, arg in tree:
        if op in (_consts.GROUPREF, _consts.GROUPREF_EXISTS):
            return "backreferences are not allowed"
        if op in _REPEATS:
            _low, high, sub = arg
            unbounded = high == _consts.MAXREPEAT or high > 100
            if unbounded and inside_repeat:
                return "a repeat inside a repeat"
            found = _danger(sub, inside_repeat=inside_repeat or unbounded)
            if found:
                return found
        elif op == _consts.SUBPATTERN:
            found = _danger(arg[-1], inside_repeat=inside_repeat)
            if found:
                return found
        elif op == _consts.BRANCH:
            if inside_repeat and not _distinct_starts(arg[1]):
                return "alternatives that can overlap inside a repeat"
            for branch in arg[1]:
                found = _danger(branch, inside_repeat=inside_repeat)
                if found:
                    return found
        elif op in (_consts.ASSERT, _consts.ASSERT_NOT):
            found = _danger(arg[1], inside_repeat=inside_repeat)
            if found:
                return found
        elif op == getattr(_consts, "ATOMIC_GROUP", None):
            found = _danger(arg, inside_repeat=inside_repeat)
            if found:
                return found
    return None


def _open_repeats(tree: Any) -> int:
    """How many open-ended repeats the pattern has: each one more multiplies the work on a
    failing input by the input's length."""
    count = 0
    for op, arg in tree:
        if op in _REPEATS:
            _low, high, sub = arg
            count += (high == _consts.MAXREPEAT or high > 100) + _open_repeats(sub)
        elif op == _consts.SUBPATTERN:
            count += _open_repeats(arg[-1])
        elif op == _consts.BRANCH:
            count += max((_open_repeats(branch) for branch in arg[1]), default=0)
        elif op in (_consts.ASSERT, _consts.ASSERT_NOT):
            count += _open_repeats(arg[1])
        elif op == getattr(_consts, "ATOMIC_GROUP", None):
            count += _open_repeats(arg)
    return count


def _distinct_starts(branches: Any) -> bool:
    """Whether every alternative starts with its own literal character, so that at most one of
    them can go on at any point: repeating them then cannot backtrack exponentially."""
    firsts: set[int] = set()
    for branch in branches:
        if not len(branch) or branch[0][0] != _consts.LITERAL:
            return False
        first = chr(branch[0][1]).casefold()
        if ord(first[0]) in firsts:
            return False
        firsts.add(ord(first[0]))
    return True


def _resolution(text: str) -> int:
    match = _RESOLUTION.fullmatch(text.strip())
    if not match or int(match[1]) not in (360, 480, 540, 576, 720, 1080, 1440, 2160):
        raise InvalidInput("min= is a resolution such as 480p, 720p, 1080p or 2160p")
    return int(match[1])


def _interval(text: str) -> int:
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise InvalidInput("every= is a duration such as 15m, 2h or 1d")
    seconds = int(match[1]) * _UNITS[match[2].lower()]
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise InvalidInput("every= must be between 5m and 24h")
    return seconds


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an item passes, and if not, the first rule it failed."""

    item: FeedItem
    reason: str | None

    @property
    def accepted(self) -> bool:
        return self.reason is None


class FeedFilter:
    """A feed's rules, compiled once and run on many items."""

    def __init__(self, rules: FeedRules) -> None:
        self._rules = rules
        self._include = tuple(w.casefold() for w in rules.include)
        self._exclude = tuple(w.casefold() for w in rules.exclude)
        self._include_re = tuple(compile_pattern(p) for p in rules.include_regex)
        self._exclude_re = tuple(compile_pattern(p) for p in rules.exclude_regex)
        self._groups = frozenset(g.casefold() for g in rules.groups)
        self._show: tuple[TitleKey, ...] = title_keys([rules.show]) if rules.show else ()
        self._needs_parse = bool(self._groups or rules.min_resolution or self._show)

    def check(self, item: FeedItem) -> Verdict:
        title = item.title[:MAX_TITLE]
        folded = title.casefold()
        for word in self._include:
            if word not in folded:
                return Verdict(item, f"no “{word}” in the title")
        for word in self._exclude:
            if word in folded:
                return Verdict(item, f"“{word}” in the title")
        bounded = title[:MAX_REGEX_INPUT]
        for pattern in self._include_re:
            if not pattern.search(bounded):
                return Verdict(item, f"does not match /{pattern.pattern}/")
        for pattern in self._exclude_re:
            if pattern.search(bounded):
                return Verdict(item, f"matches /{pattern.pattern}/")
        if self._needs_parse:
            return Verdict(item, self._check_release(parse(title)))
        return Verdict(item, None)

    def _check_release(self, release: ParsedRelease) -> str | None:
        if self._groups and (release.group or "").casefold() not in self._groups:
            return f"group {release.group or 'unknown'} not wanted"
        minimum = self._rules.min_resolution
        if minimum:
            if release.resolution is None:
                return "resolution unknown"
            if release.resolution < minimum:
                return f"{release.resolution}p is below {minimum}p"
        if self._show and match_show(release, self._show) is None:
            return f"not {self._rules.show}"
        return None
