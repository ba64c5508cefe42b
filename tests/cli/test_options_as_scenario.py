"""An options file given where one scenario is expected is named for what it is, with the commands
that take it, rather than as missing and unknown scenario keys."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

OPTIONS = "examples/lcr-2010/board-options.yaml"


@pytest.mark.parametrize("command", [["plan"], ["years"], ["explain"], ["sweep", "--cap", "300:400:50"]])
def test_an_options_file_given_as_a_scenario_says_so(command):
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", command[0], OPTIONS, *command[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert "this is an options file" in done.stderr
    assert f"establishment compare {OPTIONS}" in done.stderr
    assert "is missing" not in done.stderr and "Traceback" not in done.stderr
    line = next(
        n
        for n, text in enumerate((ROOT / OPTIONS).read_text().splitlines(), 1)
        if text.startswith("options:")
    )
    assert f"line {line}, key 'options'" in done.stderr
