"""The bad-input corpus (tests/bad_inputs/): each case is refused clearly, or accepted where documented.

Each case folder holds the files that differ from `_base/` and an `expect.yaml`: the exit
code and the words the message must contain (the file, line, key or column).
"""

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cli

CORPUS = Path(__file__).parents[1] / "bad_inputs"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _assemble(case: Path, into: Path) -> dict:
    for source in (CORPUS / "_base", case):
        shutil.copytree(source, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.yaml"))
    return yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert sum(yaml.safe_load((c / "expect.yaml").read_text())["exit"] == 2 for c in CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("command", ["plan", "validate"])
def test_corpus_case(case: Path, command: str, tmp_path: Path):
    folder = tmp_path / "case"
    expect = _assemble(case, folder)
    before = _snapshot(folder)
    result = run_cli(command, folder / "scenario.yaml")
    assert result.exit_code == expect["exit"], (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in expect["mentions"]:
        assert word in result.stderr, f"{word!r} not in {result.stderr!r}"
    assert _snapshot(folder) == before, "an input was changed or a file was written"
