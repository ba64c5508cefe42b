"""compare's CSV carries each measure at its documented precision: pounds to the penny."""

import csv
import io

from tests.conftest import ROOT, run_cli


def test_compare_csv_rounds_money_to_pence_and_nothing_else():
    result = run_cli("compare", ROOT / "examples/lcr-2010/board-options.yaml", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(result.stdout))}
    for measure, cells in rows.items():
        if "£" in measure:
            assert all(len(c.split(".")[-1]) <= 2 for c in cells if "." in c), (measure, cells)
    wte = [c for c in rows["Total establishment (WTE)"] if "." in c]
    assert any(len(c.split(".")[-1]) > 2 for c in wte), "WTE keeps its precision (1e-9), not pence"
