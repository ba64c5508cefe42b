"""-o never harms a file: not an input, not a device, not a file's permissions, and a failed write
leaves nothing behind. Each refusal is checked for its exit code, the path in its message, and a
folder exactly as it was (snapshots before and after)."""

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from optimiser.errors import ExitCode
from tests.conftest import EXAMPLE, run_cli
from tests.output_safety import (
    cannot_write_dev,
    devices,
    leftovers,
    options_folder,
    refused,
    run_process,
    snapshot,
)


@pytest.fixture(autouse=True, scope="module")
def devices_survive():
    """Nothing here writes to the real /dev/null, and /dev/stdout only from a process that cannot
    create files in /dev; check that both are still what they were afterwards."""
    before = devices()
    assert stat.S_ISCHR(before["/dev/null"][0])
    yield
    assert devices() == before, "/dev/null or /dev/stdout was replaced"


@pytest.fixture
def options(tmp_path: Path) -> Path:
    return options_folder(tmp_path / "board")


# 1. -o never replaces an input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [
        "options.yaml",  # the options file itself
        "../board/options.yaml",  # a different spelling of it
        "cap450.yaml",  # one of the listed scenarios
        "model.yaml",  # a listed scenario's model
        "localities.csv",  # its locality file
    ],
)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_compare_never_writes_over_an_input(options, output, fmt, monkeypatch):
    folder = options.parent
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    result = run_cli("compare", "options.yaml", "--format", fmt, "-o", output)
    refused(result, output)
    assert "input file" in result.stderr
    assert snapshot(folder) == before


def test_compare_never_writes_over_an_input_through_a_link(options, tmp_path):
    folder = options.parent
    links = tmp_path / "links"
    links.mkdir()
    (links / "to-options.yaml").symlink_to(options)
    (links / "to-localities.csv").symlink_to(folder / "localities.csv")
    os.link(folder / "model.yaml", links / "hard-model.yaml")
    before, before_links = snapshot(folder), snapshot(links)
    for name in ("to-options.yaml", "to-localities.csv", "hard-model.yaml"):
        result = run_cli("compare", options, "-o", links / name)
        refused(result, name)
    assert snapshot(folder) == before and snapshot(links) == before_links


def test_plan_and_sweep_never_write_over_their_scenario_by_another_name(options, tmp_path):
    folder = options.parent
    before = snapshot(folder)
    other = f"{folder}/../{folder.name}/cap400.yaml"
    for args in (["plan", folder / "cap400.yaml"], ["sweep", folder / "cap400.yaml", "--cap", "300:400:50"]):
        result = run_cli(*args, "-o", other)
        refused(result, other)
    assert snapshot(folder) == before


def test_report_never_writes_over_its_options_file(options):
    folder = options.parent
    before = snapshot(folder)
    result = run_cli("report", options, "-o", options)
    refused(result, str(options))
    assert snapshot(folder) == before


# 2. devices and FIFOs are written through, never replaced ---------------------------------------


def test_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("plan", EXAMPLE, "--format", "csv", "-o", fifo)
    reader.join(10)
    if reader.is_alive():  # unblock the reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced"
    assert received and received[0].decode("utf-8") == run_cli("plan", EXAMPLE, "--format", "csv").stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _device(path: Path, minor: int) -> Path:
    """A private node for a memory device (1,3 null; 1,7 full), or skip where it cannot be made."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"cannot make and open a device node here: {exc}")
    return path


def test_device_is_written_through_not_replaced(tmp_path):
    null = _device(tmp_path / "null", 3)
    result = run_cli("plan", EXAMPLE, "-o", null)
    assert result.exit_code == 0, result.stderr
    info = null.lstat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3), "the device was replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_full_device_is_a_clear_error(tmp_path):
    full = _device(tmp_path / "full", 7)
    before = snapshot(tmp_path)
    result = run_cli("plan", EXAMPLE, "-o", full)
    refused(result, str(full))
    assert "disk is full" in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1"])
def test_standard_output_by_name_reaches_standard_output(tmp_path, name):
    sealed = cannot_write_dev()
    if sealed is None:
        pytest.skip("cannot run a process that is unable to replace /dev/stdout")
    expected = run_cli("plan", EXAMPLE, "--format", "csv").stdout
    piped = run_process("plan", EXAMPLE, "--format", "csv", "-o", name, prefix=sealed)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == expected
    captured = tmp_path / "captured.csv"
    with captured.open("w") as handle:  # stdout is a regular file: written to, not renamed over
        done = run_process("plan", EXAMPLE, "--format", "csv", "-o", name, prefix=sealed, stdout=handle)
        inode = os.fstat(handle.fileno()).st_ino
    assert done.returncode == 0, done.stderr
    assert captured.read_text() == expected and captured.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["captured.csv"]


# 3. permissions: kept when replaced, the umask's when new ---------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_new_output_follows_the_umask(tmp_path, umask, mode):
    out = tmp_path / "plan.txt"
    done = run_process("plan", EXAMPLE, "-o", out, umask=umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_replaced_output_keeps_its_mode(tmp_path):
    out = tmp_path / "plan.txt"
    out.write_text("old plan\n")
    out.chmod(0o640)
    link = tmp_path / "latest.txt"
    link.symlink_to(out.name)
    done = run_process("plan", EXAMPLE, "-o", link, umask=0o077)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "Total" in out.read_text() and link.is_symlink(), "the link is kept, the file it names replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.txt", "plan.txt"]


# 5. a read-only folder or a full disk: a clear message, nothing half-written ---------------------


def _denied(*args, **kwargs):
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs.get("dir"))


@pytest.mark.parametrize("existing", [False, True])
def test_read_only_folder_is_a_clear_error(tmp_path, monkeypatch, existing):
    out = tmp_path / "plan.json"
    if existing:
        out.write_text("{}\n")
    before = snapshot(tmp_path)
    monkeypatch.setattr(tempfile, "mkstemp", _denied)
    result = run_cli("plan", EXAMPLE, "--format", "json", "-o", out)
    refused(result, str(out))
    assert "Permission denied" in result.stderr and "nothing was written" in result.stderr
    assert snapshot(tmp_path) == before


def _fills_up_on(marker: str):
    """os.write that writes part of a temporary file named with `marker`, then finds the disk full."""
    real_write = os.write

    def write(fd: int, data) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if marker in target and target.endswith(".tmp"):
            if len(data) > 64:
                return real_write(fd, bytes(data[:64]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    return write


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_full_disk_leaves_the_old_file_whole(tmp_path, monkeypatch):
    out = tmp_path / "plan.csv"
    out.write_text("the previous plan\n")
    before = snapshot(tmp_path)
    monkeypatch.setattr(os, "write", _fills_up_on("plan.csv"))
    result = run_cli("plan", EXAMPLE, "--format", "csv", "-o", out)
    monkeypatch.undo()
    refused(result, str(out))
    assert "No space left on device" in result.stderr and "disk is full" in result.stderr
    assert snapshot(tmp_path) == before and not leftovers(tmp_path)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv")
def test_read_only_folder_for_real(tmp_path):
    """Root writes anywhere, so the command runs as root without capabilities (setpriv empties the
    bounding set): the folder's 0555 then holds, as it would for any user."""
    scenario = options_folder(tmp_path / "inputs").parent / "cap400.yaml"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    before = snapshot(tmp_path)
    out = locked / "plan.txt"
    command = ["setpriv", "--bounding-set", "-all", "--", sys.executable, "-m", "optimiser"]
    done = subprocess.run(
        [*command, "plan", str(scenario), "-o", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == ExitCode.BAD_INPUT, done.stderr
    assert str(out) in done.stderr and "Permission denied" in done.stderr
    assert "internal error" not in done.stderr
    assert snapshot(tmp_path) == before
