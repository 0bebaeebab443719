"""The one way a secret file under DATA_DIR is made: private, whole when it appears, made once
however many processes start together, and never silently replaced."""

from __future__ import annotations

import multiprocessing
import os
import stat
import threading
from pathlib import Path

import pytest

from domain.security.secret_file import EmptySecretFile, SecretFileError, load_or_create_secret


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def never() -> str:
    raise AssertionError("an existing secret must not be remade")


def leftovers(directory: Path, name: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != name)


def test_a_new_secret_is_private_and_reported_as_made(tmp_path: Path) -> None:
    path = tmp_path / "data" / "secret"
    value, created = load_or_create_secret(path, lambda: "s3cret")
    assert (value, created) == ("s3cret", True)
    assert path.read_text(encoding="utf-8") == "s3cret\n"
    assert mode(path) == 0o600
    assert leftovers(path.parent, "secret") == []


def test_a_second_call_reads_the_secret_without_making_one(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    first, _ = load_or_create_secret(path, lambda: "first")
    assert load_or_create_secret(path, never) == (first, False)


def test_an_existing_file_is_read_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("  mine \n", encoding="utf-8")
    path.chmod(0o600)
    assert load_or_create_secret(path, never) == ("mine", False)
    assert path.read_text(encoding="utf-8") == "  mine \n"


def test_a_loosened_file_is_made_private_again(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("mine\n", encoding="utf-8")
    path.chmod(0o644)
    assert load_or_create_secret(path, never) == ("mine", False)
    assert mode(path) == 0o600


@pytest.mark.parametrize("text", ["", "\n", "  \n\t"])
def test_an_empty_file_is_a_clear_error_naming_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "secret"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EmptySecretFile, match="empty") as raised:
        load_or_create_secret(path, never)
    assert str(path) in str(raised.value) and raised.value.path == path
    assert isinstance(raised.value, ValueError)
    assert path.read_text(encoding="utf-8") == text  # left for the operator to look at


def test_a_file_that_is_not_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SecretFileError, match=str(path)):
        load_or_create_secret(path, never)


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.mkdir()
    with pytest.raises(SecretFileError, match=f"can't read {path}"):
        load_or_create_secret(path, never)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("mine\n", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(SecretFileError, match=f"can't read {path}"):
            load_or_create_secret(path, never)
    finally:
        path.chmod(0o600)


def test_the_file_is_whole_and_private_before_it_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret"
    seen: list[tuple[str, int, bool]] = []
    link = os.link

    def checking_link(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append((Path(src).read_text(encoding="utf-8"), mode(Path(src)), path.exists()))
        link(src, dst)

    monkeypatch.setattr(os, "link", checking_link)
    load_or_create_secret(path, lambda: "whole")
    assert seen == [("whole\n", 0o600, False)]


def test_two_creators_at_once_end_with_one_value(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    creators = 4
    everyone_made_theirs = threading.Barrier(creators)
    results: list[tuple[str, bool]] = []

    def create(n: int) -> None:
        def make() -> str:
            everyone_made_theirs.wait(timeout=5)  # nobody links before all have a value
            return f"value-{n}"

        results.append(load_or_create_secret(path, make))

    threads = [threading.Thread(target=create, args=(n,)) for n in range(creators)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    values = {value for value, _ in results}
    assert len(results) == creators and len(values) == 1
    assert [created for _, created in results].count(True) == 1
    assert path.read_text(encoding="utf-8") == values.pop() + "\n"
    assert leftovers(tmp_path, "secret") == []


def _create_in_process(path: Path, start: threading.Barrier, n: int) -> str:
    start.wait(timeout=10)
    value, _ = load_or_create_secret(path, lambda: f"process-{n}")
    return value


def test_processes_starting_together_end_with_one_value(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    context = multiprocessing.get_context("fork")
    creators = 4
    with context.Manager() as manager:
        start = manager.Barrier(creators)
        with context.Pool(creators) as pool:
            values = pool.starmap(
                _create_in_process, [(path, start, n) for n in range(creators)], chunksize=1
            )
    assert len(set(values)) == 1
    assert path.read_text(encoding="utf-8") == values[0] + "\n"
    assert leftovers(tmp_path, "secret") == []


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret"

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        load_or_create_secret(path, lambda: "lost")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["", " padded", "two\nlines", "trailing\n"])
def test_a_value_that_would_not_read_back_is_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="one line"):
        load_or_create_secret(tmp_path / "secret", lambda: bad)
    assert list(tmp_path.iterdir()) == []
