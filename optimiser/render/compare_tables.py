"""Options side by side: measures by option, then planned WTE per locality."""

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType

from optimiser.planning.compare_measures import MEASURES, compare_frame, locality_frame
from optimiser.planning.plan import column_total
from optimiser.planning.precision import MONEY_PLACES, PLACES
from optimiser.planning.results import Option
from optimiser.render import numbers
from optimiser.render.columns import MANY_LOCALITIES, SHOWN_EACH_END, more_row
from optimiser.render.console import table_of, tables, text
from optimiser.render.fit import Fit, fit, fitted_parts, full_width
from optimiser.render.machine import frame_csv, number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text

FORMATTERS = {
    "wte": numbers.wte,
    "signed_wte": numbers.signed_wte,
    "money": numbers.money,
    "signed_money": numbers.signed_money,
    "count": numbers.count,
}


def _known(format_: Callable[[float], str], in_post_known: bool) -> Callable[[float], str]:
    """A figure missing because WTE in post is not known reads "not known", never a dash or 0."""
    if in_post_known:
        return format_
    return lambda v: numbers.NOT_KNOWN if numbers.missing(v) else format_(v)


def compare_cells(options: list[Option]) -> tuple[list[str], list[list[str]]]:
    """Today's WTE in post to two decimal places, as recorded (and as every other table shows it)."""
    frame = compare_frame(options)
    formats = dict(MEASURES)
    known = options[0].plan.in_post_known
    headers = ["Measure", *frame.columns]
    rows = []
    for measure, row in frame.iterrows():
        kind = formats[measure]
        today = _known((lambda v: numbers.wte(v, 2)) if kind == "wte" else FORMATTERS[kind], known)
        shown = _known(FORMATTERS[kind], known)
        rows.append([measure, today(row.iloc[0]), *(shown(v) for v in row.iloc[1:])])
    return headers, rows


def locality_cells(options: list[Option]) -> tuple[list[str], list[list[str]]]:
    """Planned WTE by locality and option, with WTE in post first; its total is not known when any
    locality's in post is not known (never the sum of the known ones)."""
    frame = locality_frame(options)
    in_post = _known(lambda v: numbers.wte(v, 2), options[0].plan.in_post_known)
    headers = ["Locality (planned WTE)", *frame.columns]
    rows = [
        [str(name), in_post(row.iloc[0]), *(numbers.wte(v) for v in row.iloc[1:])]
        for name, row in frame.iterrows()
    ]
    totals = [
        "Total",
        in_post(column_total(frame.iloc[:, 0])),
        *(numbers.wte(frame[c].sum()) for c in frame.columns[1:]),
    ]
    return headers, [*rows, totals]


MEASURE_FITS = {
    "Total establishment (WTE)": Fit("Total\nWTE", 0),
    "Change from today (WTE)": Fit("Change\n(WTE)", 0),
    "Recurring cost (£ a year)": Fit("Cost\n(£ a year)", 0),
    "Worst load per WTE": Fit("Worst\nload\nper WTE", 0),
    "Cap (weighted cases per WTE)": Fit("Cap", 1),
    "Change in recurring cost (£ a year)": Fit("Cost\nchange\n(£ a year)", 2),
    "Localities over the cap": Fit("Over\ncap", 3),
    "Average load per WTE": Fit("Average\nload\nper WTE", 4),
}
"""The measures as columns on a narrow terminal. A board chooses between options on what each
needs (establishment, change), what it costs and the load it leaves (the worst): always shown.
Then, as room allows, the cap, the change in cost, how many localities go over the cap, the
average load."""
LOCALITIES_TITLE = "Planned WTE by locality"
LOCALITIES_HINT = (
    f"--details adds the planned WTE by locality (the {SHOWN_EACH_END} needing the most and the least)."
)


def compare_tables(
    title: str, options: list[Option], labels: list[str], width: int | None, details: bool = True
) -> list[RenderableType]:
    """The comparison for the terminal: measures by option, then planned WTE by locality.

    When the options side by side are wider than `width`, the options become rows (named by their
    `labels`, with a key under the table), the secondary measures are left out (`MEASURE_FITS`),
    and the locality table is headed by the labels, split over several tables if it must be.
    `details` False (a terminal without --details): above `MANY_LOCALITIES` localities the locality
    table waits for --details, so the answer fits one screen."""
    headers, rows = compare_cells(options)
    loc_headers, all_rows = locality_cells(options)
    loc_rows, note = readable_localities(options, all_rows)
    by_locality = (loc_headers, loc_rows)
    notes = [text(note, style="dim")] if note else []
    if not details and note:
        loc_rows, notes = [], [text(LOCALITIES_HINT, style="dim")]
    if width is None or max(full_width(headers, rows), full_width(*by_locality)) <= width:
        places = [table_of(LOCALITIES_TITLE, *by_locality)] if loc_rows else []
        return [table_of(title, headers, rows), *places, *notes]
    names = [headers[1], *labels]
    by_option = [[name, *(row[j] for row in rows)] for j, name in enumerate(names, start=1)]
    fits = [MEASURE_FITS[row[0]] for row in rows]
    measures = fit(title, ["Option", *(row[0] for row in rows)], by_option, fits, width)
    key = [text(f"{label} = {option.plan.scenario}") for label, option in zip(labels, options, strict=True)]
    relabelled = [loc_headers[0], "In post\n(WTE)", *labels]
    by_place = tables(LOCALITIES_TITLE, relabelled, loc_rows, width) if loc_rows else []
    return [*fitted_parts(measures, width), *key, *by_place, *notes]


def readable_localities(options: list[Option], rows: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """Above `MANY_LOCALITIES` localities, the rows (total last) of the `SHOWN_EACH_END` needing the
    most and the least WTE under the first option, with a row counting the rest, and a line saying
    so; else every row and None. The total stays over every locality."""
    frame = locality_frame(options)
    if len(frame) <= MANY_LOCALITIES:
        return rows, None
    at = {name: i for i, name in enumerate(frame.index)}
    order = list(frame.iloc[:, 1].sort_values(ascending=False, kind="stable").index)
    top, bottom = order[:SHOWN_EACH_END], order[-SHOWN_EACH_END:]
    left_out = len(frame) - 2 * SHOWN_EACH_END
    shown = [
        *(rows[at[n]] for n in top),
        more_row(left_out, len(rows[0])),
        *(rows[at[n]] for n in bottom),
        rows[-1],
    ]
    note = (
        f"Showing the {SHOWN_EACH_END} localities needing the most WTE and the {SHOWN_EACH_END} needing the "
        f"least under {options[0].plan.scenario}, of {len(frame):,}; the total is over all {len(frame):,}. "
        "--format csv or --format json has every locality."
    )
    return shown, note


def compare_markdown(title: str, options: list[Option]) -> str:
    lines = [
        f"## {markdown_text(title)}",
        "",
        *markdown_table(*compare_cells(options)),
        "",
        *markdown_table(*locality_cells(options)),
        "",
    ]
    return "\n".join(lines)


def _places(measure: str) -> int:
    """Pounds to 0.01, other figures to 1e-9 (planning/precision.py)."""
    return MONEY_PLACES if "money" in dict(MEASURES)[measure] else PLACES


def compare_dict(title: str, options: list[Option]) -> dict[str, Any]:
    frame = compare_frame(options)
    localities = locality_frame(options)
    return {
        "title": title,
        "options": [
            {"name": column, "measures": {m: number(v, _places(m)) for m, v in frame[column].items()}}
            for column in frame.columns
        ],
        "planned_wte": [
            {"locality": str(name), **{c: number(v) for c, v in row.items()}}
            for name, row in localities.iterrows()
        ],
    }


def compare_csv(options: list[Option]) -> str:
    """The measures by option as CSV, each figure at its documented precision (pounds to 0.01)."""
    frame = compare_frame(options)
    rounded = frame.apply(lambda row: row.map(lambda v: number(v, _places(str(row.name)))), axis=1)
    return frame_csv(rounded)
