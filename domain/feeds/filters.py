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

Regular expressions come from users and run on every item of every feed, so they run on RE2
(google-re2), whose matching time is linear in the title whatever the pattern: no pattern can
backtrack catastrophically and hang the feed job. They are held to a length cap and only ever
see the first `MAX_REGEX_INPUT` characters of a title. RE2 has no lookarounds or backreferences;
a pattern using them, or broken, is refused.
Every rejection names its reason, as the release rules do.

A feed's words are compiled into one RE2 set of literals run once on the case-folded title, and
its regular expressions into one RE2 set run once on the bounded title: one pass each tells
which terms match, and the first rule that fails is read off that, in the order the rules were
always tried, so the verdicts and reasons are those of trying the terms one by one. A set too
large for RE2's memory budget, or a title it cannot take, is tried term by term instead.

The release parser runs only for group=, min= and show=, only on titles the words and regexes
let through, and once per title while it stays in `domain.feeds.parsed`'s memo.
"""

from __future__ import annotations

import logging
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import re2

from domain.errors import InvalidInput
from domain.feeds.models import FeedAction, FeedItem, FeedRules, FeedSettings
from domain.feeds.parse import MAX_TITLE
from domain.feeds.parsed import parsed_release
from domain.releases import ParsedRelease, match_show, title_keys
from domain.releases.matching import TitleKey

MAX_PATTERN = 200
MAX_REGEX_INPUT = 256  # release names are shorter; a pattern's work grows (linearly) with this
MAX_TERMS = 20
MAX_WORD = 100
MIN_INTERVAL = 5 * 60
MAX_INTERVAL = 24 * 3600
# [0-9], not \d: \d matches every script's digits, and int() reads '٣' as 3
_RESOLUTION = re.compile(r"([0-9]{3,4})p?", re.IGNORECASE)
_DURATION = re.compile(r"([0-9]{1,5})([smhd]?)", re.IGNORECASE)
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}
_ACTIONS = {
    "notify": frozenset({FeedAction.NOTIFY}),
    "download": frozenset({FeedAction.DOWNLOAD}),
    "both": frozenset({FeedAction.NOTIFY, FeedAction.DOWNLOAD}),
}
_RE2_OPTIONS: Any = re2.Options()
_RE2_OPTIONS.case_sensitive = False
_RE2_OPTIONS.log_errors = False  # a refused pattern is the user's mistake: told to them, not logged
# A set's DFA can only fail when its budget cannot hold a handful of states; programs this small
# (20 terms of at most 200 characters are far below it) leave that budget tens of times over.
_SET_MAX_MEM = 64 << 20
_SET_MAX_PROGRAM = 50_000
_SET_REGEX_OPTIONS: Any = re2.Options()
_SET_REGEX_OPTIONS.case_sensitive = False
_SET_REGEX_OPTIONS.log_errors = False
_SET_REGEX_OPTIONS.max_mem = _SET_MAX_MEM
_SET_WORD_OPTIONS: Any = re2.Options()
_SET_WORD_OPTIONS.literal = True  # words are substrings of the case-folded title, not patterns
_SET_WORD_OPTIONS.log_errors = False
_SET_WORD_OPTIONS.max_mem = _SET_MAX_MEM

logger = logging.getLogger(__name__)


class UserPattern(Protocol):
    """A user's compiled regular expression (an RE2 one; re2 ships no type hints)."""

    @property
    def pattern(self) -> str: ...

    def search(self, text: str) -> object | None: ...


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


def compile_pattern(pattern: str) -> UserPattern:
    """A user's regular expression, case-insensitive, on RE2; InvalidInput when it is too long,
    broken, or uses what RE2 lacks (lookarounds, backreferences)."""
    if not pattern or len(pattern) > MAX_PATTERN:
        raise InvalidInput(f"a regular expression must be 1 to {MAX_PATTERN} characters")
    try:
        compiled: UserPattern = re2.compile(pattern, _RE2_OPTIONS)
    except UnicodeError:  # lone surrogates: RE2 reads UTF-8
        raise InvalidInput(f"regular expression /{pattern}/ is not valid text") from None
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "refused"  # RE2's own words, as bytes
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise InvalidInput(
            f"regular expression /{pattern}/ is broken or unsupported: {reason} "
            "(lookarounds such as (?=…) and backreferences such as \\1 are not supported)"
        ) from None
    return compiled


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


class TermSet:
    """Which of some patterns occur in a text, found in one RE2 pass. `None` from `matches`
    means the set cannot answer for that text; the caller then tries the patterns one by one."""

    def __init__(self, patterns: Sequence[str], options: Any, sizes: Sequence[int]) -> None:
        self._set: Any = None
        if not patterns or sum(sizes) > _SET_MAX_PROGRAM:
            return
        try:
            terms = re2.Set.SearchSet(options)
            for pattern in patterns:
                terms.Add(pattern)
            terms.Compile()
        except (re2.error, UnicodeError):  # lone surrogates, or what RE2 cannot hold as a set
            logger.debug("%d terms tried one by one: no RE2 set", len(patterns))
            return
        self._set = terms

    @property
    def compiled(self) -> bool:
        return self._set is not None

    def matches(self, text: str) -> frozenset[int] | None:
        if self._set is None:
            return None
        try:
            found = self._set.Match(text)
        except UnicodeError:
            return None
        return frozenset(found) if found else frozenset()


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
        words = (*self._include, *self._exclude)
        self._words = TermSet(words, _SET_WORD_OPTIONS, [4 * len(w) + 8 for w in words])
        patterns = (*self._include_re, *self._exclude_re)
        self._patterns = TermSet(
            [p.pattern for p in patterns],
            _SET_REGEX_OPTIONS,
            [int(getattr(p, "programsize", _SET_MAX_PROGRAM)) for p in patterns],
        )

    def check(self, item: FeedItem) -> Verdict:
        title = item.title[:MAX_TITLE]
        folded = title.casefold()
        reason = self._words_reason(folded)
        if reason is None:
            reason = self._patterns_reason(title[:MAX_REGEX_INPUT])
        if reason is not None:
            return Verdict(item, reason)
        if self._needs_parse:
            return Verdict(item, self._check_release(parsed_release(title)))
        return Verdict(item, None)

    def _words_reason(self, folded: str) -> str | None:
        found = self._words.matches(folded)
        if found is None:
            return self._words_one_by_one(folded)
        for index, word in enumerate(self._include):
            if index not in found:
                return f"no “{word}” in the title"
        offset = len(self._include)
        for index, word in enumerate(self._exclude, offset):
            if index in found:
                return f"“{word}” in the title"
        return None

    def _patterns_reason(self, bounded: str) -> str | None:
        found = self._patterns.matches(bounded)
        if found is None:
            return self._patterns_one_by_one(bounded)
        for index, pattern in enumerate(self._include_re):
            if index not in found:
                return f"does not match /{pattern.pattern}/"
        offset = len(self._include_re)
        for index, pattern in enumerate(self._exclude_re, offset):
            if index in found:
                return f"matches /{pattern.pattern}/"
        return None

    def check_one_by_one(self, item: FeedItem) -> Verdict:
        """The same verdict as `check`, each term tried in turn: the reference `check` is
        tested against, and what it falls back to."""
        title = item.title[:MAX_TITLE]
        reason = self._words_one_by_one(title.casefold())
        if reason is None:
            reason = self._patterns_one_by_one(title[:MAX_REGEX_INPUT])
        if reason is not None:
            return Verdict(item, reason)
        if self._needs_parse:
            return Verdict(item, self._check_release(parsed_release(title)))
        return Verdict(item, None)

    def _words_one_by_one(self, folded: str) -> str | None:
        for word in self._include:
            if word not in folded:
                return f"no “{word}” in the title"
        for word in self._exclude:
            if word in folded:
                return f"“{word}” in the title"
        return None

    def _patterns_one_by_one(self, bounded: str) -> str | None:
        for pattern in self._include_re:
            if not pattern.search(bounded):
                return f"does not match /{pattern.pattern}/"
        for pattern in self._exclude_re:
            if pattern.search(bounded):
                return f"matches /{pattern.pattern}/"
        return None

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
