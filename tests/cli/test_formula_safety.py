"""Locality names a spreadsheet would run as formulas are written as text in CSV output."""

from tests.conftest import run_cli


def test_formula_like_names_are_neutralised_in_csv(case):
    case.write(
        "localities.csv",
        'locality,in_post_wte,caseload\n"=HYPERLINK(""http://x"",""y"")",10,4000\n+North,5,2000\n@South,1,100\n',
    )
    plan = run_cli("plan", case.scenario, "--format", "csv")
    assert plan.exit_code == 0, plan.stderr
    names = [line.split(",")[0] for line in plan.stdout.splitlines()[1:-1]]
    assert names[0].startswith("\"'=HYPERLINK")
    assert names[1:] == ["'+North", "'@South"]
    audit = run_cli("explain", case.scenario, "--format", "csv")
    assert [line.split(",")[0] for line in audit.stdout.splitlines()[2:]] == ["'+North", "'@South"]
