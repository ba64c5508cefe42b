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


def _steps() -> list[tuple[list[str], str]]:
    """(commands of a sh block, the first line of the text block after it)."""
    blocks = re.findall(r"```(sh|text)\n(.*?)```", GUIDE.read_text("utf-8"), flags=re.S)
    steps = []
    for (kind, body), (after, shown) in pairwise(blocks):
        if kind == "sh" and after == "text":
            steps.append((body.strip().splitlines(), shown.strip().splitlines()[0]))
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
    assert len(steps) == 4
    for commands, shown in steps:
        printed = [_run(line, tmp_path) for line in commands][-1]
        assert " ".join(shown.split()) in printed, (commands, printed)
