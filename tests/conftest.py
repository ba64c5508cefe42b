"""Shared helpers: copy the LCR 2010 example into a temporary folder and run the CLI on it."""

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from optimiser.cli import cli

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")  # CI's property tests are repeatable: the same examples every run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lcr-2010" / "appendix3.yaml"
MODEL = ROOT / "models" / "health-visiting-count.yaml"
TABLE1 = ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv"

TABLE_1_WITH = """\
locality,in_post_wte,caseload,{column}
CHW,14.86,7240,{a}
NWL,12.00,5133,{b}
HB,12.98,5323,{c}
MR,9.81,5159,{d}
SLH,25.52,10362,{e}
"""
"""Table 1 of the LCR paper with one more column, for tests of a named or extra column."""

SCENARIO_TEXT = """\
name: test scenario
model: model.yaml
localities: localities.csv
cap: 400
cost_per_wte: 38323
objective: min-cost
"""


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    """Run the CLI in-process and capture both streams separately."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def plan_json(*args: object) -> dict:
    """`establishment plan ARGS... --format json`, which must succeed, as a dict."""
    result = run_cli("plan", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def case(tmp_path: Path):
    """A scenario folder with model.yaml, localities.csv and scenario.yaml; write any to change it."""

    class Case:
        folder = tmp_path
        scenario = tmp_path / "scenario.yaml"
        model = tmp_path / "model.yaml"
        localities = tmp_path / "localities.csv"

        def write(self, name: str, text: str) -> Path:
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            return path

        def snapshot(self) -> dict[str, bytes]:
            """Every file in the folder and its bytes, to prove nothing was written or changed."""
            return {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}

    shutil.copy(MODEL, tmp_path / "model.yaml")
    shutil.copy(TABLE1, tmp_path / "localities.csv")
    (tmp_path / "scenario.yaml").write_text(SCENARIO_TEXT, encoding="utf-8")
    return Case()
