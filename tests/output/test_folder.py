"""`report -o DIR` never harms a file: --force writes beside other files but never over them, a
failed or raced write leaves no half-written folder, and replaced files keep their permissions."""

import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import optimiser.render.report
from optimiser.errors import ExitCode
from optimiser.output.folder import MARKER
from tests.conftest import ROOT, run_cli
from tests.output_safety import leftovers, options_folder, refused, snapshot

PACKS: dict[tuple, dict[str, bytes]] = {}


@pytest.fixture(autouse=True)
def quick_packs(monkeypatch):
    """Charts take a second or two a pack: make each pack once, by title and scenario names (what
    these tests check is how the folder is written, not what the files say)."""
    make = optimiser.render.report.pack

    def cached(paper, options, frontiers, curves=None, horizon=None, *rest, **named):
        key = (paper.title, tuple(o.path.name for o in options), horizon and horizon.path.name)
        if key not in PACKS:
            PACKS[key] = make(paper, options, frontiers, curves, horizon, *rest, **named)
        return PACKS[key]

    monkeypatch.setattr(optimiser.render.report, "pack", cached)


@pytest.fixture
def options(tmp_path: Path) -> Path:
    return options_folder(tmp_path / "board")


def _marked(folder: Path) -> set[str]:
    return set(json.loads((folder / MARKER).read_text())["files"])


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {MARKER}


# 4. --force writes beside other files, never over them --------------------------------------------


@pytest.mark.parametrize("foreign", ["report.md", "report.xlsx", "charts/load.png"])
def test_force_never_replaces_a_file_it_did_not_write(options, tmp_path, foreign):
    out = tmp_path / "pack"
    (out / "charts").mkdir(parents=True)
    (out / foreign).write_bytes(b"the user's own file")
    (out / "minutes.docx").write_bytes(b"board minutes")
    before = snapshot(out)
    result = run_cli("report", options, "-o", out, "--force")
    refused(result, str(out), foreign)
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before and not leftovers(tmp_path)


def test_force_refuses_a_file_where_its_charts_folder_goes(options, tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "charts").write_bytes(b"not a folder")
    before = snapshot(out)
    result = run_cli("report", options, "-o", out, "--force")
    refused(result, str(out), "charts")
    assert snapshot(out) == before


def test_force_writes_beside_other_files_and_rewrites_its_own(options, tmp_path):
    out = tmp_path / "pack"
    assert run_cli("report", options, "-o", out).exit_code == 0
    (out / "report.md").chmod(0o640)
    (out / "notes.txt").write_bytes(b"my notes")
    assert run_cli("report", options, "-o", out).exit_code == ExitCode.BAD_INPUT  # not without --force
    result = run_cli("report", options, "-o", out, "--force", "--title", "Second run")
    assert result.exit_code == 0, result.stderr
    assert (out / "notes.txt").read_bytes() == b"my notes"
    assert "Second run" in (out / "report.md").read_text()
    assert stat.S_IMODE((out / "report.md").stat().st_mode) == 0o640, "a replaced file keeps its mode"
    assert _marked(out) == _files(out) - {"notes.txt"}
    assert not leftovers(tmp_path)


def test_files_from_an_earlier_run_stay_ours(options, tmp_path):
    """A run with fewer options leaves the earlier charts; they stay listed, so a rerun may go on."""
    out = tmp_path / "pack"
    assert run_cli("report", options, "-o", out).exit_code == 0
    two = _files(out)
    assert run_cli("report", options.parent / "cap400.yaml", "-o", out).exit_code == 0
    assert _files(out) == two and _marked(out) == two
    assert run_cli("report", options, "-o", out).exit_code == 0


# 3. permissions of a new pack follow the umask -----------------------------------------------------


@pytest.mark.parametrize(
    ("umask", "folder_mode", "file_mode"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)]
)
def test_new_pack_follows_the_umask(options, tmp_path, umask, folder_mode, file_mode):
    out = tmp_path / "pack"
    previous = os.umask(umask)
    try:
        result = run_cli("report", options, "-o", out)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    for path in (out, out / "charts"):
        assert stat.S_IMODE(path.stat().st_mode) == folder_mode
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {file_mode}


# 5. failures: a clear message naming the folder, nothing half-written ------------------------------


def test_read_only_parent_is_a_clear_error(options, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs.get("dir"))

    out = tmp_path / "pack"
    before = snapshot(tmp_path)
    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    result = run_cli("report", options, "-o", out)
    refused(result, str(out), "Permission denied")
    assert snapshot(tmp_path) == before


def test_full_disk_while_building_a_new_pack_leaves_nothing(options, tmp_path, monkeypatch):
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name == "report.xlsx":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    out = tmp_path / "pack"
    before = snapshot(tmp_path)
    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    result = run_cli("report", options, "-o", out)
    refused(result, str(out), "disk is full")
    assert snapshot(tmp_path) == before, "no folder, no staging folder"


def test_full_disk_while_rewriting_a_pack_leaves_it_as_it_was(options, tmp_path, monkeypatch):
    out = tmp_path / "pack"
    assert run_cli("report", options, "-o", out).exit_code == 0
    before = snapshot(tmp_path)
    real = os.write

    def write(fd: int, data) -> int:
        if "report.xlsx." in os.readlink(f"/proc/self/fd/{fd}"):  # its temporary file, part-written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    result = run_cli("report", options, "-o", out, "--title", "Another title")
    monkeypatch.undo()
    refused(result, str(out), "disk is full", "nothing was written")
    assert snapshot(tmp_path) == before and not leftovers(tmp_path)


def test_another_run_finishing_first_is_a_clear_error(options, tmp_path, monkeypatch):
    """The other run renames its folder into place just before this run's rename."""
    out = tmp_path / "pack"
    real = os.replace

    def replace(source, target):
        if Path(source).is_dir() and Path(target) == out and not out.exists():
            (out / "charts").mkdir(parents=True)
            (out / "report.md").write_text("the other run's report\n")
            (out / MARKER).write_text(json.dumps({"files": ["report.md"]}))
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run_cli("report", options, "-o", out)
    monkeypatch.undo()
    refused(result, str(out), "another run")
    assert (out / "report.md").read_text() == "the other run's report\n"
    assert _files(out) == {"report.md"}, "the folder holds the other run's files only"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "pack"], "no staging folder left"


def test_another_run_writing_the_same_folder_is_a_clear_error(options, tmp_path):
    out = tmp_path / "pack"
    assert run_cli("report", options, "-o", out).exit_code == 0
    before = snapshot(tmp_path)
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as the other run holds it while it writes
        result = run_cli("report", options, "-o", out, "--title", "Another title")
    finally:
        os.close(handle)
    refused(result, str(out), "another run")
    assert snapshot(tmp_path) == before


def test_two_runs_racing_for_one_new_folder(options, tmp_path):
    """Real processes: one wins; the other either fails clearly or, if later, replaces it whole."""
    out = tmp_path / "pack"
    scenario = options.parent / "cap400.yaml"
    command = [sys.executable, "-m", "optimiser", "report", str(scenario), "-o", str(out)]
    runs = [
        subprocess.Popen(
            [*command, "--title", title], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for title in ("Run A", "Run B")
    ]
    done = [(run.wait(120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert sorted(code for code, _ in done) in ([0, 0], [0, ExitCode.BAD_INPUT]), done
    for code, message in done:
        if code:
            assert str(out) in message and "another run" in message
    paper, page = (out / "report.md").read_text(), (out / "report.html").read_text()
    titles = {title for title in ("Run A", "Run B") if title in paper}
    assert len(titles) == 1 and titles <= {t for t in ("Run A", "Run B") if t in page}, "one run's files"
    assert _marked(out) == _files(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "pack"] and not leftovers(tmp_path)
