"""A slip is questioned by every command that plans, and every command that questions one takes the
answer it asks for, `--yes` (issues 20 and 22): the error names where the figure is and says
`--yes`; with `--yes` the command goes on. A horizon's own budgets are questioned year by year, the
first against today's cost and each later one against the year before's budget."""

import pytest

from optimiser.errors import ExitCode
from tests.conftest import TABLE1, run_cli

TODAY = (14.86 + 12.00 + 12.98 + 9.81 + 25.52) * 38_323
"""LCR 2010 Table 1's WTE in post x the PSSRU cost per WTE: today's cost, £2,880,740 a year."""
HORIZON = "horizon:\n  years: [2010/11, 2011/12, 2012/13]\n"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _write(folder, extra: str):
    """LCR 2010's Table 1 at a cap of 400 (the shipped model, by name), with `extra` keys."""
    scenario = folder / "slip.yaml"
    scenario.write_text(
        f"name: slip\nmodel: health-visiting-count\nlocalities: {TABLE1}\ncap: 400\ncost_per_wte: 38323\n"
        + extra,
        encoding="utf-8",
    )
    return scenario


COMMANDS = [
    ("plan", "budget: 8\n", ()),
    ("explain", "budget: 8\n", ()),
    ("compare", "budget: 8\n", ()),
    ("sweep", "budget: 8\n", ("--cap", "380:400:10")),
    ("validate", "budget: 8\n", ()),
    ("report", "budget: 8\n", ("-o", "{folder}/pack")),
    ("years", "budget: 8\n" + HORIZON, ()),
    ("validate", "budget: 8\n" + HORIZON, ()),
]


@pytest.mark.parametrize(
    ("command", "extra", "args"),
    COMMANDS,
    ids=[f"{c}-{'years' if 'horizon' in e else 'one'}" for c, e, _ in COMMANDS],
)
def test_every_command_that_questions_a_slip_takes_yes(tmp_path, command, extra, args):
    scenario = _write(tmp_path, extra)
    given = [a.format(folder=tmp_path) for a in args]
    asked = run_cli(command, scenario, *given)
    assert asked.exit_code == ExitCode.BAD_INPUT and "Traceback" not in asked.stderr
    message = _flat(asked.stderr)
    assert "key 'budget'" in message and "£8 a year" in message and "--yes" in message
    meant = run_cli(command, scenario, *given, "--yes")
    assert meant.exit_code not in (ExitCode.BAD_INPUT, ExitCode.INTERNAL), meant.stderr
    assert "--yes" not in meant.stderr


@pytest.mark.parametrize(
    ("budgets", "words"),
    [
        ("[8, 2900000, 2900000]", "makes 2010/11's budget £8 a year: it is below the cost of one WTE"),
        (
            "[2900000, 2900000, 29000000]",
            "makes 2012/13's budget £29,000,000 a year: it is over three times the year before's budget "
            "(£2,900,000 a year)",
        ),
        ("[1000000, 1000000, 1000000]", f"under half of today's cost (£{TODAY:,.0f} a year"),
        (
            '["-8%", "-8%", "-80%"]',
            f"makes 2012/13's budget £{TODAY * 0.92 * 0.92 * 0.2:,.0f} a year: it is under half of the year "
            f"before's budget (£{TODAY * 0.92 * 0.92:,.0f} a year)",
        ),
    ],
)
def test_a_horizons_own_budgets_are_questioned_year_by_year(tmp_path, budgets, words):
    scenario = _write(tmp_path, HORIZON + f"  budgets: {budgets}\n")
    for command in ("years", "validate"):
        asked = run_cli(command, scenario)
        assert asked.exit_code == ExitCode.BAD_INPUT, asked.stderr
        message = _flat(asked.stderr)
        assert "key 'horizon.budgets'" in message and words in message and "--yes" in message
        assert "--yes" not in run_cli(command, scenario, "--yes").stderr


def test_a_horizon_falling_8_percent_a_year_is_not_questioned(tmp_path):
    """-8% a year for three years is under 80% of today by the third: a plan, not a slip."""
    scenario = _write(tmp_path, HORIZON + '  budgets: ["-8%", "-8%", "-8%"]\n')
    assert "--yes" not in run_cli("years", scenario).stderr
