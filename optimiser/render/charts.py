"""Charts for board papers: greyscale-safe (hatching, not colour), labelled with units and scenario.

Built on matplotlib's object API (no pyplot state), so each chart is a pure function of its data.
Every name is drawn through `chart_text`: literally, never as mathtext, control characters visible.
"""

import io

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from optimiser.planning.plan import Plan
from optimiser.render.text import chart_text

SIZE_INCHES = (8.0, 4.5)
DPI = 100
"""PNG charts are 800 x 450 pixels."""
DARK, LIGHT = "0.25", "0.8"


def _figure() -> tuple[Figure, object]:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    return figure, figure.add_subplot()


def load_chart(plan: Plan) -> Figure:
    """Load per WTE by locality, now and after the plan, against the cap line."""
    figure, axes = _figure()
    table = plan.localities
    x = np.arange(len(table))
    width = 0.38
    axes.bar(
        x - width / 2,
        table["load_per_wte_before"].fillna(0),
        width,
        label="Now",
        color=LIGHT,
        edgecolor="black",
        hatch="//",
    )
    axes.bar(
        x + width / 2,
        table["load_per_wte"].fillna(0),
        width,
        label="After the plan",
        color=DARK,
        edgecolor="black",
    )
    axes.axhline(plan.cap, color="black", linestyle="--", linewidth=1.2, label=f"Cap ({plan.cap:g})")
    axes.set_xticks(
        x,
        [chart_text(str(n)) for n in table.index],
        rotation=45 if len(table) > 8 else 0,
        ha="right" if len(table) > 8 else "center",
    )
    axes.set_ylabel(chart_text(f"Weighted {plan.case_unit} per WTE"))
    axes.set_xlabel("Locality")
    axes.set_title(
        f"{chart_text(plan.scenario)}\nLoad per WTE by locality, now and after the plan", fontsize=10
    )
    axes.legend(loc="upper right", fontsize=8)
    return figure


def change_chart(plan: Plan) -> Figure:
    """WTE change by locality; reductions hatched so they read in greyscale."""
    figure, axes = _figure()
    table = plan.localities
    change = table["change_wte"]
    bars = axes.bar(
        [chart_text(str(n)) for n in table.index],
        change,
        color=[DARK if v >= 0 else LIGHT for v in change],
        edgecolor="black",
    )
    for bar, value in zip(bars, change, strict=True):
        if value < 0:
            bar.set_hatch("\\\\")
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_ylabel("Change in WTE (planned minus in post)")
    axes.set_xlabel("Locality")
    axes.set_title(f"{chart_text(plan.scenario)}\nWTE change by locality", fontsize=10)
    if len(table) > 8:
        axes.tick_params(axis="x", rotation=45)
    return figure


def frontier_chart(points: pd.DataFrame, title: str, cap: float, unit: str) -> Figure:
    """Annual cost of meeting each cap (`points`: columns cap and cost), with the scenario's cap marked."""
    figure, axes = _figure()
    axes.plot(
        points["cap"],
        points["cost"] / 1e6,
        color="black",
        marker="o",
        markersize=3,
        label="Cost of meeting the cap",
    )
    axes.axvline(cap, color="0.4", linestyle="--", linewidth=1.2, label=f"Scenario cap ({cap:g})")
    axes.set_xlabel(chart_text(f"Cap (weighted {unit} per WTE)"))
    axes.set_ylabel("Cost of meeting the cap (£m a year)")
    axes.set_title(f"{chart_text(title)}\nCost of meeting each cap", fontsize=10)
    axes.grid(True, color="0.85")
    axes.legend(loc="upper right", fontsize=8)
    return figure


def to_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def to_svg(figure: Figure) -> bytes:
    """SVG without a date and with stable element ids, so the same plan gives the same file."""
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "establishment"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
