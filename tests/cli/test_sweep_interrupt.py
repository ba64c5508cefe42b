"""Killing a two-process sweep (SIGTERM or Ctrl-C's SIGINT to the main process) stops its workers
at once and writes nothing: no output file, no temporary file, no process left behind. Even after
SIGKILL, which allows no clean-up, the workers end with the main process."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic import write_synthetic
from optimiser.errors import ExitCode
from tests.conftest import ROOT
from tests.output_safety import snapshot

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _started(pid: int) -> str | None:
    """The start time of process `pid` (None when it is gone or a zombie), so a reused pid is not it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in "ZX" else fields[19]


def _children(pid: int) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found[int(entry.name)] = fields[19]
    return found


def _default_sigint() -> None:
    """A shell's background job ignores SIGINT, and a child would inherit that: undo it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """2,000 synthetic localities: a 501-point sweep takes several seconds in two processes."""
    return write_synthetic(tmp_path_factory.mktemp("big"), 2000)


@pytest.mark.parametrize(
    ("sig", "code"),
    [
        (signal.SIGTERM, ExitCode.TERMINATED),
        (signal.SIGINT, ExitCode.INTERRUPTED),
        (signal.SIGKILL, -signal.SIGKILL),  # no clean-up possible: the workers end with it (Linux)
    ],
)
def test_killed_sweep_stops_its_workers_and_writes_nothing(big, tmp_path, sig, code):
    out = tmp_path / "out.json"
    before = snapshot(big.parent), snapshot(tmp_path)
    command = [sys.executable, "-m", "optimiser", "sweep", str(big), "--cap", "100:600:1", "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "--format", "json", "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    workers: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the sweep never started its workers"
        time.sleep(0.3)  # let them take their first chunks
        workers = _children(process.pid)
        assert process.poll() is None, "the sweep finished before it could be stopped"
        sent = time.monotonic()
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=10)
        assert time.monotonic() - sent < 10
        assert process.returncode == code, stderr
        if sig != signal.SIGKILL:
            assert "interrupted" in stderr and "nothing was written" in stderr
        assert stdout == "" and "Traceback" not in stderr
        settle = time.monotonic() + 3
        while time.monotonic() < settle and any(_started(p) == s for p, s in workers.items()):
            time.sleep(0.05)
        assert not [p for p, s in workers.items() if _started(p) == s], "a worker outlived the sweep"
        assert (snapshot(big.parent), snapshot(tmp_path)) == before, "a file was written"
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        for pid, start in workers.items():
            if _started(pid) == start:
                os.kill(pid, signal.SIGKILL)
