"""A sweep over a locality file whose in post is not known: no budget from today's cost, no part sums."""

import json

from tests.conftest import run_cli
from tests.england_loads import CHILDREN

SCENARIO = """\
name: England at 250, in post not known
model: {model}
localities: {localities}
cap: 250
cost_per_wte: 52067
"""


def _scenario(tmp_path):
    from tests.england_loads import COUNT_MODEL

    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.format(model=COUNT_MODEL, localities=CHILDREN), encoding="utf-8")
    return path


def test_a_budget_change_from_today_is_refused_when_in_post_is_not_known(tmp_path):
    result = run_cli("sweep", _scenario(tmp_path), "--budget", "-20%:0%:10%")
    assert result.exit_code == 2, result.stderr
    assert "option --budget" in result.stderr and "not known" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_the_change_is_not_known_rather_than_a_part_sum(tmp_path):
    result = run_cli("sweep", _scenario(tmp_path), "--cap", "250:400:150", "--format", "json")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert [p["change_wte"] for p in points] == [None, None]
    assert round(points[0]["planned_wte"], 1) == round(3_064_637 / 250, 1)
