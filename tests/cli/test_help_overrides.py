"""`compare` and `report` take --cap and --budget like `plan`, for every option, and say so; `plan
--explain` shows the audit in every format that can hold it and refuses the one that cannot."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TABLE1

OPTIONS = ROOT / "examples" / "lcr-2010" / "board-options.yaml"
SCENARIOS = ("metric-450.yaml", "appendix3.yaml", "cap-250.yaml")
COST_PER_WTE = 38_323  # every LCR 2010 scenario's cost per WTE (PSSRU 2010, band 6)


def _run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


def _json(*args: object) -> dict:
    done = _run(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _children() -> dict[str, float]:
    """Table 1's caseload by locality, read straight from the CSV (every child counts once)."""
    lines = [line for line in TABLE1.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["locality"]: float(row["caseload"]) for row in csv.DictReader(lines)}


def test_compare_with_cap_350_gives_each_option_what_plan_with_cap_350_gives():
    overrides = ("--cap", "350", "--budget", "4000000")
    compared = _json("compare", OPTIONS, *overrides)
    options = compared["options"][1:]  # today's column first
    assert len(options) == len(SCENARIOS)
    children = _children()
    expected_wte = sum(children.values()) / 350  # an unweighted count: caseload / cap, summed
    for option, name in zip(options, SCENARIOS, strict=True):
        planned = _json("plan", OPTIONS.parent / name, *overrides)
        measures = option["measures"]
        assert measures["Total establishment (WTE)"] == planned["totals"]["planned_wte"]
        assert measures["Recurring cost (£ a year)"] == planned["totals"]["cost"]
        assert measures["Cap (weighted cases per WTE)"] == 350
        assert measures["Total establishment (WTE)"] == pytest.approx(expected_wte, abs=1e-8)
        assert measures["Recurring cost (£ a year)"] == pytest.approx(expected_wte * COST_PER_WTE, abs=0.01)
    by_locality = {row["locality"]: row for row in compared["planned_wte"]}
    for locality, count in children.items():
        assert by_locality[locality][options[0]["name"]] == pytest.approx(count / 350, abs=1e-8)
    assert compared["overrides"] == {"cap": 350, "budget": 4000000}


def test_without_overrides_compare_shows_each_options_own_cap():
    caps = [o["measures"]["Cap (weighted cases per WTE)"] for o in _json("compare", OPTIONS)["options"][1:]]
    assert caps == [450, 400, 250]


def test_the_override_is_stated_beside_the_comparison_and_in_the_plans_assumptions():
    done = _run("compare", OPTIONS, "--cap", "350", "--budget", "+30%", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert (
        "Set on the command line for every option, in place of each option's own figure: "
        "--cap 350, --budget +30%." in done.stdout
    )
    assumptions = {
        a["label"]: a
        for a in _json("plan", OPTIONS.parent / "metric-450.yaml", "--cap", "445")["assumptions"]
    }
    assert assumptions["Cap"]["value"] == "445 weighted children per WTE"
    assert (
        assumptions["Cap"]["source"] == "set on the command line (--cap 445), in place of the scenario's 450"
    )


def test_plan_states_a_cost_per_wte_and_a_budget_set_on_the_command_line():
    result = _json("plan", OPTIONS.parent / "appendix3.yaml", "--cost-per-wte", "40000", "--budget", "+20%")
    assumptions = {a["label"]: a for a in result["assumptions"]}
    assert assumptions["Cost per WTE"]["value"] == "£40,000 a year"
    assert assumptions["Cost per WTE"]["source"] == (
        "set on the command line (--cost-per-wte 40000), in place of the scenario's £38,323"
    )
    assert assumptions["Budget"]["source"] == (
        "set on the command line (--budget +20%), in place of no budget in the scenario"
    )
    assert assumptions["Cap"]["source"].startswith("LCR CHS Board, February 2010")  # not overridden


def test_an_option_the_override_cannot_plan_is_named():
    done = _run(
        "compare", OPTIONS, "--cap", "350", "--objective", "min-cost"
    )  # metric-450 keeps today's cost as its budget
    assert done.returncode == 3
    assert "metric-450.yaml: The budget cannot meet the cap" in " ".join(done.stderr.split())


def test_a_bad_budget_override_is_refused_naming_the_option(tmp_path):
    done = _run("compare", OPTIONS, "--budget", "12x")
    assert done.returncode == 2
    assert "option --budget: is '12x'" in done.stderr
    assert "Traceback" not in done.stderr


def test_report_states_the_override_in_the_papers_assumptions(tmp_path):
    done = _run("report", OPTIONS, "-o", tmp_path / "pack", "--cap", "350", "--budget", "4000000")
    assert done.returncode == 0, done.stderr
    paper = " ".join((tmp_path / "pack" / "report.md").read_text(encoding="utf-8").split())
    assert "set on the command line (--cap 350), in place of the scenario's 450" in paper
    assert "set on the command line (--cap 350), in place of the scenario's 250" in paper
    assert "set on the command line (--budget 4000000), in place of no budget in the scenario" in paper


def test_plan_explain_md_holds_the_audit_then_the_plan():
    done = _run("plan", OPTIONS.parent / "appendix3.yaml", "--explain", "--format", "md")
    assert done.returncode == 0, done.stderr
    audit = done.stdout.index("## Weighted caseload: LCR 2010 Appendix 3")
    plan = done.stdout.index("## LCR 2010 Appendix 3, cap of 400")
    assert audit < plan
    assert "| required WTE | 18.10 |" in done.stdout  # 7,240 children / 400


def test_plan_explain_json_holds_the_audit_under_explain():
    result = _json("plan", OPTIONS.parent / "appendix3.yaml", "--explain")
    audit = result["explain"]["localities"]
    required = {row["locality"]: row["required WTE"] for row in audit}
    assert required == {name: pytest.approx(count / 400, abs=1e-8) for name, count in _children().items()}
    assert "totals" in result


def test_plan_explain_with_csv_is_refused_before_solving():
    done = _run("plan", OPTIONS.parent / "appendix3.yaml", "--explain", "--format", "csv")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "option --explain: cannot go with --format csv" in " ".join(done.stderr.split())


def test_plan_explain_table_to_a_file_keeps_the_audit(tmp_path):
    out = tmp_path / "plan.txt"
    done = _run("plan", OPTIONS.parent / "appendix3.yaml", "--explain", "-o", out)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.index("Weighted caseload: LCR 2010 Appendix 3") < text.index("Assumptions:")
