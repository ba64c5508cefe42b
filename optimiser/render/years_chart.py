"""The years trajectory chart: load per WTE and establishment by year (matplotlib, greyscale-safe)."""

import numpy as np
from matplotlib.figure import Figure

from optimiser.planning.results import YearsResult
from optimiser.render.charts import DARK, DPI, PAPER_SIZE_INCHES
from optimiser.render.text import chart_text

SAME = 0.5
"""Worst and average load closer than this (in cases) are one line: every locality holds the same."""


def trajectory_chart(result: YearsResult) -> Figure:
    """Worst and average load per WTE by year against the cap, and WTE planned against required,
    both from zero. Where every locality holds the same load (worst = average) one line is drawn and
    the legend says so, rather than two lines on top of each other.

    Greyscale-safe: lines differ by marker and dash, not colour.
    """
    figure = Figure(figsize=PAPER_SIZE_INCHES, dpi=DPI, layout="constrained")
    left, right = figure.subplots(1, 2)
    t, x = result.by_year, list(range(len(result.years)))
    labels = [chart_text(y) for y in result.years]
    _loads(left, result, x)
    right.plot(x, t["planned_wte"], color="black", marker="o", label="Establishment")
    right.plot(
        x,
        t["required_wte"],
        color=DARK,
        marker="^",
        linestyle="--",
        label=f"Required for cap {result.cap:,.0f}",
    )
    right.bar(x, t["recruits"], color="0.85", edgecolor="black", hatch="//", label="Recruits")
    right.set_ylabel("WTE")
    right.set_title("Establishment and recruits", fontsize=10)
    right.set_ylim(0, max(t["required_wte"].max(), t["planned_wte"].max()) * 1.15)
    for axes in (left, right):
        axes.set_xticks(x, labels)
        axes.grid(True, color="0.85")
        axes.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, frameon=False)
    figure.suptitle(chart_text(result.scenario), fontsize=10)
    return figure


def _loads(axes, result: YearsResult, x: list[int]) -> None:
    t = result.by_year
    worst, average = t["worst_load_per_wte"], t["load_per_wte"]
    if np.allclose(worst, average, atol=SAME, rtol=0):
        axes.plot(x, worst, color="black", marker="o", label="Every locality (worst = average)")
    else:
        axes.plot(x, worst, color="black", marker="o", label="Worst locality")
        axes.plot(x, average, color=DARK, marker="s", linestyle=":", label="Average")
    axes.axhline(result.cap, color="black", linestyle="--", linewidth=1.2, label=f"Cap ({result.cap:,.0f})")
    axes.set_ylim(0, max(worst.max(), result.cap) * 1.15)
    axes.set_ylabel(chart_text(f"Weighted {result.case_unit} per WTE"))
    axes.set_title("Load per WTE", fontsize=10)
