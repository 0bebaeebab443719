"""Every GraphQL document validates against AniList's schema (../shared/corpora/anilist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.anilist import queries

graphql = pytest.importorskip(
    "graphql", reason="graphql-core checks the documents against the schema"
)


def documents() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(queries).items()
        if name.isupper() and isinstance(value, str) and value.lstrip().startswith("query")
    }


def test_there_are_documents() -> None:
    assert "SEARCH_MEDIA" in documents()


def test_documents_validate_against_the_schema(corpora: Path) -> None:
    schema_text = (corpora / "anilist/anilist_schema_from_aniflowkmp.graphqls").read_text()
    schema = graphql.build_schema(schema_text)
    for name, document in documents().items():
        errors = graphql.validate(schema, graphql.parse(document))
        assert not errors, f"{name}: {[e.message for e in errors]}"


def test_the_schema_check_would_catch_a_typo(corpora: Path) -> None:
    schema = graphql.build_schema(
        (corpora / "anilist/anilist_schema_from_aniflowkmp.graphqls").read_text()
    )
    broken = queries.SEARCH_MEDIA.replace("seasonYear", "seasonYr")
    assert graphql.validate(schema, graphql.parse(broken))
