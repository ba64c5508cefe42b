"""Labels placed on a chart so that none crosses a line, a bar, a marker or another label.

The chart is laid out once (constrained layout), then each label tries a few places in turn and
takes the first that is clear, measured in the drawn figure; the layout is then frozen, so the
SVG and the print-resolution PNG keep every label where it was checked to be clear.
"""

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

MARGIN = 1.5
"""Pixels kept clear around a label."""


def _renderer(figure):
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    figure.canvas.draw()
    return figure.canvas.get_renderer()


def _box(artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer).expanded(1, 1).padded(MARGIN)


def obstacles(axes, renderer) -> list:
    """What a label must not touch: every line (by its path), every marker and every bar."""
    found = []
    for line in axes.get_lines():
        path = line.get_path().transformed(line.get_transform())
        if line.get_linestyle() in ("None", "", " "):
            size = line.get_markersize() * renderer.points_to_pixels(1) / 2 + MARGIN
            found += [Bbox.from_extents(x - size, y - size, x + size, y + size) for x, y in path.vertices]
        elif len(path.vertices):
            found.append(path)
    found += [patch.get_window_extent(renderer) for patch in axes.patches]
    return found


def clear(box: Bbox, taken: list, inside: Bbox | None) -> bool:
    """Whether `box` touches nothing taken (boxes and line paths) and lies within `inside`."""
    if inside is not None and not (inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)):
        return False
    for other in taken:
        if isinstance(other, Bbox):
            if box.overlaps(other):
                return False
        elif other.intersects_bbox(box, filled=False):
            return False
    return True


def _try(axes, renderer, taken, inside, text, anchor, offsets, **style):
    """Annotate `text` at the first of `offsets` (points) where it is clear; None where none is."""
    for dx, dy, ha, va in offsets:
        label = axes.annotate(
            text,
            anchor,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            annotation_clip=False,
            **style,
        )
        box = _box(label, renderer)
        if clear(box, taken, inside):
            taken.append(box)
            return label
        label.remove()
    return None


POINT_OFFSETS = [
    (8, 6, "left", "bottom"),
    (8, -6, "left", "top"),
    (-8, 6, "right", "bottom"),
    (-8, -6, "right", "top"),
    (0, 12, "center", "bottom"),
    (0, -12, "center", "top"),
    (14, 20, "left", "bottom"),
    (-14, 20, "right", "bottom"),
    (14, -20, "left", "top"),
    (-14, -20, "right", "top"),
]


def place_point_labels(figure, axes, texts: list[tuple[str, float, float]]) -> None:
    """Label each marked point (text, x, y) beside it, where clear; then freeze the layout."""
    renderer = _renderer(figure)
    taken = obstacles(axes, renderer)
    inside = axes.get_window_extent(renderer)
    for text, x, y in texts:
        _try(axes, renderer, taken, inside, text, (x, y), POINT_OFFSETS, fontsize=8) or _try(
            axes, renderer, taken, None, text, (x, y), POINT_OFFSETS, fontsize=8
        )
    freeze(figure)


def place_bar_labels(figure, axes, bars: list, levels: list[float]) -> None:
    """Label each bar (bar, value, text) just above it, or higher where a line or another label is
    in the way; a bar with no clear place above it within the axes goes unlabelled (its figure is
    in the tables). Then freeze the layout."""
    renderer = _renderer(figure)
    taken = obstacles(axes, renderer)
    inside = axes.get_window_extent(renderer)
    steps = [(0, 2 + 7 * k, "center", "bottom") for k in range(8)]
    for bar, value, text in bars:
        anchor = (bar.get_x() + bar.get_width() / 2, value)
        _try(axes, renderer, taken, inside, text, anchor, steps, fontsize=6.5)
    freeze(figure)


def place_right_labels(axes, texts: list[tuple[str, float]]) -> None:
    """Labels at the right of the axes at their lines' levels, moved apart (in points) so that no
    two overlap; the figure's layout makes room for them."""
    figure = axes.get_figure()
    renderer = _renderer(figure)
    to_points = 72 / figure.dpi
    placed: list[float] = []
    for text, level in sorted(texts, key=lambda t: t[1]):
        y = axes.transData.transform((0, level))[1]
        label = axes.annotate(
            text,
            (1.0, level),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=7,
            va="center",
        )
        height = _box(label, renderer).height
        wanted = max([y, *(p + height for p in placed[-1:])])
        label.xyann = (3, (wanted - y) * to_points)
        placed.append(wanted)


def freeze(figure) -> None:
    """Lay the figure out once more and keep it so: later drawing (SVG, PNG) moves nothing."""
    _renderer(figure)
    figure.set_layout_engine("none")
