"""England on a hex map in the board paper: the what-if page's map (`render.hexmap`), of the first
option's establishment by upper-tier authority, as SVG for the HTML page and, for Word, the same
hexagons, colour steps, outlines and legend drawn with matplotlib at print resolution.

The figure mapped is the establishment per 1,000 cases where it differs between authorities
(deprivation weighting), else the establishment itself (every case counted once makes WTE per
1,000 the same everywhere: a map of one colour would say nothing).
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from optimiser.inputs.map_hexes import MapData
from optimiser.planning.plan import Plan
from optimiser.render import hexmap
from optimiser.render.text import chart_text

SPREAD = 0.005
"""WTE per 1,000 cases differing by less than this between authorities count as the same."""


@dataclass(frozen=True)
class MapFigure:
    svg: str
    figure: Figure
    title: str


def _measure(plan: Plan) -> tuple[str, str, object]:
    """The column mapped, its words and how a figure is shown."""
    per_1000 = plan.localities["planned_wte_per_1000"]
    if float(per_1000.max() - per_1000.min()) >= SPREAD:
        return "planned_wte_per_1000", f"WTE per 1,000 {plan.case_unit}", lambda v: f"{v:,.2f}"
    return "planned_wte", "WTE", lambda v: f"{v:,.1f}"


def paper_map(label: str, plan: Plan, data: MapData | None) -> MapFigure | None:
    """The map, when the plan's localities are England's authorities (every authority on the map
    found by its area code); else None."""
    if data is None or plan.area_codes is None:
        return None
    codes = dict(zip(plan.area_codes, plan.localities.index, strict=True))
    if not set(data.authority.values()) <= set(codes):
        return None
    column, words, shown = _measure(plan)
    title = f"{label}: {plan.staff_title}s needed, {words}"
    values = plan.localities[column].to_dict()
    figures = {code: float(values[name]) for code, name in codes.items()}
    names = {code: str(name) for code, name in codes.items()}
    hexes = [hexmap.Hex(*h) for h in data.hexes]
    svg = hexmap.hex_map(hexes, data.authority, figures, names, title, shown)
    return MapFigure(svg, _drawn(hexes, data.authority, figures, title, shown), title)


def _drawn(hexes, authority: dict[str, str], figures: dict[str, float], title: str, shown) -> Figure:
    """The hex map with matplotlib: the same steps, colours, outlines and legend as `hex_map`."""
    grid = hexmap.Grid.of(hexes)
    limits = hexmap.thresholds(list(figures.values()))
    palette = hexmap.colours(len(limits) + 1)
    scale = np.array([hexmap.HALF_WIDTH, hexmap.SIZE / 2])
    shapes = [np.array(hexmap.corners(h, grid)) * scale for h in hexes]
    fills = [palette[hexmap.step_of(figures[authority.get(h.code, h.code)], limits)] for h in hexes]
    figure = Figure(figsize=(6.4, 6.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.add_collection(PolyCollection(shapes, facecolors=fills, edgecolors=hexmap.EDGE, linewidths=0.3))
    sides = [np.array(side) * scale for side in hexmap.outline_edges(hexes, authority, grid)]
    axes.add_collection(LineCollection(sides, colors=hexmap.OUTLINE, linewidths=0.8))
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.invert_yaxis()
    axes.set_axis_off()
    labels = hexmap.step_labels(limits, min(figures.values()), shown)
    swatches = [
        Patch(facecolor=c, edgecolor=hexmap.OUTLINE, label=t) for c, t in zip(palette, labels, strict=True)
    ]
    axes.legend(
        handles=swatches,
        loc="upper right",
        fontsize=8,
        title=chart_text(title),
        title_fontsize=8,
        frameon=False,
    )
    return figure
