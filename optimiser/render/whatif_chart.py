"""The what-if page's charts as SVG, drawn straight from a plan's figures each time a control moves
(matplotlib, which the board paper's charts use, takes a quarter of a second a chart).

Up to MANY_LOCALITIES localities: the establishment and the load per WTE of each locality, today and
in the plan, as paired bars, the load against the cap (or what one WTE holds). At national scale: the
spread of load per WTE across the localities (box: middle half, line: median, whiskers: lightest to
heaviest), and each locality's change in WTE, sorted. Each chart is one <svg role="img"> with a title
and a description a screen reader reads, and each bar's figure in a <title> on hover; the table
beside it gives every figure. Today is light grey and the plan NHS blue, apart in lightness as well
as hue, so the pair survives greyscale and colour-blindness. Presentation attributes only: the
page's Content-Security-Policy allows no inline style. Pure: nothing here reads a file or solves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import numpy as np

from optimiser.render import numbers
from optimiser.render.columns import MANY_LOCALITIES
from optimiser.render.whatif_table import half_up

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.plan import Plan

TODAY, PLANNED, INK, GRID = "#d8dde0", "#005eb8", "#212b32", "#e8edee"
"""NHS colours: grey 4 (today), blue (the plan), black text and lines, pale grey grid."""
WIDTH = 560
FONT = 13
LABELLED = 12
"""Bars carry their figure as text up to this many localities (beyond, on hover only)."""


@dataclass(frozen=True)
class Chart:
    """One chart: its heading and its SVG."""

    heading: str
    svg: str


def _ticks(top: float) -> list[float]:
    """Round steps (1, 2 or 5 times a power of ten) from 0 past `top`, four to eight of them."""
    if not math.isfinite(top) or top <= 0:
        return [0.0, 1.0]
    step = 10.0 ** math.floor(math.log10(top / 5))
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 6:
            step *= factor
            break
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def _svg(ident: str, height: float, title: str, description: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" class="app-chart" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" font-family="Arial, sans-serif" '
        f'font-size="{FONT}">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _centred(x: float, y: float, words: str) -> str:
    """An axis's name, centred under it."""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{escape(words)}</text>'


def _legend(y: float, entries: Sequence[tuple[str, str]], line: str | None = None) -> list[str]:
    """Swatches in a row at the top: (colour, words) each, then a dashed line's words."""
    parts, x = [], 4.0
    for colour, words in entries:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}" stroke="{INK}"/>'
        )
        parts.append(f'<text x="{x + 17:.1f}" y="{y}">{escape(words)}</text>')
        x += 30 + 7.2 * len(words)
    if line:
        parts.append(
            f'<path d="M{x:.1f} {y - 4}h18" stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(f'<text x="{x + 23:.1f}" y="{y}">{escape(line)}</text>')
    return parts


@dataclass(frozen=True)
class Axis:
    """A horizontal scale: figures 0..top over the pixels left..right."""

    left: float
    right: float
    top: float

    def x(self, value: float) -> float:
        return self.left + (self.right - self.left) * max(0.0, value) / self.top

    def grid(self, y0: float, y1: float, ticks: list[float], shown: Callable[[float], str]) -> list[str]:
        parts = []
        for tick in ticks:
            x = self.x(tick)
            parts.append(f'<path d="M{x:.1f} {y0:.1f}V{y1:.1f}" stroke="{GRID}"/>')
            parts.append(
                f'<text x="{x:.1f}" y="{y1 + 15:.1f}" text-anchor="middle">{escape(shown(tick))}</text>'
            )
        return parts


CHARACTER = 8.5
"""The most room a character of FONT-pixel Arial takes (capitals; most take less)."""


def _label_width(names: Sequence[str]) -> float:
    """Room at the left for the longest name (up to 170 pixels, beyond which names are shortened)."""
    return min(170.0, 14 + CHARACTER * max((len(n) for n in names), default=4))


def _short(name: str, width: float) -> str:
    room = int((width - 14) / CHARACTER)
    return name if len(name) <= room else name[: max(1, room - 1)] + "\u2026"


def paired_bars(
    names: Sequence[str],
    today: np.ndarray,
    planned: np.ndarray,
    shown: Callable[[float], str],
    words: tuple[str, str, str, str],
    line: tuple[float, str] | None = None,
) -> str:
    """Today's and the plan's figure for each locality as two bars; `line`, a dashed mark across them
    (the cap) with its words; `words`, the chart's id, title, description and the axis's name."""
    label = _label_width(names)
    ends = [v for v in (*today.tolist(), *planned.tolist(), line[0] if line else 0.0) if math.isfinite(v)]
    ticks = _ticks(max(ends, default=1.0) * 1.05)
    axis = Axis(label, WIDTH - 48, ticks[-1])
    top, row = 34.0, 30.0
    parts = _legend(14, [(TODAY, "Today"), (PLANNED, "This plan")], line[1] if line else None)
    bottom = top + row * len(names)
    parts += axis.grid(top - 4, bottom, ticks, shown)
    for n, name in enumerate(names):
        y = top + n * row
        parts.append(
            f'<text x="{label - 8}" y="{y + 16}" text-anchor="end">{escape(_short(name, label))}</text>'
        )
        for k, (values, colour, whose) in enumerate(
            ((today, TODAY, "today"), (planned, PLANNED, "this plan"))
        ):
            parts += _bar(
                axis, y + 3 + k * 12, float(values[n]), colour, f"{name}, {whose}", shown, len(names)
            )
    if line is not None:
        x = axis.x(line[0])
        parts.append(
            f'<path d="M{x:.1f} {top - 4}V{bottom}" stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
    parts.append(_centred((axis.left + axis.right) / 2, bottom + 34, words[3]))
    return _svg(words[0], bottom + 44, words[1], words[2], parts)


def _bar(axis: Axis, y: float, value: float, colour: str, who: str, shown, count: int) -> list[str]:
    if not math.isfinite(value):
        return [f'<text x="{axis.left + 4}" y="{y + 10}" font-size="11">not known</text>']
    words = f"{who}: {shown(value)}"
    width = axis.x(value) - axis.left
    parts = [
        f'<rect x="{axis.left}" y="{y:.1f}" width="{width:.1f}" height="11" fill="{colour}" stroke="{INK}" '
        f'stroke-width="0.5"><title>{escape(words)}</title></rect>'
    ]
    if count <= LABELLED:
        parts.append(
            f'<text x="{axis.left + width + 4:.1f}" y="{y + 10}" font-size="11">{escape(shown(value))}</text>'
        )
    return parts


def spread(
    groups: Sequence[tuple[str, np.ndarray]],
    shown: Callable[[float], str],
    words: tuple[str, str, str, str],
    line: tuple[float, str] | None = None,
    why_none: str = "not known",
) -> str:
    """Each group's figures across the localities as a box (the middle half), a line at the median and
    whiskers from the lowest to the highest; a group with no figures says `why_none` instead."""
    finite = [v[np.isfinite(v)] for _, v in groups]
    ends = [float(v.max()) for v in finite if v.size] + ([line[0]] if line else [])
    ticks = _ticks(max(ends, default=1.0) * 1.05)
    label = _label_width([name for name, _ in groups])
    axis = Axis(label, WIDTH - 48, ticks[-1])
    top, row = 34.0, 44.0
    bottom = top + row * len(groups)
    parts = _legend(14, [], line[1] if line else None) + axis.grid(top - 4, bottom, ticks, shown)
    for n, ((name, _), values) in enumerate(zip(groups, finite, strict=True)):
        y = top + n * row + 8
        parts.append(f'<text x="{label - 8}" y="{y + 18}" text-anchor="end">{escape(name)}</text>')
        parts += (
            _box(axis, y, values, name, shown)
            if values.size
            else [f'<text x="{axis.left + 4}" y="{y + 18}">{escape(why_none)}</text>']
        )
    if line is not None:
        x = axis.x(line[0])
        parts.append(
            f'<path d="M{x:.1f} {top - 4}V{bottom}" stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
    parts.append(_centred((axis.left + axis.right) / 2, bottom + 34, words[3]))
    return _svg(words[0], bottom + 44, words[1], words[2], parts)


def _box(axis: Axis, y: float, values: np.ndarray, name: str, shown) -> list[str]:
    low, q1, median, q3, high = np.percentile(values, [0, 25, 50, 75, 100]).tolist()
    words = (
        f"{name}: lowest {shown(low)}, middle half {shown(q1)} to {shown(q3)}, median {shown(median)}, "
        f"highest {shown(high)}"
    )
    colour = TODAY if name == "Today" else PLANNED
    x = [axis.x(v) for v in (low, q1, median, q3, high)]
    return [
        f"<g><title>{escape(words)}</title>"
        f'<path d="M{x[0]:.1f} {y + 14}H{x[1]:.1f}M{x[3]:.1f} {y + 14}H{x[4]:.1f}'
        f'M{x[0]:.1f} {y + 6}v16M{x[4]:.1f} {y + 6}v16" stroke="{INK}"/>'
        f'<rect x="{x[1]:.1f}" y="{y}" width="{max(x[3] - x[1], 1.5):.1f}" height="28" '
        f'fill="{colour}" stroke="{INK}"/><path d="M{x[2]:.1f} {y}v28" '
        f'stroke="{"#ffffff" if colour == PLANNED else INK}" stroke-width="2.5"/></g>'
    ]


def sorted_columns(
    names: Sequence[str],
    values: np.ndarray,
    shown: Callable[[float], str],
    words: tuple[str, str, str, str],
    legend: Sequence[tuple[str, str]] = ((PLANNED, "more WTE than today"), (TODAY, "fewer")),
) -> str:
    """One thin column a locality, sorted from the largest figure to the smallest, above and below 0:
    how many localities gain, how many lose and by how much (each one's name and figure on hover);
    `legend`, the words for a column above 0 and one below."""
    order = np.argsort(-values, kind="stable")
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    span = (high - low) or 1.0
    top, height, left = 30.0, 180.0, 56.0
    width = (WIDTH - left - 8) / len(values)
    zero = top + height * high / span
    parts = _legend(14, legend if (values < 0).any() else legend[:1])
    for tick in (high, 0.0, low):
        y = top + height * (high - tick) / span
        parts.append(f'<path d="M{left} {y:.1f}H{WIDTH - 8}" stroke="{GRID if tick else INK}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(shown(tick))}</text>')
    for k, i in enumerate(order.tolist()):
        value = float(values[i])
        y0, y1 = sorted((zero, top + height * (high - value) / span))
        colour = PLANNED if value > 0 else TODAY
        parts.append(
            f'<rect x="{left + k * width:.2f}" y="{y0:.1f}" width="{max(width - 0.6, 0.6):.2f}" '
            f'height="{max(y1 - y0, 0.8):.1f}" fill="{colour}">'
            f"<title>{escape(f'{names[i]}: {shown(value)}')}</title></rect>"
        )
    parts.append(_centred((left + WIDTH) / 2, top + height + 24, words[3]))
    return _svg(words[0], top + height + 34, words[1], words[2], parts)


def _line_words(cap: float, holds: float, unit: str) -> tuple[float, str]:
    """The dashed line: the cap, or what one WTE holds where headroom or grades make it differ."""
    if abs(holds - cap) <= 1e-9 * max(abs(cap), 1.0):
        return cap, f"the cap, {numbers.count(cap)} {unit}"
    return holds, f"what one WTE holds, {numbers.count(holds)}"


def _few(plan: Plan, holds: float) -> list[Chart]:
    """Up to MANY_LOCALITIES: each locality's establishment and load, today and in the plan."""
    frame, unit = plan.localities, plan.case_unit
    names = [str(n) for n in frame.index]
    today, planned = (frame[c].to_numpy(dtype=float) for c in ("in_post_wte", "planned_wte"))
    line = _line_words(plan.cap, holds, unit)
    establishment = paired_bars(
        names,
        today,
        planned,
        numbers.wte,
        (
            "chart-wte",
            f"Establishment by locality: {numbers.wte(plan.totals['planned_wte'])} WTE planned in all",
            "WTE in post today and planned, one pair of bars a locality; the table gives every figure.",
            "WTE",
        ),
    )
    before, after = (frame[c].to_numpy(dtype=float) for c in ("load_per_wte_before", "load_per_wte"))
    load = paired_bars(
        names,
        before,
        after,
        numbers.count,
        (
            "chart-load",
            f"Weighted {unit} per WTE by locality, today and planned, against {line[1]}",
            "Load per WTE today and in the plan, one pair of bars a locality, and a dashed line at "
            f"{line[1]}; the table gives every figure.",
            f"Weighted {unit} per WTE",
        ),
        line,
    )
    return [Chart("Establishment by locality (WTE)", establishment), Chart(f"Load per WTE ({unit})", load)]


def _many(plan: Plan, holds: float) -> list[Chart]:
    """Beyond MANY_LOCALITIES: the spread of load across the localities, and each one's change."""
    frame, unit = plan.localities, plan.case_unit
    line = _line_words(plan.cap, holds, unit)
    before, after = (frame[c].to_numpy(dtype=float) for c in ("load_per_wte_before", "load_per_wte"))
    spread_svg = spread(
        [("Today", before), ("This plan", after)],
        numbers.count,
        (
            "chart-load",
            f"Weighted {unit} per WTE across {len(frame)} localities, today and planned",
            f"Box: the middle half of the localities; line: the median; whiskers: the lightest to the "
            f"heaviest; dashed: {line[1]}.",
            f"Weighted {unit} per WTE",
        ),
        line,
        why_none="not known: WTE in post is not given",
    )
    charts = [Chart(f"Load per WTE across the localities ({unit})", spread_svg)]
    change = frame["change_wte"].to_numpy(dtype=float)
    if np.isfinite(change).all():
        charts.append(Chart("Change in WTE from today, by locality", _change(frame.index, change)))
    else:  # nothing known of today: how the plan's WTE per 1,000 cases spread instead
        charts.insert(0, Chart(f"Planned WTE per 1,000 {unit}, by locality", _per_1000(plan)))
    return charts


def page_charts(plan: Plan, holds: float) -> list[Chart]:
    """The page's charts for a plan; `holds`, what one WTE holds (the cap's line)."""
    return _few(plan, holds) if len(plan.localities) <= MANY_LOCALITIES else _many(plan, holds)


def _change(names, change: np.ndarray) -> str:
    gain, lose = int((change >= 0.05).sum()), int((change <= -0.05).sum())
    return sorted_columns(
        [str(n) for n in names],
        change,
        numbers.signed_wte,
        (
            "chart-change",
            f"Change in WTE from today: {gain} localities gain, {lose} lose",
            "One column a locality, sorted from the largest gain to the largest loss; the table gives "
            "every figure.",
            "Localities, from the largest gain to the largest loss",
        ),
    )


def _per_1000(plan: Plan) -> str:
    frame, unit = plan.localities, plan.case_unit
    values = half_up(frame["planned_wte_per_1000"].to_numpy(dtype=float), 2)  # as numbers.wte(v, 2)
    low, high = f"{values.min():,.2f}", f"{values.max():,.2f}"
    return sorted_columns(
        [str(n) for n in frame.index],
        values,
        lambda v: f"{v:,.2f}",
        (
            "chart-per-1000",
            f"Planned WTE per 1,000 {unit}: from {low} to {high} across {len(frame)} localities",
            "One column a locality, sorted from the most WTE per 1,000 to the fewest; the table gives "
            "every figure.",
            "Localities, from the most WTE per 1,000 to the fewest",
        ),
        ((PLANNED, f"planned WTE per 1,000 {unit}"),),
    )
