"""The CLI end to end, as a user runs it: the installed command and `python -m optimiser`."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli

JSON_KEYS = {"status", "cap", "localities", "totals"}
LOCALITY_KEYS = {
    "name",
    "in_post_wte",
    "weighted_caseload",
    "planned_wte",
    "change_wte",
    "load_per_wte",
    "cost",
}
TOTAL_KEYS = {"in_post_wte", "planned_wte", "change_wte", "cost", "cost_change"}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_console_script_prints_appendix_3_table():
    script = shutil.which("establishment", path=str(Path(sys.executable).parent))
    assert script, "the `establishment` command is not installed beside this Python"
    done = _run(script, "plan", str(EXAMPLE.relative_to(ROOT)))
    assert done.returncode == 0, done.stderr
    assert "18.1" in done.stdout and "83.0" in done.stdout and "Total" in done.stdout


def test_python_dash_m_json_has_documented_keys():
    done = _run(sys.executable, "-m", "optimiser", "plan", str(EXAMPLE), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= JSON_KEYS
    assert data["status"] == "optimal"
    assert all(set(row) >= LOCALITY_KEYS for row in data["localities"])
    assert set(data["totals"]) >= TOTAL_KEYS


def test_subprocess_bad_input_exit_code_and_no_traceback(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    done = _run(sys.executable, "-m", "optimiser", "plan", str(bad))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'model'" in done.stderr and "missing" in done.stderr


def test_csv_has_a_row_per_locality_and_a_total():
    result = run_cli("plan", EXAMPLE, "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("locality,in_post_wte,")
    assert [line.split(",")[0] for line in lines[1:]] == ["CHW", "NWL", "HB", "MR", "SLH", "Total"]
    total = dict(zip(lines[0].split(","), lines[-1].split(","), strict=True))
    rows = [dict(zip(lines[0].split(","), line.split(","), strict=True)) for line in lines[1:-1]]
    assert float(total["planned_wte"]) == pytest.approx(sum(float(r["planned_wte"]) for r in rows))


def test_output_file_is_written_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "plan.md"
    result = run_cli("plan", EXAMPLE, "--format", "md", "-o", target)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("## LCR 2010 Appendix 3")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_output_to_missing_folder_is_bad_input(tmp_path):
    result = run_cli("plan", EXAMPLE, "-o", tmp_path / "nope" / "plan.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_table_to_file_has_no_colour_codes(tmp_path):
    target = tmp_path / "plan.txt"
    assert run_cli("plan", EXAMPLE, "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "Total" in text


def test_cap_override_changes_the_plan():
    base = json.loads(run_cli("plan", EXAMPLE, "--format", "json").stdout)
    wider = json.loads(run_cli("plan", EXAMPLE, "--format", "json", "--cap", "450").stdout)
    assert wider["cap"] == 450
    assert wider["totals"]["planned_wte"] == pytest.approx(base["totals"]["weighted_caseload"] / 450)


def test_explain_csv_shows_each_factor():
    result = run_cli("explain", EXAMPLE, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split(",")[0] == "locality"
    assert {"raw caseload", "multiplier", "weighted caseload", "capacity per WTE", "required WTE"} <= set(
        header.split(",")
    )
    chw = dict(zip(header.split(","), rows[0].split(","), strict=True))
    assert float(chw["required WTE"]) == pytest.approx(7240 / 400)


def test_explain_flag_prints_audit_before_plan():
    result = run_cli("plan", EXAMPLE, "--explain")
    assert result.exit_code == 0
    assert result.stdout.index("Weighted caseload:") < result.stdout.index("Total")


def test_version_and_help():
    assert run_cli("--version").exit_code == 0
    help_text = run_cli("--help").stdout
    assert "Exit codes" in help_text and "plan" in help_text
