"""Charts for board papers: greyscale-safe (hatching, not colour), labelled with units and scenario,
printed sharp: SVG for HTML, PNG at `PRINT_DPI` for Word.

Built on matplotlib's object API (no pyplot state), so each chart is a pure function of its data.
Every name is drawn through `chart_text`: literally, never as mathtext, control characters visible.
Figures on a chart are formatted by the caller's functions, so a chart shows a figure exactly as
the paper's text and tables do. Axes where a level is compared start at zero. No label is drawn
across a line or another label (`render.chart_labels` places them).
"""

import io
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from optimiser.render import chart_labels
from optimiser.render.text import chart_text

DPI = 100
"""matplotlib's drawing units; the size of a chart is PAPER_SIZE_INCHES."""
PRINT_DPI = 300
"""PNG charts are drawn at print resolution: 2,400 x 1,380 pixels for 8 x 4.6 inches."""
DARK = "0.25"
HATCHES = ("", "//", "..", "\\\\", "xx", "--", "++", "oo")
GREYS = ("0.92", "0.7", "0.45", "0.2", "0.85", "0.6", "0.35", "0.1")
LINES = ("--", ":", "-.", (0, (5, 1)))
PAPER_SIZE_INCHES = (8.0, 4.6)
Money = Callable[[float], str]
Load = Callable[[float], str]


def to_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    return buffer.getvalue()


def to_svg(figure: Figure) -> bytes:
    """SVG without a date and with stable element ids, so the same plan gives the same file."""
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "establishment"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def paper_figure(size: tuple[float, float] = PAPER_SIZE_INCHES) -> tuple[Figure, object]:
    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    return figure, figure.add_subplot()


def _whole(value: float) -> str:
    return f"{value:,.0f}"


def paper_frontier_chart(
    points: pd.DataFrame,
    marks: list[tuple[str, float, float]],
    today: float,
    budgets: list[tuple[str, float]],
    unit: str,
    money: Money,
    load: Load = _whole,
) -> Figure:
    """The cost of meeting each cap (`points`: columns cap and cost), with today's cost, the
    budgets (label: the options whose budget it is) and every option (label, cap, annual cost)
    marked and labelled with `money` and `load` (the paper's own rounding)."""
    figure, axes = paper_figure()
    axes.plot(
        points["cap"], points["cost"] / 1e6, color="black", linewidth=1.6, label="Cost of meeting the cap"
    )
    if np.isnan(today):  # WTE in post not known: no line, but the legend says why
        axes.plot([], [], linestyle="", label="Today's cost: not known (WTE in post not known)")
    else:
        axes.axhline(
            today / 1e6, color="0.35", linestyle="--", linewidth=1.1, label=f"Today's cost: {money(today)}"
        )
    for n, (label, budget) in enumerate(budgets):
        style = (0, (1, 2)) if n % 2 == 0 else "-."
        axes.axhline(
            budget / 1e6,
            color="0.55",
            linestyle=style,
            linewidth=1.3,
            label=chart_text(f"{label}: {money(budget)}"),
        )
    for n, (_, cap, cost) in enumerate(marks):
        axes.plot([cap], [cost / 1e6], marker="os^Dv<>p"[n % 8], markersize=8, color="black", linestyle="")
    span = [float(points["cost"].max()), *(b for _, b in budgets), *(c for _, _, c in marks)]
    span += [] if np.isnan(today) else [today]
    axes.set_ylim(0, max(span) / 1e6 * 1.15)
    axes.set_xlabel(chart_text(f"Cap: most weighted {unit} one WTE may hold"))
    axes.set_ylabel("Annual cost (£m)")
    axes.set_title("What each cap costs: the lower the cap, the more staff", fontsize=10)
    axes.grid(True, color="0.88")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8, frameon=False)
    texts = [
        (chart_text(f"{label}: {load(cap)}, {money(cost)}"), cap, cost / 1e6) for label, cap, cost in marks
    ]
    chart_labels.place_point_labels(figure, axes, texts)
    return figure


def paper_load_chart(
    localities: list[str],
    today: list[float],
    series: list[tuple[str, list[float], float, float]],
    unit: str,
    load: Load = _whole,
) -> Figure:
    """Load per WTE by locality: today and every option side by side, each option's cap as a line.

    `series`: (label, load per WTE by locality, cap, what one WTE holds); where what one WTE holds
    differs from the cap (headroom, non-clinical time, grade capacity) that line is drawn instead.
    Each bar is labelled (`load`) where there is room, above its bar and clear of every line.
    """
    figure, axes = paper_figure()
    x = np.arange(len(localities))
    groups = [("Today", today), *((label, loads) for label, loads, _, _ in series)]
    width = 0.8 / len(groups)
    bars = []
    for n, (label, loads) in enumerate(groups):
        values = [0.0 if pd.isna(v) else v for v in loads]
        drawn = axes.bar(
            x - 0.4 + width * (n + 0.5),
            values,
            width,
            label=chart_text(label),
            color=GREYS[n % len(GREYS)],
            edgecolor="black",
            linewidth=0.6,
            hatch=HATCHES[n % len(HATCHES)],
        )
        bars += [(bar, v, load(v)) for bar, v in zip(drawn, loads, strict=True) if not pd.isna(v)]
    top = max(
        [*(v for v in today if not pd.isna(v)), *(s[2] for s in series), *(v for _, v, _ in bars)], default=1
    )
    axes.set_ylim(0, top * 1.22)
    levels = cap_lines(axes, series, load)
    rotate = len(localities) > 8
    axes.set_xticks(
        x,
        [chart_text(n) for n in localities],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )
    axes.set_ylabel(chart_text(f"Weighted {unit} per WTE"))
    axes.set_xlabel("Locality")
    axes.set_title("Load per WTE by locality: today and each option, against each cap", fontsize=10)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14 if not rotate else -0.3),
        ncols=len(groups),
        fontsize=8,
        frameon=False,
    )
    if len(bars) <= 40:
        chart_labels.place_bar_labels(figure, axes, bars, levels)
    return figure


def cap_lines(axes, series, load: Load = _whole) -> list[float]:
    """Each option's cap as a line, labelled at the right, labels kept apart; where headroom or
    non-clinical time make one WTE hold less than the cap, the line is at what it holds and the
    label says so. Returns the lines' levels."""
    levels, texts = [], []
    for n, (label, _, cap, holds) in enumerate(series):
        level = holds if abs(holds - cap) > 1e-9 * cap else cap
        text = (
            f"{label}: cap {load(cap)}"
            if level == cap
            else f"{label}: one WTE holds {load(level)} (cap {load(cap)})"
        )
        axes.axhline(level, color="black", linestyle=LINES[n % len(LINES)], linewidth=1)
        levels.append(level)
        texts.append((chart_text(text), level))
    chart_labels.place_right_labels(axes, texts)
    return levels


def dot_plot(
    rows: list[tuple[str, list[float]]],
    xlabel: str,
    title: str,
    lines: list[tuple[str, float]] = (),
    missing: str = "not known",
) -> Figure:
    """One row per group (today, each option), one dot per locality at its figure, spread a little
    up and down so dots with the same figure stay visible, the median marked; a row with no
    figures says `missing`. The axis starts at zero."""
    figure, axes = paper_figure()
    positions = np.arange(len(rows))[::-1]
    found = []
    for position, (_, values) in zip(positions, rows, strict=True):
        shown = [v for v in values if not pd.isna(v)]
        if not shown:
            axes.annotate(
                chart_text(missing),
                (0, position),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
            continue
        found += shown
        spread = (np.arange(len(shown)) % 7 - 3) * 0.05
        axes.plot(shown, position + spread, "o", markersize=3.2, color="black", alpha=0.55, markeredgewidth=0)
        median = float(np.median(shown))
        axes.plot([median, median], [position - 0.3, position + 0.3], color="black", linewidth=2.2)
    for n, (label, level) in enumerate(lines):
        axes.axvline(
            level, color="0.35", linestyle=LINES[n % len(LINES)], linewidth=1, label=chart_text(label)
        )
    top = max([*found, *(level for _, level in lines)], default=1.0)
    axes.set_xlim(0, top * 1.08)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_yticks(positions, [chart_text(label) for label, _ in rows])
    axes.set_xlabel(chart_text(xlabel + "; one dot a locality, the bar the median"))
    axes.set_title(chart_text(title), fontsize=10)
    axes.grid(True, axis="x", color="0.88")
    if lines:
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncols=min(len(lines), 3),
            fontsize=8,
            frameon=False,
        )
    return figure


def paper_load_distribution(
    today: list[float],
    series: list[tuple[str, list[float], float, float]],
    unit: str,
    today_known: bool = True,
) -> Figure:
    """Load per WTE across many localities (national scale): a dot plot, one row for today and one
    for each option, each option's cap (or what one WTE holds) as a line."""
    rows = [("Today", today), *((label, loads) for label, loads, _, _ in series)]
    lines = [(f"{label}: cap {_whole(cap)}", holds) for label, _, cap, holds in series]
    why = "not known (WTE in post not known)" if not today_known else "no staff"
    return dot_plot(
        rows,
        f"Weighted {unit} per WTE",
        f"Load per WTE across the {len(today):,} localities: today and each option",
        lines,
        why,
    )
