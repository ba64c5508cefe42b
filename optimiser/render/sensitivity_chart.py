"""The tornado chart of what moves the cost most: for each input, a bar from the plan's figure to the
figure at each end of the input's step (an exact re-plan), largest effect at the top. Greyscale-safe
(the low end hatched), labelled with units; every name drawn literally (`chart_text`)."""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from optimiser.planning.sensitivity_results import INFEASIBLE, Sensitivity
from optimiser.render.charts import DARK, DPI, to_png, to_svg
from optimiser.render.text import chart_text

AXIS = {
    "cost": "Change in recurring cost (£ a year, k = thousand)",
    "best_cap": "Change in the best cap the budget buys",
}
LOW_FILL, HIGH_FILL = "0.8", "0.35"


def _thousands(x: float, _position: int) -> str:
    return f"-£{-x / 1000:,.0f}k" if x < 0 else f"£{x / 1000:,.0f}k"


def tornado_bars(sensitivity: Sensitivity) -> list[tuple[str, float | None, float | None]]:
    """(label, change at the low end, change at the high end) per input, largest effect first; None
    where that end was not planned or broke the plan."""
    bars = []
    for swing in sensitivity.swings:
        ends = []
        for replan in (swing.low, swing.high):
            change = None if replan is None or replan.status == INFEASIBLE else sensitivity.change(replan)
            ends.append(change if change is not None and math.isfinite(change) else None)
        bars.append((f"{swing.label} ({swing.step})", ends[0], ends[1]))
    return bars


def tornado_chart(sensitivity: Sensitivity, title: str) -> Figure:
    """The chart: one row per input, the low end's change and the high end's from the plan's figure."""
    bars = tornado_bars(sensitivity)
    figure = Figure(figsize=(8.0, 1.2 + 0.45 * max(1, len(bars))), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    rows = range(len(bars))
    lows = [low or 0.0 for _, low, _ in bars]
    highs = [high or 0.0 for _, _, high in bars]
    axes.barh(rows, lows, color=LOW_FILL, edgecolor=DARK, hatch="//", label="Input at the low end")
    axes.barh(rows, highs, color=HIGH_FILL, edgecolor=DARK, label="Input at the high end")
    axes.axvline(0, color=DARK, linewidth=1)
    axes.set_yticks(list(rows), [chart_text(label) for label, _, _ in bars])
    axes.invert_yaxis()  # the largest effect at the top
    axes.set_xlabel(AXIS[sensitivity.measure])
    if sensitivity.measure == "cost":
        axes.xaxis.set_major_formatter(_thousands)
    axes.set_title(chart_text(title), fontsize=10)
    figure.legend(loc="outside lower center", ncols=2, fontsize=8)
    return figure


def sensitivity_charts(found: list[tuple[str, Sensitivity]]) -> dict[str, bytes]:
    """PNG and SVG of each option's tornado chart: charts/sensitivity-N (N from 1, in option order)."""
    files = {}
    for number, (label, sensitivity) in enumerate(found, start=1):
        figure = tornado_chart(sensitivity, f"What moves the cost most: {label}")
        files[f"charts/sensitivity-{number}.png"] = to_png(figure)
        files[f"charts/sensitivity-{number}.svg"] = to_svg(figure)
    return files
