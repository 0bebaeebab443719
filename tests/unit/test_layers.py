"""The layer rule of DESIGN.md: imports point down only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package -> packages of ours it must never import
FORBIDDEN = {
    "domain": {"bot", "storage", "scheduler"},
    "storage": {"bot", "scheduler"},
    "scheduler": {"bot", "storage"},
    "monitoring": {"bot", "domain", "storage", "scheduler"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.app import run\nimport storage.models\n")
    assert imported_packages(bad) >= {"bot", "storage"}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_down_only(package: str) -> None:
    violations = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in imported_packages(path) & FORBIDDEN[package]
    ]
    assert violations == []
