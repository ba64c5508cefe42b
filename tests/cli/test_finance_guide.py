"""docs/finance.md stays true: every command in it runs (as a user runs it, a subprocess from the
repository's folder; a folder after -o goes to a temporary one), exits as the guide says, and
prints every line the guide copies from it."""

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "finance.md"
BLOCK = re.compile(r"```text\n\$ (establishment [^\n]*)\n(.*?)```", re.S)
EXIT = re.compile(r"^\(exit (\d)\)$")


def _examples() -> list[tuple[str, int, list[str]]]:
    """(command, exit code, the lines it prints) for each block of the guide."""
    found = []
    for command, body in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        lines = [line for line in body.splitlines() if line.strip() and line.strip() != "..."]
        code = next((int(m[1]) for m in map(EXIT.match, lines) if m), 0)
        found.append((command, code, [line for line in lines if not EXIT.match(line)]))
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_guide_has_the_finance_questions():
    commands = [command for command, _, _ in _examples()]
    assert len(commands) >= 7
    assert any("--budget -8%" in c and "--objective" not in c for c in commands)
    assert any("--sensitivity" in c for c in commands) and any(
        c.startswith("establishment sweep") for c in commands
    )


@pytest.mark.parametrize(
    ("command", "code", "lines"), _examples(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_command_prints_what_the_guide_says(command, code, lines, tmp_path):
    args = shlex.split(command)[1:]
    if "-o" in args:
        args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == code, done.stderr
    shown = _flat(done.stdout + "\n" + done.stderr.replace(str(tmp_path) + "/", ""))
    for line in lines:
        assert _flat(line) in shown, line
