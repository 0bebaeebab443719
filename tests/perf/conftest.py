"""Benchmarks print their figures; they never pass or fail on a timing."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    """Print a line straight to the terminal, even without `-s`."""

    def emit(line: str) -> None:
        with capsys.disabled():
            print(line, flush=True)

    return emit
