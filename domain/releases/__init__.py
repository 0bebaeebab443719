"""Release intelligence: parse anime release names and rank releases for a request. Pure.

- parse(name) -> ParsedRelease: lexer.py cuts the name into tokens (word tables in
  tokens.py, numbers in numbers.py), parser.py picks episode, title, group and the rest,
  and bilingual.py sets a CJK name beside a Latin one apart as an alternative title;
- rank(releases, wanted, preferences) -> Ranking: the rejection rules of rules.py, then the
  one sort key of ranking.py; match_show in matching.py decides whether a name is the show;
- to_absolute, to_season, is_same_episode, is_upgrade, is_duplicate: numbering.py.
"""

from __future__ import annotations

from domain.releases.matching import ShowMatch, match_show, normalise, title_key, title_keys
from domain.releases.models import Candidate, ParsedRelease, Ranking, Rejection, Wanted
from domain.releases.numbering import (
    is_duplicate,
    is_same_episode,
    is_upgrade,
    to_absolute,
    to_season,
)
from domain.releases.parser import parse
from domain.releases.ranking import explain, rank, sort_key
from domain.releases.rules import RULES, Rule, Subject

__all__ = [
    "RULES",
    "Candidate",
    "ParsedRelease",
    "Ranking",
    "Rejection",
    "Rule",
    "ShowMatch",
    "Subject",
    "Wanted",
    "explain",
    "is_duplicate",
    "is_same_episode",
    "is_upgrade",
    "match_show",
    "normalise",
    "parse",
    "rank",
    "sort_key",
    "title_key",
    "title_keys",
    "to_absolute",
    "to_season",
]
