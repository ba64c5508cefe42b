"""compare with WTE in post not known (England's options: no locality file gives it): figures that
rest on in post read "not known" (blank in CSV, null in JSON), never 0 or a partial sum."""

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

OPTIONS = "examples/england/options.yaml"


def _compare(fmt: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "compare", OPTIONS, "--format", fmt],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def table() -> dict[str, list[str]]:
    rows = {}
    for line in _compare("table").splitlines():
        cells = [c.strip() for c in line.strip("│┃").split("│")]
        if len(cells) > 1:
            rows.setdefault(cells[0], cells[1:])
    return rows


def test_todays_total_in_post_is_not_known_rather_than_zero(table):
    assert table["Total"][0] == "not known"
    assert table["Total establishment (WTE)"][0] == "not known"


def test_todays_count_over_the_cap_is_not_known_rather_than_none(table):
    assert table["Localities over the cap"][0] == "not known"
    measures = list(csv.reader(io.StringIO(_compare("csv"))))
    over = next(row for row in measures if row[0] == "Localities over the cap")
    assert over[1] == ""  # blank: not known, as every CSV writes it


def test_changes_from_today_are_not_known_for_every_option(table):
    assert set(table["Change from today (WTE)"][1:]) == {"not known"}
    options = json.loads(_compare("json"))["options"]
    today, *planned = options
    assert today["measures"]["Localities over the cap"] is None
    assert all(o["measures"]["Change from today (WTE)"] is None for o in planned)
    assert all(o["measures"]["Localities over the cap"] == 0 for o in planned)  # each plan holds its cap
