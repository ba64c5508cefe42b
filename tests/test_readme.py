"""The README's two commands stay true: CI runs the same test command, the example exists; and
every command shown in README.md and docs/*.md runs and prints what the page shows."""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from optimiser.cli import COMMANDS, cli
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
    synopsis = readme.split("## Commands", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    listed = {line.split()[1] for line in synopsis.splitlines() if line.startswith("establishment ")}
    assert listed == set(COMMANDS)


def test_the_commands_synopsis_lists_every_option_of_each_command():
    """`years`, `explain` and `report` took --yes after their errors asked for it, and the synopsis did
    not show it: every option a command's --help lists is in its lines of the synopsis (by one of its
    names; --debug, which every command takes, is said once below the synopsis)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## Commands", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    blocks = re.split(r"^(?=establishment )", synopsis, flags=re.M)
    lines = {block.split()[1]: block for block in blocks if block}
    context = click.Context(cli)
    missing = {}
    for name in COMMANDS:
        command = cli.get_command(context, name)
        for param in command.params:
            names = [o for o in param.opts + param.secondary_opts if o.startswith("-")]
            if names and "--debug" not in names:
                shown = any(re.search(re.escape(o) + r"(?![\w-])", lines[name]) for o in names)
                missing.setdefault(name, []).extend([] if shown else names[:1])
    assert not any(missing.values()), missing
    after = readme.split("## Commands", 1)[1].split("\n```", 2)[2].split("\n## ", 1)[0]
    assert "every command takes `--debug`" in " ".join(after.split())


def test_the_readme_says_how_to_run_the_tool_after_the_quick_start():
    """Issue 24: after the quick start a bare `establishment` is not on the PATH; the README says
    how to make it so, or which path to use."""
    quick = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    )
    assert "`source .venv/bin/activate`" in quick and "`.venv/bin/establishment " in quick


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
"""The pages whose commands are run: the README's (its set-up lines are not `establishment` lines,
and its synopsis is a ```text block, so neither is run) and every page of docs/."""
FENCE = re.compile(r"```(\w+)\n(.*?)\n```", flags=re.S)


def _shown_commands(path: Path) -> list[tuple[list[str], list[str]]]:
    """Each ```sh block's `establishment` commands, with the lines of the ```text block after it
    (what they print), if one follows before the next ```sh block. A block with no `establishment`
    line (the README's set-up commands) runs nothing and is left out."""
    blocks = FENCE.findall(path.read_text(encoding="utf-8"))
    found = []
    for i, (kind, body) in enumerate(blocks):
        if kind != "sh":
            continue
        commands = [line for line in body.splitlines() if line.startswith("establishment ")]
        if not commands:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else ("", "")
        found.append((commands, following[1].splitlines() if following[0] == "text" else []))
    return found


def test_the_docs_show_commands():
    assert DOCS and any(_shown_commands(path) for path in DOCS)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_command_in_the_docs_runs_and_prints_what_they_show(path: Path, tmp_path: Path):
    """Every command in a ```sh block of README.md and docs/*.md runs (exit 0) from a folder
    holding the shipped examples, models and data, and every line of the ```text block after it
    is in what it printed to the terminal, standard output or error (spacing aside: piped output
    wraps at its own width)."""
    for folder in ("examples", "models", "inputs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for commands, shown in _shown_commands(path):
        printed = ""
        for command in commands:
            done = subprocess.run(
                [sys.executable, "-m", "optimiser", *shlex.split(command, comments=True)[1:]],
                cwd=tmp_path,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, f"{path.name}: {command}\n{done.stderr}"
            printed += done.stdout + done.stderr  # both reach the terminal (report's summary is on stderr)
        printed = " ".join(printed.split())
        for line in shown:
            assert " ".join(line.split()) in printed, f"{path.name}: {commands} did not print: {line}"


def test_the_readme_shows_the_five_commands_people_use_with_what_they_print():
    """Issue 24: the README shows plan, compare, sweep, years and report, one example each with
    its printed answer under it (which the test above runs and compares)."""
    shown = {commands[0].split()[1]: lines for commands, lines in _shown_commands(ROOT / "README.md")}
    assert {"plan", "compare", "sweep", "years", "report"} <= set(shown)
    assert all(shown[name] for name in ("plan", "compare", "sweep", "years", "report"))


def test_no_fence_is_indented_where_the_runner_cannot_see_it():
    """A fence inside a list item would hide its commands from the runner (and swallow the text up
    to the next fence), so the pages keep their code blocks at the margin."""
    for path in DOCS:
        indented = [
            line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s+```", line)
        ]
        assert not indented, f"{path.name}: {indented}"
