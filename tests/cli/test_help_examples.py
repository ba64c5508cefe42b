"""Help that teaches: the group lists every command in one line and points to the README, and
every command's --help shows two or three examples that really run, exactly as printed, from a
copy of the repository's examples (so `-o` writes land in a temporary folder)."""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from optimiser.cli import cli
from tests.conftest import ROOT

PROGRAM = [sys.executable, "-m", "optimiser"]
COMMANDS = cli.list_commands(click.Context(cli))


def _help(*command: str) -> str:
    done = subprocess.run([*PROGRAM, *command, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def examples(help_text: str) -> list[str]:
    """The example command lines under "Examples:", a trailing backslash joining a line to the next."""
    lines = help_text.splitlines()
    start = lines.index("  Examples:") + 1
    found: list[str] = []
    joined = ""
    for line in lines[start:]:
        if not line.strip():
            break
        joined += line.strip()
        if joined.endswith("\\"):
            joined = joined[:-1]
            continue
        found.append(joined)
        joined = ""
    return found


def test_examples_are_read_with_their_continuation_lines():
    text = "  Examples:\n    establishment a x \\\n      --b 1\n    establishment c\n\nOptions:\n"
    assert examples(text) == ["establishment a x --b 1", "establishment c"]


def test_the_group_lists_each_command_in_one_line_and_points_to_the_readme():
    text = _help()
    lines = text.splitlines()
    start = lines.index("Commands:") + 1
    listed = []
    for line in lines[start:]:
        if not line.strip():
            break
        listed.append(line.split()[0])
        assert not line.rstrip().endswith("..."), f"cut short: {line}"
    assert listed == COMMANDS
    assert "README.md" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_example_in_a_commands_help_runs(command: str, tmp_path: Path):
    text = _help(command)
    assert all(len(line) <= 80 for line in text.splitlines()), "help fits an 80-column terminal"
    shown = examples(text)
    assert 2 <= len(shown) <= 3, shown
    if command == "app":  # a server runs until stopped: tests/app/test_cli_app.py runs these examples
        return
    for folder in ("examples", "models", "inputs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for example in shown:
        words = shlex.split(example)
        assert words[:2] == ["establishment", command], example
        done = subprocess.run([*PROGRAM, *words[1:]], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, f"{example}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        if "-o" in words:
            written = tmp_path / words[words.index("-o") + 1]
            assert written.exists(), f"{example} wrote nothing to {written}"
        else:
            assert done.stdout.strip(), f"{example} printed nothing"
