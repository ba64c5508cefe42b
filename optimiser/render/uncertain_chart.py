"""The board paper's confidence chart: what each level of confidence costs a year, and the chance
that every locality holds the cap at once with it. Greyscale-safe: a solid line and a dashed one."""

import pandas as pd
from matplotlib.figure import Figure

from optimiser.render.charts import DPI, PAPER_SIZE_INCHES
from optimiser.render.text import chart_text


def confidence_chart(curve: pd.DataFrame, level: float, label: str, cap: float) -> Figure:
    """`curve`: a confidence sweep (confidence, cost, all_within); the option's own level marked."""
    figure = Figure(figsize=PAPER_SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    planned = curve[curve["status"] == "planned"]
    x = planned["confidence"].astype(float) * 100
    cost = axes.plot(x, planned["cost"].astype(float) / 1e6, color="black", linewidth=1.6)
    axes.set_xlabel("Confidence: the chance each locality holds the cap (%)")
    axes.set_ylabel("Annual cost (£m a year)")
    axes.grid(True, color="0.88")
    chance_axes = axes.twinx()
    chance = chance_axes.plot(
        x, planned["all_within"].astype(float) * 100, color="0.35", linestyle="--", linewidth=1.4
    )
    chance_axes.set_ylim(0, 100)
    chance_axes.set_ylabel("Chance every locality holds the cap (%)")
    mark = axes.axvline(level * 100, color="black", linestyle=":", linewidth=1)
    axes.legend(
        [cost[0], chance[0], mark],
        [
            "Annual cost of the establishment",
            "Chance every locality holds it at once",
            chart_text(f"{label}: {level * 100:g}%"),
        ],
        loc="upper left",
        fontsize=8,
    )
    axes.set_title(chart_text(f"{label}: the cost of confidence in holding a cap of {cap:,g}"), fontsize=10)
    return figure
