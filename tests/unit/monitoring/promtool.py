"""Running promtool, which the Debian package `prometheus` installs; tests skip without it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def promtool(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> str:
    """Run `promtool ARGS`; fails the test with promtool's own words when it objects."""
    executable = shutil.which("promtool")
    if executable is None:
        pytest.skip("promtool not installed (Debian package `prometheus`)")
    result = subprocess.run(
        [executable, *args], input=stdin, capture_output=True, timeout=60, cwd=cwd, check=False
    )
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert result.returncode == 0, f"promtool {' '.join(args)} failed:\n{output}"
    return output
