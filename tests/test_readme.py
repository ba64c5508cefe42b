"""The README's two commands stay true: CI runs the same test command, the example exists."""

import re

from optimiser.cli import COMMANDS
from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", quick, flags=re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = _commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_readme_example_scenario_exists():
    scenario = _commands()[0].rsplit(" ", 1)[1]
    assert (ROOT / scenario).is_file()


def test_the_commands_synopsis_lists_every_command():
    """Issue 24: `new` was missing from the synopsis. Every command the tool has is in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    listed = {line.split()[1] for line in synopsis.splitlines() if line.startswith("establishment ")}
    assert listed == set(COMMANDS)


def test_the_readme_says_how_to_run_the_tool_after_the_quick_start():
    """Issue 24: after the quick start a bare `establishment` is not on the PATH; the README says
    how to make it so, or which path to use."""
    quick = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    )
    assert "`source .venv/bin/activate`" in quick and "`.venv/bin/establishment " in quick
