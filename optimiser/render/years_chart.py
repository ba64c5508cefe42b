"""The years trajectory chart: load per WTE and establishment by year (matplotlib, greyscale-safe)."""

from matplotlib.figure import Figure

from optimiser.planning.results import YearsResult
from optimiser.render.charts import DARK, DPI, PAPER_SIZE_INCHES
from optimiser.render.text import chart_text


def trajectory_chart(result: YearsResult) -> Figure:
    """Worst and average load per WTE by year against the cap, and WTE planned against required.

    Greyscale-safe: lines differ by marker and dash, not colour.
    """
    figure = Figure(figsize=PAPER_SIZE_INCHES, dpi=DPI, layout="constrained")
    left, right = figure.subplots(1, 2)
    t, x = result.by_year, list(range(len(result.years)))
    labels = [chart_text(y) for y in result.years]
    left.plot(x, t["worst_load_per_wte"], color="black", marker="o", label="Worst locality")
    left.plot(x, t["load_per_wte"], color=DARK, marker="s", linestyle=":", label="Average")
    left.axhline(result.cap, color="black", linestyle="--", linewidth=1.2, label=f"Cap ({result.cap:g})")
    left.set_xticks(x, labels)
    left.set_ylabel(chart_text(f"Weighted {result.case_unit} per WTE"))
    left.set_title("Load per WTE", fontsize=10)
    left.legend(fontsize=8)
    right.plot(x, t["planned_wte"], color="black", marker="o", label="Establishment")
    right.plot(
        x, t["required_wte"], color=DARK, marker="^", linestyle="--", label=f"Required for cap {result.cap:g}"
    )
    right.bar(x, t["recruits"], color="0.85", edgecolor="black", hatch="//", label="Recruits")
    right.set_xticks(x, labels)
    right.set_ylabel("WTE")
    right.set_title("Establishment and recruits", fontsize=10)
    right.legend(fontsize=8)
    figure.suptitle(chart_text(result.scenario), fontsize=10)
    for axes in (left, right):
        axes.grid(True, color="0.85")
    return figure
