from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from domain.errors import InvalidInput
from domain.nyaa.urls import NO_REMAKES, TRUSTED_ONLY, nyaa_search_url


@pytest.mark.parametrize(
    ("base", "query", "kwargs", "expected"),
    [
        (
            "https://nyaa.si",
            "Kamiina Botan",
            {},
            "https://nyaa.si/?page=rss&q=Kamiina+Botan&c=1_2&f=0",
        ),
        (
            "https://nyaa.si/",
            "Kamiina Botan",
            {"category": "1_0"},
            "https://nyaa.si/?page=rss&q=Kamiina+Botan&c=1_0&f=0",
        ),
        (
            "http://127.0.0.1:9000",
            "frieren 05",
            {"filter_mode": TRUSTED_ONLY},
            "http://127.0.0.1:9000/?page=rss&q=frieren+05&c=1_2&f=2",
        ),
        (
            "https://nyaa.si",
            "",
            {"filter_mode": NO_REMAKES},
            "https://nyaa.si/?page=rss&q=&c=1_2&f=1",
        ),
    ],
)
def test_search_url(base: str, query: str, kwargs: dict[str, object], expected: str) -> None:
    assert nyaa_search_url(base, query, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query", ['"Sousou no Frieren" -batch', "a&c=0_0&f=2", "继母的拖油瓶 / 01", "100% #1 ?x=y"]
)
def test_query_words_travel_intact_and_cannot_add_parameters(query: str) -> None:
    params = parse_qs(urlsplit(nyaa_search_url("https://nyaa.si", query)).query)
    assert params == {"page": ["rss"], "q": [query], "c": ["1_2"], "f": ["0"]}


@pytest.mark.parametrize(
    "kwargs", [{"category": "anime"}, {"category": "1_2&f=2"}, {"category": ""}, {"filter_mode": 3}]
)
def test_bad_category_or_filter(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        nyaa_search_url("https://nyaa.si", "x", **kwargs)  # type: ignore[arg-type]
