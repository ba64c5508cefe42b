"""England on a hex map, as SVG: one hexagon a district, coloured by its upper-tier authority's
figure, with the authorities' outlines, a legend, and each hexagon's name and figure in a <title>
(shown on hover) and an aria-label (read by a screen reader).

Pure: the hexagons (a HexJSON's "odd-r" layout), the district-to-authority lookup and the figures
are handed in. Colours are steps of cividis, whose lightness rises steadily from dark blue to
yellow, so the order of the steps survives greyscale and the common colour-vision deficiencies.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import pairwise

STEPS = ("#00224e", "#35456c", "#666970", "#948e77", "#c8b866", "#fee838")
"""Six steps of matplotlib's cividis, darkest first (0, 0.2, ... 1.0 along the map)."""
NO_FIGURE = "#ffffff"
SIZE = 10.0
"""A hexagon's radius in SVG units (centre to corner)."""
OUTLINE, EDGE = "#212b32", "#aeb7bd"


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    q: int
    r: int


@dataclass(frozen=True)
class Grid:
    """Where the hexagons sit: the lowest column and the top row (rows run upwards, so the north is
    at the top of the map)."""

    left: int
    top: int

    @classmethod
    def of(cls, hexes: list[Hex]) -> Grid:
        return cls(min(h.q for h in hexes), max(h.r for h in hexes))


CORNERS = ((1, -1), (1, 1), (0, 2), (-1, 1), (-1, -1), (0, -2))
"""A pointy-topped hexagon's corners, in half a hexagon's width (x) and half its radius (y)."""


def lattice(h: Hex, grid: Grid) -> tuple[int, int]:
    """A hexagon's centre in those units: odd rows are shifted right by half a hexagon. Whole
    numbers, so neighbours share their corners exactly."""
    return 2 * (h.q - grid.left) + (h.r & 1) + 2, 3 * (grid.top - h.r) + 3


def corners(h: Hex, grid: Grid) -> list[tuple[int, int]]:
    x, y = lattice(h, grid)
    return [(x + dx, y + dy) for dx, dy in CORNERS]


@lru_cache(maxsize=4096)
def polygon(h: Hex, grid: Grid) -> str:
    """A hexagon's corners as SVG points (the same for every map of the same hexagons)."""
    return " ".join(svg_point(p) for p in corners(h, grid))


def svg_point(point: tuple[int, int]) -> str:
    return f"{point[0] * HALF_WIDTH:.2f},{point[1] * SIZE / 2:.2f}"


HALF_WIDTH = math.sqrt(3) * SIZE / 2


def thresholds(values: list[float]) -> list[float]:
    """Class limits: equal-count steps over the figures (as many as there are distinct figures, up
    to six), so each colour holds about as many authorities. A figure above the n-th limit is in
    step n; no limit at all is one step."""
    distinct = sorted(set(values))
    count = min(len(STEPS), len(distinct))
    ordered = sorted(values)
    limits = {ordered[min(len(ordered) - 1, round(i * len(ordered) / count) - 1)] for i in range(1, count)}
    kept = sorted(limit for limit in limits if limit < ordered[-1])
    return kept if kept or len(distinct) == 1 else [distinct[-2]]


def step_of(value: float, limits: list[float]) -> int:
    return sum(value > limit for limit in limits)


def colours(count: int) -> list[str]:
    """`count` steps spread over the scale, ends included."""
    if count == 1:
        return [STEPS[len(STEPS) // 2]]
    return [STEPS[round(i * (len(STEPS) - 1) / (count - 1))] for i in range(count)]


def outline_edges(hexes: list[Hex], authority: dict[str, str], grid: Grid) -> list[tuple]:
    """The hexagon sides where two authorities meet, or a hexagon meets the sea."""
    sides: dict[tuple, list[str]] = defaultdict(list)
    for h in hexes:
        points = corners(h, grid)
        for k in range(6):
            side = tuple(sorted((points[k], points[(k + 1) % 6])))
            sides[side].append(authority.get(h.code, h.code))
    return [side for side, owners in sides.items() if len(owners) == 1 or owners[0] != owners[1]]


def legend(
    limits: list[float], low: float | None, shown: Callable[[float], str], x: float, y: float, missing: bool
) -> list[str]:
    """One swatch a step, labelled with its range, and a swatch for authorities with no figure."""
    entries = (
        list(zip(colours(len(limits) + 1), step_labels(limits, low, shown), strict=True))
        if low is not None
        else []
    )
    if missing:
        entries.append((NO_FIGURE, "not known"))
    parts = []
    for n, (colour, label) in enumerate(entries):
        top = y + n * 18
        parts.append(f'<rect x="{x}" y="{top}" width="14" height="14" fill="{colour}" stroke="{OUTLINE}"/>')
        parts.append(f'<text x="{x + 20}" y="{top + 11}" font-size="11">{escape(label)}</text>')
    return parts


def step_labels(limits: list[float], low: float, shown: Callable[[float], str]) -> list[str]:
    """Each step's range in words: "up to 2.5", "over 2.5 to 3.1", ..., "over 3.4"."""
    if not limits:
        return [f"{shown(low)} (every authority)" if low is not None else ""]
    middle = [f"over {shown(a)} to {shown(b)}" for a, b in pairwise(limits)]
    return [f"up to {shown(limits[0])}", *middle, f"over {shown(limits[-1])}"]


def hex_map(
    hexes: list[Hex],
    authority: dict[str, str],
    figures: dict[str, float | None],
    names: dict[str, str],
    title: str,
    shown: Callable[[float], str],
    edges: list[tuple] | None = None,
) -> str:
    """The map as one SVG element: `authority` maps a district's code to its authority's,
    `figures` and `names` are by authority code (None: not known); `edges`, the authorities'
    outlines when already found (`outline_edges`)."""
    grid = Grid.of(hexes)
    known = [v for v in figures.values() if v is not None and not math.isnan(v)]
    limits = thresholds(known) if known else []
    palette = colours(len(limits) + 1)
    key_x = HALF_WIDTH * (2 * (max(h.q for h in hexes) - grid.left) + 5)
    width = key_x + 230
    height = 1.5 * SIZE * (grid.top - min(h.r for h in hexes)) + SIZE * 4
    body, missing = [], False
    for h in sorted(hexes, key=lambda h: h.code):
        code = authority.get(h.code, h.code)
        value = figures.get(code)
        has = value is not None and not math.isnan(value)
        missing |= not has
        fill = palette[step_of(value, limits)] if has else NO_FIGURE
        words = f"{h.name} (in {names.get(code, code)}): {shown(value) if has else 'not known'}"
        path = polygon(h, grid)
        body.append(
            f'<g role="img" aria-label="{escape(words)}"><title>{escape(words)}</title>'
            f'<polygon points="{path}" fill="{fill}" stroke="{EDGE}" stroke-width="0.6"/></g>'
        )
    lines = [
        f'<path d="M{svg_point(a)}L{svg_point(b)}"/>'
        for a, b in edges or outline_edges(hexes, authority, grid)
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" class="app-hexmap" '
        f'role="group" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        + "".join(body)
        + f'<g stroke="{OUTLINE}" stroke-width="1.6" stroke-linecap="round" aria-hidden="true">'
        + "".join(lines)
        + "</g>"
        + f'<g aria-hidden="true"><text x="{key_x}" y="20" font-size="12" font-weight="bold">'
        + f"{escape(title)}</text>"
        + "".join(legend(limits, min(known) if known else None, shown, key_x, 30, missing))
        + "</g></svg>"
    )
