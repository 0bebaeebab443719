"""AniList's real GraphQL schema, and graphql-core turned into AniList's HTTP answers.

The schema is ../shared/corpora/anilist/anilist_schema_from_aniflowkmp.graphqls, parsed once per
process on first use; without the ../shared folder a test that needs it is skipped, saying so.

`answer` parses, validates and executes one request body `{"query", "variables",
"operationName"}` over a root object whose attributes are the resolvers, and shapes the outcome
as AniList does (../shared/corpora/anilist/anilist_error_responses.json):

- a document AniList would reject (syntax, an unknown field or argument, a wrong variable type)
  is HTTP 400 with `{"data": null, "errors": [{"message", "status": 400, "locations"}]}`;
- a resolver raising `AniListError` (a bad token, something not found) answers that status with
  the partial `data`, e.g. `{"Viewer": null}`;
- a resolver raising `StandInGap` (an argument or sort the stand-in does not implement) or
  failing unexpectedly is HTTP 500 naming the gap, so the test fails clearly instead of being
  answered something AniList would not say.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from typing import Any

import pytest
from graphql import (
    GraphQLError,
    GraphQLSchema,
    build_schema,
    execute_sync,
    parse,
    validate,
)

from tests.conftest import CORPORA

SCHEMA_PATH = CORPORA / "anilist" / "anilist_schema_from_aniflowkmp.graphqls"


class AniListError(Exception):
    """An error AniList itself answers, with its HTTP status ("Invalid token", 400)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class StandInGap(Exception):
    """Something AniList answers that the stand-in does not implement."""


@cache
def _schema() -> GraphQLSchema:
    return build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))


def anilist_schema() -> GraphQLSchema:
    """AniList's schema; skips the calling test when ../shared is absent."""
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"AniList's schema not found at {SCHEMA_PATH} (the ../shared folder is absent)")
    return _schema()


def only(args: Mapping[str, Any], honoured: Collection[str], where: str) -> None:
    """Refuse arguments the stand-in would silently ignore."""
    ignored = sorted(name for name, value in args.items() if name not in honoured)
    if ignored:
        raise StandInGap(f"the AniList stand-in does not implement {where}({', '.join(ignored)}:)")


def error(
    message: str, status: int, locations: list[dict[str, int]] | None = None
) -> dict[str, Any]:
    """One entry of AniList's `errors` array."""
    found: dict[str, Any] = {"message": message, "status": status}
    if locations:
        found["locations"] = locations
    return found


def _located(exc: GraphQLError, status: int) -> dict[str, Any]:
    where = [{"line": at.line, "column": at.column} for at in exc.locations or ()]
    return error(exc.message, status, where)


def _status(exc: GraphQLError) -> int:
    original = exc.original_error
    if isinstance(original, AniListError):
        return original.status
    if original is None or isinstance(original, GraphQLError):
        return 400  # a variable of the wrong type, an unknown operation name
    return 500


def answer(
    schema: GraphQLSchema, payload: object, root: object, context: object
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body AniList would answer `payload` (a decoded request body)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return 400, {"data": None, "errors": [error("Must provide query string.", 400)]}
    variables = payload.get("variables") or {}
    operation = payload.get("operationName")
    if not isinstance(variables, dict) or not (operation is None or isinstance(operation, str)):
        return 400, {"data": None, "errors": [error("Variables are invalid JSON.", 400)]}
    try:
        document = parse(payload["query"])
    except GraphQLError as exc:
        return 400, {"data": None, "errors": [_located(exc, 400)]}
    invalid = validate(schema, document)
    if invalid:
        return 400, {"data": None, "errors": [_located(exc, 400) for exc in invalid]}
    result = execute_sync(
        schema,
        document,
        root_value=root,
        context_value=context,
        variable_values=variables,
        operation_name=operation,
    )
    if not result.errors:
        return 200, {"data": result.data}
    errors = []
    for failure in result.errors:
        status = _status(failure)
        if status == 500 and not isinstance(failure.original_error, StandInGap):
            failure.message = f"AniList stand-in failed: {failure.original_error!r}"
        errors.append(_located(failure, status))
    return errors[0]["status"], {"data": result.data, "errors": errors}
