"""Shared by the output-safety tests: folder snapshots, a copied scenario, the CLI as a process."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from optimiser.errors import ExitCode
from tests.conftest import MODEL, ROOT, TABLE1

SCENARIO = """\
name: {name}
model: model.yaml
localities: localities.csv
cap: {cap}
cost_per_wte: 38323
"""


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder`: its kind, mode and (for regular files) bytes; links by target."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(folder))
        if stat.S_ISREG(info.st_mode):
            found[key] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
        elif stat.S_ISLNK(info.st_mode):
            found[key] = ("link", os.readlink(path))
        else:
            found[key] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return found


def leftovers(folder: Path) -> list[str]:
    """Temporary files or staging folders anywhere under `folder`."""
    return [str(p) for p in folder.rglob("*") if p.name.endswith(".tmp")]


def options_folder(folder: Path) -> Path:
    """Two scenarios (caps 400 and 450) sharing a model and locality file, and an options file."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(MODEL, folder / "model.yaml")
    shutil.copy(TABLE1, folder / "localities.csv")
    (folder / "cap400.yaml").write_text(SCENARIO.format(name="Cap of 400", cap=400), encoding="utf-8")
    (folder / "cap450.yaml").write_text(SCENARIO.format(name="Cap of 450", cap=450), encoding="utf-8")
    options = folder / "options.yaml"
    options.write_text("name: Two caps\noptions:\n  - cap400.yaml\n  - cap450.yaml\n", encoding="utf-8")
    return options


def run_process(*args: str | Path, prefix: tuple[str, ...] = (), **kwargs) -> subprocess.CompletedProcess:
    """The command as a user runs it, in its own process (after `prefix`, such as setpriv's)."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "optimiser", *map(str, args)],
        cwd=ROOT,
        text=True,
        timeout=120,
        **kwargs,
    )


SEALED_DEV = 'mount --bind /dev /dev && mount -o remount,bind,ro /dev /dev && exec "$@"'


def cannot_write_dev() -> tuple[str, ...] | None:
    """A command prefix for a process that cannot create, rename or remove anything in /dev, so a
    test naming a real device can never replace it, even against a broken build. Not root: none
    needed. Root: a private mount namespace where /dev is mounted read-only (devices stay
    writable). None when that cannot be made here."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("unshare"):
        return None
    prefix = ("unshare", "--mount", "--propagation", "private", "sh", "-c", SEALED_DEV, "sh")
    probe = subprocess.run([*prefix, "sh", "-c", "[ ! -w /dev ]"], capture_output=True, timeout=30)
    return prefix if probe.returncode == 0 else None


def devices() -> dict[str, tuple]:
    """What /dev/null and /dev/stdout are (a character device; a link to /proc/self/fd/1)."""
    null, stdout = os.lstat("/dev/null"), os.lstat("/dev/stdout")
    return {
        "/dev/null": (stat.S_IFMT(null.st_mode), null.st_rdev),
        "/dev/stdout": (stat.S_IFMT(stdout.st_mode), stdout.st_ino),
    }


def refused(result, *named: str) -> None:
    """Exit 2 naming each of `named`, with one clear message and no traceback."""
    assert result.exit_code == ExitCode.BAD_INPUT, (result.stdout, result.stderr)
    for name in named:
        assert name in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
