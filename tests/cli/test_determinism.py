"""The same inputs give byte-identical output in every format."""

import pytest

from tests.conftest import EXAMPLE, run_cli


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--format", "json"),
        ("plan", "--format", "csv"),
        ("plan", "--format", "md"),
        ("plan", "--format", "table"),
        ("explain", "--format", "csv"),
        ("explain", "--format", "json"),
        ("sweep", "--cap", "300:450:50", "--budget", "-8%:0%:4%", "--format", "csv"),
        ("sweep", "--cap", "300:450:50", "--format", "json"),
        ("sweep", "--cap", "300:450:50", "--format", "md"),
    ],
    ids=lambda a: "-".join(a),
)
def test_same_bytes_twice(args, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for target in (first, second):
        result = run_cli(args[0], EXAMPLE, *args[1:], "-o", target)
        assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 0


def test_highs_and_cbc_print_the_same_table():
    """Output does not depend on the solver beyond its name (the plan is unique here)."""
    highs = run_cli("plan", EXAMPLE, "--format", "md", "--solver", "highs").stdout
    cbc = run_cli("plan", EXAMPLE, "--format", "md", "--solver", "cbc").stdout
    assert highs.replace("HiGHS", "CBC") == cbc


def test_compare_is_byte_identical(tmp_path):
    runs = [
        run_cli("compare", EXAMPLE, EXAMPLE.parent / "metric-450.yaml", "--format", f).stdout
        for f in ("md", "md")
    ]
    assert runs[0] == runs[1] and runs[0].startswith("## ")
