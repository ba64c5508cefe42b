"""A failing `establishment new` leaves nothing behind (issue 20, class 1): no half-made folder, no
missing parent it made, no temporary file, and nothing already in the folder touched. Failures are
forced midway through the writing (a full disk on the second file, a refused rename, Ctrl-C)."""

import errno
import os
from pathlib import Path

import pytest

from optimiser import starter
from tests.conftest import ROOT, run_cli

MODEL = ROOT / "models" / "health-visiting.yaml"


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _fail_on(monkeypatch, name: str, target: str, error: BaseException) -> list[str]:
    """Make `os.<name>` raise `error` when its destination is `target`; returns the calls seen."""
    real = getattr(os, name)
    seen: list[str] = []

    def fake(source, destination, *args, **kwargs):
        seen.append(Path(destination).name)
        if Path(destination).name == target:
            raise error
        return real(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, name, fake)
    return seen


def test_a_new_folder_and_its_parents_vanish_when_the_rename_fails(tmp_path, monkeypatch):
    seen = _fail_on(monkeypatch, "rename", "plan", OSError(errno.ENOSPC, "No space left on device"))
    done = run_cli("new", tmp_path / "a" / "b" / "plan", "--model", MODEL)
    assert seen == ["plan"]  # the failure came after both files were written into the staging folder
    assert done.exit_code == 2, done.stderr
    assert "No space left on device" in done.stderr and "nothing was written" in done.stderr
    assert _everything(tmp_path) == []


def test_a_full_disk_on_the_second_file_leaves_no_staging_folder(tmp_path, monkeypatch):
    real = Path.write_bytes

    def second_fails(self, data):
        if self.name == starter.WORKBOOK:
            real(self, data[: len(data) // 2])  # half written, as a full disk leaves it
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", second_fails)
    done = run_cli("new", tmp_path / "new" / "plan", "--model", MODEL)
    assert done.exit_code == 2, done.stderr
    assert _everything(tmp_path) == []


def test_an_existing_folder_keeps_what_it_held_when_the_second_file_fails(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("mine\n")
    seen = _fail_on(monkeypatch, "replace", starter.WORKBOOK, OSError(errno.EIO, "Input/output error"))
    done = run_cli("new", tmp_path, "--model", MODEL)
    assert seen == [starter.SCENARIO, starter.WORKBOOK]  # the scenario was in place when the workbook failed
    assert done.exit_code == 2, done.stderr
    assert _everything(tmp_path) == ["notes.txt"] and (tmp_path / "notes.txt").read_text() == "mine\n"


def test_an_existing_folder_keeps_no_temporary_when_staging_the_second_file_fails(tmp_path, monkeypatch):
    real = starter.staged

    def second_fails(path, data):
        if path.name == starter.WORKBOOK:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(starter, "staged", second_fails)
    done = run_cli("new", tmp_path, "--model", MODEL)
    assert done.exit_code == 2, done.stderr
    assert _everything(tmp_path) == []


def test_ctrl_c_midway_leaves_nothing(tmp_path, monkeypatch):
    _fail_on(monkeypatch, "replace", starter.WORKBOOK, KeyboardInterrupt())
    done = run_cli("new", tmp_path, "--model", MODEL)
    assert done.exit_code == 130 and "nothing was written" in done.stderr
    assert _everything(tmp_path) == []


def test_a_failing_workbook_writer_writes_nothing(tmp_path, monkeypatch):
    def broken(*_args):
        raise RuntimeError("the workbook writer broke")

    monkeypatch.setattr(starter, "workbook_bytes", broken)
    done = run_cli("new", tmp_path / "x" / "plan", "--model", MODEL)
    assert done.exit_code == 1 and "the workbook writer broke" in done.stderr
    assert _everything(tmp_path) == []


@pytest.mark.parametrize("existing", [False, True])
def test_a_good_run_leaves_only_the_two_files_with_ordinary_permissions(tmp_path, existing):
    folder = tmp_path / "plan"
    if existing:
        folder.mkdir()
    done = run_cli("new", folder, "--model", MODEL)
    assert done.exit_code == 0, done.stderr
    assert _everything(tmp_path) == ["plan", "plan/localities.xlsx", "plan/scenario.yaml"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert (folder / starter.SCENARIO).stat().st_mode & 0o777 == 0o666 & ~umask
    if not existing:
        assert folder.stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_folder_path_through_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    done = run_cli("new", tmp_path / "file" / "plan", "--model", MODEL)
    assert done.exit_code == 2 and "is a file, not a folder" in done.stderr
    assert _everything(tmp_path) == ["file"]
