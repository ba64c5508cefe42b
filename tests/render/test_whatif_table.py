"""The what-if page's fast tables show every figure as `plan` shows it: rounded whole columns against
render/numbers one figure at a time, and the establishment table against render/columns' cells."""

from __future__ import annotations

import math
import re
from html import unescape

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.planning.options import plan_options
from optimiser.render import numbers
from optimiser.render.columns import plan_cells
from optimiser.render.whatif_table import column_cells, half_up, plan_table, table_html
from tests.conftest import ROOT

FORMATS = {
    "wte": numbers.wte,
    "count": numbers.count,
    "signed_wte": numbers.signed_wte,
    "money": numbers.money,
    "signed_money": numbers.signed_money,
    "wte to 2 places": lambda v: numbers.wte(v, 2),  # a format the column renderer does not know
}

HALVES = st.builds(
    lambda whole, places, sign, noise: sign * (whole + 0.5 * 10.0**-places) + noise,
    st.integers(0, 10**7),
    st.integers(0, 2),
    st.sampled_from([1, -1]),
    st.sampled_from([0.0, 1e-12, -1e-12, 3e-10, -3e-10, 2e-9, -2e-9, 1e-7]),
)
"""Figures at or near half a unit of the last place shown, where rounding rules part."""
FIGURES = st.one_of(
    HALVES,
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(-2, 2),
    st.just(math.nan),
    st.sampled_from([0.0, -0.0, -0.04, 0.05, -0.05, 0.385, 25.905 - 25.52, 1e-300, -1e-300]),
)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(FIGURES, min_size=1, max_size=40), name=st.sampled_from(sorted(FORMATS)))
def test_a_column_is_shown_as_each_figure_would_be(values, name):
    shown = FORMATS[name]
    assert column_cells(np.array(values), shown) == [shown(v) for v in values]


def test_rounding_is_half_away_from_zero_after_clearing_noise():
    """The paper's 25.905 - 25.52 is 0.38500000000000156: shown 0.4 (numbers.half_up's docstring)."""
    figures = np.array([25.905 - 25.52, 0.25, -0.25, 2.5, -2.5, -0.04, 1.05])
    assert half_up(figures, 1).tolist() == [0.4, 0.3, -0.3, 2.5, -2.5, 0.0, 1.1]
    assert math.copysign(1.0, half_up(np.array([-0.04]), 1)[0]) == 1.0  # no "-0.0"


@pytest.mark.parametrize(
    "scenario",
    [
        "examples/lcr-2010/appendix3.yaml",  # Appendix 3: one grade, in post known
        "examples/health-visiting/lcr-2010-weighted.yaml",  # two grades, per-grade columns
        "examples/lcr-2010/appendix3-90-percent.yaml",  # a confidence level: the risk's columns
        "examples/england/cap-400-imd2025.yaml",  # 153 authorities, in post not known
        "examples/england/floor-3-per-1000.yaml",  # floors: required differs from the plan
        "examples/lcr-2010/cut-8-percent.yaml",  # a budget the cap cannot be met within
    ],
)
def test_the_establishment_table_is_plans_cell_for_cell(scenario):
    plan = plan_options([ROOT / scenario])[0].plan
    assert plan_table(plan) == plan_cells(plan)


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr.*?</tr>", html, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "\n", c)).strip() for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r)]
        for r in rows
    ]


def test_a_table_is_nhs_markup_with_every_cell_escaped():
    headers = ["Locality", "Establishment\n(WTE)"]
    html = table_html("t", "Caption <b>", headers, [["<script>x</script> & co", "1.0"]], ["Total", "1.0"])
    assert "<script>" not in html and "&lt;script&gt;" in html and "Caption &lt;b&gt;" in html
    assert 'class="nhsuk-table__header nhsuk-table__header--numeric">Establishment<br>(WTE)' in html
    assert '<th scope="row" class="nhsuk-table__header">' in html
    assert '<tr class="nhsuk-table__row app-total">' in html
    assert _cells(html) == [
        ["Locality", "Establishment\n(WTE)"],
        ["<script>x</script> & co", "1.0"],
        ["Total", "1.0"],
    ]
