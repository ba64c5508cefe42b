"""Messages on a terminal wrap between words at its width; redirected, each stays one line."""

import subprocess
import sys

from tests.conftest import ROOT
from tests.pseudo_terminal import run_in_terminal

ARGS = [
    "compare",
    "examples/lcr-2010/board-options.yaml",
    "--cap",
    "350",
    "--objective",
    "min-cost",
    "--format",
    "json",
]


def test_an_infeasible_message_wraps_between_words_at_80_columns() -> None:
    code, shown, _ = run_in_terminal(ARGS, 80, "stderr")
    piped = subprocess.run(
        [sys.executable, "-m", "optimiser", *ARGS], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert code == piped.returncode == 3
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    # the same words, none split across lines: only the breaks differ from the one redirected line
    (message,) = [line for line in piped.stderr.splitlines() if line.strip()]
    assert " ".join(line.strip() for line in lines) == " ".join(message.split())
