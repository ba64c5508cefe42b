"""The board paper's Appendix B part on what moves the cost most, and its tornado chart: the blocks
carry the ranked table, the chart and the steps; the chart's bars are each input's change at each
end from the plan's cost, largest first (worked out here from LCR 2010 Table 1)."""

from pathlib import Path

import pytest

from optimiser.planning.pipeline import plan_with_risk
from optimiser.planning.prepare import prepare
from optimiser.planning.sensitivity_run import sensitivity
from optimiser.render.charts import to_png, to_svg
from optimiser.render.paper.document import Figure, Heading, Paragraph, Table
from optimiser.render.paper.sensitivity_section import sensitivity_blocks
from optimiser.render.sensitivity_chart import tornado_bars, tornado_chart
from tests.conftest import EXAMPLE

CHILDREN = 7240 + 5133 + 5323 + 5159 + 10362
COST = CHILDREN / 400 * 38_323


@pytest.fixture(scope="module")
def found():
    prepared = prepare(Path(EXAMPLE))
    return sensitivity(prepared, plan_with_risk(prepared))


def test_the_tornado_bars_are_each_inputs_change_largest_first(found):
    bars = tornado_bars(found)
    assert bars[0][0] == "Cap (±10%)"
    assert bars[0][1] == pytest.approx(CHILDREN / 360 * 38_323 - COST, abs=0.01)
    assert bars[0][2] == pytest.approx(CHILDREN / 440 * 38_323 - COST, abs=0.01)
    sizes = [max(abs(low or 0), abs(high or 0)) for _, low, high in bars]
    assert sizes == sorted(sizes, reverse=True)
    headroom = next(b for b in bars if b[0].startswith("Headroom"))
    assert headroom[1] is None  # headroom is 0%: no low end to plan


def test_the_paper_blocks_carry_the_table_the_chart_and_the_steps(found):
    chart = tornado_chart(found, "What moves the cost most: B: cap 400")
    blocks = sensitivity_blocks("B: cap 400", "charts/sensitivity-2", found, (to_png(chart), to_svg(chart)))
    assert isinstance(blocks[0], Heading) and "B: cap 400" in blocks[0].text
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows[0][0] == "Cap" and table.rows[0][4] == f"£{CHILDREN / 360 * 38_323:,.0f}"
    figure = next(b for b in blocks if isinstance(b, Figure))
    assert figure.name == "charts/sensitivity-2" and figure.png.startswith(b"\x89PNG")
    assert b"<svg" in figure.svg
    words = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "exact re-plan" in words and "the cap ±10%" in words
