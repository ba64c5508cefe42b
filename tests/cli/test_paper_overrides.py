"""A board paper planned with figures set on the command line says so wherever an option is named:
every option heading and each option's description state the figure planned (issue 22, item 6)."""

import re
import subprocess
import sys

from tests.conftest import ROOT

OPTIONS = [ROOT / "examples/lcr-2010/appendix3.yaml", ROOT / "examples/lcr-2010/cap-250.yaml"]


def test_option_headings_and_descriptions_state_the_cap_set_on_the_command_line(tmp_path):
    out = tmp_path / "pack"
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "report", *map(str, OPTIONS), "-o", str(out), "--cap", "350"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    headings = [h for h in re.findall(r"^### (Option [AB]: .*)$", md, re.M)]
    assert len(headings) >= 4  # Appendix A and Appendix C name each option
    assert all(
        "planned at a cap of 350 weighted children per WTE, set on the command line" in h for h in headings
    )
    for letter, was in (("A", "400"), ("B", "250")):
        (described,) = re.findall(rf"^\*\*Option {letter}\.\*\* (.*)$", md, re.M)
        assert (
            "Planned at a cap of 350 weighted children per WTE "
            f"(set on the command line, in place of the scenario's {was})" in described
        )
    plain = tmp_path / "plain"
    subprocess.run(
        [sys.executable, "-m", "optimiser", "report", *map(str, OPTIONS), "-o", str(plain)],
        capture_output=True,
        check=True,
        cwd=tmp_path,
    )
    assert "set on the command line" not in (plain / "report.md").read_text(encoding="utf-8")
