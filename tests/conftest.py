"""Fixtures every layer of the suite shares."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """Third-party test data in ../shared/corpora; tests that need it skip visibly without it."""
    if not CORPORA.is_dir():
        pytest.skip(f"third-party corpora not found at {CORPORA} (the ../shared folder is absent)")
    return CORPORA
