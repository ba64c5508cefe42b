"""The house rules a newcomer relies on (issue 21): no two modules share a name, a function reads in
one screen, each input file is parsed once per command, and tests/ mirrors the package."""

import ast
from collections import Counter
from pathlib import Path

import pytest

import optimiser
import optimiser.inputs.localities as localities
import optimiser.inputs.yamlio as yamlio
from tests.conftest import ROOT, run_cli

PACKAGE = Path(optimiser.__file__).parent
TESTS = ROOT / "tests"
LONGEST = 60
"""Lines of a function, from its `def` line to its last line (decorators not counted)."""

LONG_ALLOWED: set[str] = set()
"""Files whose functions may be longer, and why (none now)."""

SAME_NAME_ALLOWED: set[str] = set()
"""Module names that may be shared, and why (none now)."""


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def _allowed(path: Path, patterns: set[str]) -> bool:
    return any(path.relative_to(PACKAGE).match(pattern) for pattern in patterns)


def long_functions(source: str, limit: int = LONGEST) -> list[tuple[str, int]]:
    """(name, lines) of every function or method longer than `limit`, from `def` to its last line."""
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_no_two_modules_share_a_name():
    counts = Counter(p.name for p in _modules())
    shared = sorted(name for name, n in counts.items() if n > 1 and name not in SAME_NAME_ALLOWED)
    assert not shared, {
        name: [str(p.relative_to(PACKAGE)) for p in _modules() if p.name == name] for name in shared
    }


def test_no_function_is_longer_than_a_screen():
    found = {
        str(path.relative_to(PACKAGE)): long
        for path in _modules()
        if not _allowed(path, LONG_ALLOWED) and (long := long_functions(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_the_length_rule_counts_from_def_to_the_last_line():
    body = [f"x{i} = {i}" for i in range(58)]

    def function(lines: list[str], indent: str = "") -> str:
        return "\n".join([f"{indent}def f():", *(f"{indent}    {line}" for line in lines)]) + "\n"

    assert long_functions("@decorated\n" + function([*body, "return 1"])) == []  # 60 lines
    assert long_functions(function([*body, "y = 0", "return 1"])) == [("f", 61)]
    assert long_functions("class A:\n" + function([*body, "y = 0", "return 1"], "    ")) == [("f", 61)]


def test_the_allowlists_name_files_that_exist():
    """An allowlist entry that matches nothing has been dealt with: take it out."""
    for pattern in LONG_ALLOWED:
        assert any(_allowed(p, {pattern}) for p in _modules()), pattern
    for name in SAME_NAME_ALLOWED:
        assert sum(p.name == name for p in _modules()) > 1, name


# Each input file parsed once per command.

EXAMPLES = ROOT / "examples" / "lcr-2010"
COMMANDS = {
    "plan": ("plan", EXAMPLES / "appendix3-90-percent.yaml", "--cap", "350", "--budget", "5000000"),
    "compare": ("compare", EXAMPLES / "board-options.yaml", "--cap", "450"),
    "years": ("years", EXAMPLES / "three-years.yaml"),
    "validate options": ("validate", EXAMPLES / "board-options.yaml"),
    "validate": ("validate", EXAMPLES / "appendix3-90-percent.yaml"),
    "explain": ("explain", EXAMPLES / "appendix3.yaml", "--cap", "350"),
    "sweep": ("sweep", EXAMPLES / "appendix3.yaml", "--cap", "300:450:50"),
    "sweep confidence": ("sweep", EXAMPLES / "appendix3-90-percent.yaml", "--confidence", "0.5:0.9:0.2"),
}


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """Count the parses of each input file (YAML, CSV and .xlsx), by its resolved path."""
    counts: Counter = Counter()

    def counting(parse):
        def counted(path: Path, *args):
            counts[Path(path).resolve()] += 1
            return parse(path, *args)

        return counted

    monkeypatch.setattr(yamlio, "_parse_yaml_mapping", counting(yamlio._parse_yaml_mapping))
    monkeypatch.setattr(localities, "_read_csv", counting(localities._read_csv))
    monkeypatch.setattr(localities, "_read_sheet", counting(localities._read_sheet))
    return counts


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_input_file_is_parsed_once_per_command(command, parses):
    done = run_cli(*COMMANDS[command])
    assert done.exit_code == 0, done.stderr
    assert len(parses) >= 3, parses  # the scenario, its model and its locality file at least
    assert {path: n for path, n in parses.items() if n > 1} == {}


def test_each_input_file_is_parsed_once_by_report(parses, tmp_path):
    done = run_cli("report", EXAMPLES / "board-options.yaml", "-o", tmp_path / "pack")
    assert done.exit_code == 0, done.stderr
    assert len(parses) >= 7, parses  # the options file, three options, the horizon, a model, a table
    assert {path: n for path, n in parses.items() if n > 1} == {}


def test_the_count_sees_a_file_parsed_twice(parses):
    """Two commands are two reading sessions: the second parses every file again."""
    run_cli(*COMMANDS["explain"])
    run_cli(*COMMANDS["explain"])
    assert set(parses.values()) == {2}


# tests/ mirrors the package.

TEST_FOLDERS = {"inputs", "lp", "planning", "render", "output", "cli", "examples"}
"""A stage's unit tests in its folder; end-to-end runs of the command line in cli/; runs of each
shipped example in examples/."""
AT_THE_TOP = {
    # Rules of the whole repository, not of one stage:
    "test_house_rules.py": "the house rules (this file)",
    "test_imports.py": "imports go one way and name real modules",
    "test_layers.py": "the stages depend one way",
    "test_architecture_doc.py": "ARCHITECTURE.md names every module",
    "test_style.py": "ruff over the whole repository",
    "test_install_lock.py": "pyproject.toml and constraints.txt",
    "test_readme.py": "README.md's commands",
    "test_bench_baseline.py": "bench/'s direct-HiGHS baseline solves the project's LP (bench is no stage)",
}
"""Test files that stay at the top of tests/, and why."""
CROSS_CUTTING = {
    "planning/test_bulk.py": "optimiser/bulk.py, at the package's top, pauses the collector for the "
    "bulk stages of inputs and planning",
}
"""Test files in a stage's folder that are not named after one of its modules, and why."""
OTHER_OWNERS = ("app*",)
"""The what-if page's folders: app/ (its server, through Starlette's test client) and app_browser/
(in a real Chromium), organised by what a person does on the page."""


def _stems(stage: str) -> set[str]:
    return {p.stem for p in (PACKAGE / stage).rglob("*.py") if p.name != "__init__.py"}


def misplaced_tests(tests: Path) -> list[str]:
    """Test files outside the layout, each with what is wrong."""
    wrong = []
    for path in sorted(tests.rglob("test_*.py")):
        relative = path.relative_to(tests)
        if any(relative.parts[0] != path.name and Path(relative.parts[0]).match(o) for o in OTHER_OWNERS):
            continue
        if len(relative.parts) == 1:
            if not any(relative.match(pattern) for pattern in AT_THE_TOP):
                wrong.append(f"{relative}: at the top of tests/ (put it in one of {sorted(TEST_FOLDERS)})")
            continue
        folder = relative.parts[0]
        if len(relative.parts) > 2 or folder not in TEST_FOLDERS:
            wrong.append(f"{relative}: not in one of {sorted(TEST_FOLDERS)}")
        elif folder in ("cli", "examples") or str(relative) in CROSS_CUTTING:
            continue
        elif not any(path.stem == f"test_{m}" or path.stem.startswith(f"test_{m}_") for m in _stems(folder)):
            wrong.append(f"{relative}: names no module of optimiser/{folder}/")
    return wrong


def test_tests_mirror_the_package():
    assert not misplaced_tests(TESTS)


def test_the_layout_rule_finds_a_misplaced_test(tmp_path):
    for name in (
        "test_flat.py",
        "lp/test_nothing_here.py",
        "planning/test_sweep_run_interrupt.py",
        "cli/test_anything.py",
        "misc/test_x.py",
        "test_years_new.py",
        "app/test_page.py",
    ):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("")
    assert misplaced_tests(tmp_path) == [
        "lp/test_nothing_here.py: names no module of optimiser/lp/",
        f"misc/test_x.py: not in one of {sorted(TEST_FOLDERS)}",
        f"test_flat.py: at the top of tests/ (put it in one of {sorted(TEST_FOLDERS)})",
        f"test_years_new.py: at the top of tests/ (put it in one of {sorted(TEST_FOLDERS)})",
    ]


def test_every_folder_of_tests_is_a_stage_cli_or_examples():
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders - {f for f in folders if any(Path(f).match(o) for o in OTHER_OWNERS)} == TEST_FOLDERS
