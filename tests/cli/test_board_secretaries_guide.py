"""docs/board-secretaries.md shows commands and what they print: each is run here, in order, as a
reader would from the repository's folder, and what the guide shows must be what it printed."""

import re
import shlex
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "board-secretaries.md"


def _steps() -> list[tuple[list[str], str | None]]:
    """(commands, the first line they print as the guide shows it, or None where it shows nothing),
    in the guide's order: a sh block with the text block after it, or a console block of `$ `
    commands (a refusal shown on purpose) with what follows them."""
    blocks = re.findall(r"```(sh|text|console)\n(.*?)```", GUIDE.read_text("utf-8"), flags=re.S)
    steps: list[tuple[list[str], str | None]] = []
    for (kind, body), (after, shown) in pairwise([*blocks, ("", "")]):
        lines = body.strip().splitlines()
        if kind == "sh":
            steps.append((lines, shown.strip().splitlines()[0] if after == "text" else None))
        elif kind == "console":
            commands = [line.removeprefix("$ ") for line in lines if line.startswith("$ ")]
            steps.append((commands, next(line for line in lines if not line.startswith("$ "))))
    return steps


def _run(line: str, cwd: Path) -> str:
    words = shlex.split(line)
    assert words[0] == "establishment", line
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", *words[1:]], capture_output=True, text=True, cwd=cwd
    )
    return " ".join((done.stdout + "\n" + done.stderr).split())


def test_every_command_prints_what_the_guide_shows(tmp_path):
    for name in ("examples", "models", "inputs"):  # the repository's folders, as a reader has them
        (tmp_path / name).symlink_to(ROOT / name)
    steps = _steps()
    assert len(steps) == 5 and sum(shown is not None for _, shown in steps) == 4
    for commands, shown in steps:
        printed = [_run(line, tmp_path) for line in commands][-1]
        if shown is not None:
            assert " ".join(shown.split()) in printed, (commands, printed)
