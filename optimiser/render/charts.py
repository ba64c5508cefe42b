"""Charts for board papers: greyscale-safe (hatching, not colour), labelled with units and scenario.

Built on matplotlib's object API (no pyplot state), so each chart is a pure function of its data.
Every name is drawn through `chart_text`: literally, never as mathtext, control characters visible.
"""

import io

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from optimiser.render.text import chart_text

DPI = 100
"""PNG charts are 800 x 450 pixels."""
DARK = "0.25"


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


HATCHES = ("", "//", "..", "\\\\", "xx", "--", "++", "oo")
GREYS = ("0.92", "0.7", "0.45", "0.2", "0.85", "0.6", "0.35", "0.1")
PAPER_SIZE_INCHES = (8.0, 4.6)


def _paper_figure() -> tuple[Figure, object]:
    figure = Figure(figsize=PAPER_SIZE_INCHES, dpi=DPI, layout="constrained")
    return figure, figure.add_subplot()


def _pounds(value: float) -> str:
    return f"£{value / 1e6:,.2f}m"


def paper_frontier_chart(
    points: pd.DataFrame,
    marks: list[tuple[str, float, float]],
    today: float,
    today_is_budget_of: list[str],
    budgets: list[tuple[str, float]],
    unit: str,
) -> Figure:
    """The cost of meeting each cap (`points`: columns cap and cost), with today's cost (and the
    options whose budget it is), any other budgets, and every option (label, cap, annual cost)
    marked and labelled."""
    figure, axes = _paper_figure()
    axes.plot(
        points["cap"], points["cost"] / 1e6, color="black", linewidth=1.6, label="Cost of meeting the cap"
    )
    also = f" = budget of {', '.join(today_is_budget_of)}" if today_is_budget_of else ""
    known = not np.isnan(today)
    if known:
        axes.axhline(
            today / 1e6,
            color="0.35",
            linestyle="--",
            linewidth=1.1,
            label=chart_text(f"Today's cost: {_pounds(today)} a year{also}"),
        )
    else:  # WTE in post not known: no line, but the legend says why
        axes.plot([], [], linestyle="", label="Today's cost: not known (WTE in post not known)")
    for n, (label, budget) in enumerate(budgets):
        axes.axhline(
            budget / 1e6,
            color="0.55",
            linestyle=(0, (1, 2)) if n % 2 == 0 else "-.",
            linewidth=1.3,
            label=chart_text(f"Budget ({label}): {_pounds(budget)} a year"),
        )
    for n, (label, cap, cost) in enumerate(marks):
        axes.plot([cap], [cost / 1e6], marker="os^Dv<>p"[n % 8], markersize=8, color="black", linestyle="")
        axes.annotate(
            chart_text(f"{label}\n{_pounds(cost)}"),
            (cap, cost / 1e6),
            textcoords="offset points",
            xytext=(8, 6),
            fontsize=8,
            ha="left",
            va="bottom",
        )
    low, high = float(points["cost"].min()), float(points["cost"].max())
    span = [low, high, *([today] if known else []), *(b for _, b in budgets), *(c for _, _, c in marks)]
    axes.set_ylim(min(span) / 1e6 * 0.9, max(span) / 1e6 * 1.08)
    axes.set_xlabel(chart_text(f"Cap: most weighted {unit} one WTE may hold"))
    axes.set_ylabel("Annual cost (£m a year)")
    axes.set_title("What each cap costs: the lower the cap, the more staff", fontsize=10)
    axes.grid(True, color="0.88")
    axes.legend(loc="upper right", fontsize=8)
    return figure


def paper_load_chart(
    localities: list[str],
    today: list[float],
    series: list[tuple[str, list[float], float, float]],
    unit: str,
) -> Figure:
    """Load per WTE by locality: today and every option side by side, each option's cap as a line.

    `series`: (label, load per WTE by locality, cap, what one WTE holds); where what one WTE holds
    differs from the cap (headroom, non-clinical time, grade capacity) that line is drawn instead.
    """
    figure, axes = _paper_figure()
    x = np.arange(len(localities))
    groups = [("Today", today), *((label, loads) for label, loads, _, _ in series)]
    width = 0.8 / len(groups)
    many = len(localities) * len(groups) > 40
    for n, (label, loads) in enumerate(groups):
        values = [0.0 if pd.isna(v) else v for v in loads]
        bars = axes.bar(
            x - 0.4 + width * (n + 0.5),
            values,
            width,
            label=chart_text(label),
            color=GREYS[n % len(GREYS)],
            edgecolor="black",
            linewidth=0.6,
            hatch=HATCHES[n % len(HATCHES)],
        )
        if not many:
            axes.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=6.5, padding=1, rotation=90)
    _cap_lines(axes, series)
    top = max([*(v for v in today if not pd.isna(v)), *(s[2] for s in series)], default=1)
    axes.set_ylim(0, top * 1.18)
    axes.set_xticks(
        x,
        [chart_text(n) for n in localities],
        rotation=45 if len(localities) > 8 else 0,
        ha="right" if len(localities) > 8 else "center",
    )
    axes.set_ylabel(chart_text(f"Weighted {unit} per WTE"))
    axes.set_xlabel("Locality")
    axes.set_title("Load per WTE by locality: today and each option, against each cap", fontsize=10)
    axes.legend(loc="upper left", fontsize=7, ncols=len(groups))
    return figure


def paper_load_distribution(
    today: list[float],
    series: list[tuple[str, list[float], float, float]],
    unit: str,
    today_known: bool = True,
) -> Figure:
    """Load per WTE across many localities (national scale): one box per group (today, then each
    option) spanning the middle half of the localities, a line at the median, and whiskers to the
    lightest and the heaviest locality; each option's cap (or what one WTE holds) as a line.

    `series` as for `paper_load_chart`. Localities with no staff have no load and are left out; a
    group with no load at all (today, where WTE in post is not known) is labelled instead of drawn.
    """
    figure, axes = _paper_figure()
    groups = [("Today", today), *((label, loads) for label, loads, _, _ in series)]
    positions = np.arange(1, len(groups) + 1)
    drawn = []
    for position, (label, loads) in zip(positions, groups, strict=True):
        values = [v for v in loads if not pd.isna(v)]
        if not values:
            why = (
                "not known\n(WTE in post\nnot known)" if label == "Today" and not today_known else "no staff"
            )
            axes.annotate(
                why, (position, 0), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8
            )
            continue
        drawn.append(values)
        boxes = axes.boxplot(
            [values],
            positions=[position],
            widths=0.5,
            whis=(0, 100),
            patch_artist=True,
            medianprops={"color": "black", "linewidth": 1.4},
            whiskerprops={"color": "black"},
            capprops={"color": "black"},
            flierprops={"marker": ""},
        )
        n = int(position) - 1
        for patch in boxes["boxes"]:
            patch.set_facecolor(GREYS[n % len(GREYS)])
            patch.set_hatch(HATCHES[n % len(HATCHES)])
            patch.set_edgecolor("black")
    _cap_lines(axes, series)
    top = max([*(v for values in drawn for v in values), *(s[2] for s in series)], default=1)
    axes.set_ylim(0, top * 1.18)
    axes.set_xlim(0.4, len(groups) + 0.6)
    axes.set_xticks(positions, [chart_text(label) for label, _ in groups])
    axes.set_ylabel(chart_text(f"Weighted {unit} per WTE"))
    axes.set_xlabel(
        f"Across {len(today):,} localities: box = middle half, line = median, whiskers = lightest to heaviest"
    )
    axes.set_title("Load per WTE across the localities: today and each option, against each cap", fontsize=10)
    axes.grid(True, axis="y", color="0.88")
    return figure


def _cap_lines(axes, series) -> None:
    """Each option's cap as a line, labelled at the right; where headroom or non-clinical time make
    one WTE hold less than the cap, the line is at what it holds and the label says so."""
    for n, (label, _, cap, holds) in enumerate(series):
        level = holds if abs(holds - cap) > 1e-9 * cap else cap
        text = (
            f"{label}: cap {cap:,g}"
            if level == cap
            else f"{label}: one WTE holds {level:,.0f} (cap {cap:,g})"
        )
        axes.axhline(level, color="black", linestyle=("--", ":", "-.", (0, (5, 1)))[n % 4], linewidth=1)
        axes.annotate(
            chart_text(text),
            (1.0, level),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=7,
            va="center",
        )
