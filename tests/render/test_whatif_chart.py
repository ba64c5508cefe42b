"""The what-if page's SVG charts: each bar as long as its figure, the boxes at the figures' quartiles,
the columns in order, every name escaped, and today and the plan told apart in greyscale."""

from __future__ import annotations

import re
from html import unescape

import numpy as np

from optimiser.planning.options import plan_options
from optimiser.render import numbers
from optimiser.render.whatif_chart import PLANNED, TODAY, page_charts, paired_bars, sorted_columns, spread
from tests.conftest import ROOT

WORDS = ("c", "A title", "A description", "An axis")


def _bars(svg: str) -> dict[str, float]:
    """Each bar's hover words and its width in pixels."""
    found = re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"[^>]*><title>([^<]*)</title>', svg)
    return {unescape(title): float(width) for width, title in found}


def test_each_bar_is_as_long_as_its_figure_and_says_it_on_hover():
    today, planned = np.array([10.0, 20.0]), np.array([15.0, 40.0])
    svg = paired_bars(["North <1>", "South & co"], today, planned, numbers.wte, WORDS)
    bars = _bars(svg)
    assert set(bars) == {
        "North <1>, today: 10.0",
        "North <1>, this plan: 15.0",
        "South & co, today: 20.0",
        "South & co, this plan: 40.0",
    }
    per_unit = bars["South & co, this plan: 40.0"] / 40.0
    for words, width in bars.items():
        assert abs(width - per_unit * float(words.rsplit(": ", 1)[1])) <= 0.1, words
    assert "<1>" not in svg and "&lt;1&gt;" in svg and "South &amp; co" in svg
    assert '<title id="c-t">A title</title><desc id="c-d">A description</desc>' in svg


def test_the_cap_is_a_dashed_line_at_its_figure():
    svg = paired_bars(["A"], np.array([100.0]), np.array([50.0]), numbers.count, WORDS, (200.0, "the cap"))
    per_unit = _bars(svg)["A, today: 100"] / 100.0
    left = float(re.search(r'<rect x="([^"]+)" y="[^"]+" width="[^"]+" height="11"', svg).group(1))
    lines = re.findall(
        r'<path d="M([\d.]+) [\d.]+V[\d.]+" stroke="#212b32" stroke-width="2" stroke-dasharray', svg
    )
    assert [float(x) for x in lines] == [round(left + 200 * per_unit, 1)]
    assert ">the cap</text>" in svg


def test_a_box_spans_the_middle_half_with_the_median_and_the_ends_in_words():
    values = np.array([7.0, 1.0, 3.0, 5.0, 9.0])  # quartiles 3 and 7 (linear), median 5
    svg = spread(
        [("This plan", values), ("Today", np.array([np.nan]))], numbers.count, WORDS, why_none="none"
    )
    assert "This plan: lowest 1, middle half 3 to 7, median 5, highest 9" in svg
    assert ">none</text>" in svg  # no figures: says why rather than drawing a box


def test_columns_run_from_the_largest_gain_to_the_largest_loss():
    values = np.array([-2.0, 5.0, 0.5, -7.0])
    svg = sorted_columns(["a", "b", "c", "d"], values, numbers.signed_wte, WORDS)
    titles = re.findall(r"<title>([a-d]): ", svg)
    assert titles == ["b", "c", "a", "d"]


def test_today_and_the_plan_differ_in_lightness_not_only_hue():
    def lightness(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert lightness(TODAY) - lightness(PLANNED) > 0.5


def test_a_few_localities_get_bars_and_englands_authorities_a_spread():
    few = plan_options([ROOT / "examples/lcr-2010/appendix3.yaml"])[0].plan
    england = plan_options([ROOT / "examples/england/cap-400-imd2025.yaml"])[0].plan
    assert [c.heading for c in page_charts(few, few.cap)] == [
        "Establishment by locality (WTE)",
        "Load per WTE (children)",
    ]
    charts = page_charts(england, england.cap)
    per_1000, load = charts  # in post not known: no change from today to chart
    per_authority = _bars(per_1000.svg)
    assert len(per_authority) == 153 and "across 153 localities" in load.svg
    figures = england.localities["planned_wte_per_1000"]
    assert sorted(per_authority) == sorted(f"{n}: {numbers.wte(v, 2)}" for n, v in figures.items())
    assert "Today: lowest" not in load.svg  # no load today either
    held = page_charts(few, 330.0)[1].svg
    assert "what one WTE holds, 330" in held and "the cap, 400" not in held
