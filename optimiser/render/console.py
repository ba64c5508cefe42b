"""Rich building blocks every terminal renderer shares: literal text, a console that prints it, and
tables that never truncate a figure or that fit a terminal's width.

Every piece of text reaches Rich as a `Text` in its visible form (see `render.text`), so names are
never read as console markup or emoji codes and no control character reaches the terminal.
"""

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from optimiser.render.fit import Fit, fit, fitted_parts, full_width
from optimiser.render.text import visible


def text(value: str, style: str = "") -> Text:
    """Literal text for Rich: no markup, no emoji codes, control characters visible."""
    return Text(visible(value), style=style)


class LiteralConsole(Console):
    """A console that prints strings as literal text (never markup or emoji), controls visible."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, emoji=False, **kwargs)

    def print(self, *objects, **kwargs) -> None:
        super().print(*(text(o) if isinstance(o, str) else o for o in objects), **kwargs)


def table_of(title: str, headers: list[str], rows: list[list[str]]) -> Table:
    """A table whose cells are never truncated: headers wrap, figures keep their full width."""
    headers = [visible(h) for h in headers]
    rows = [[visible(c) for c in row] for row in rows]
    table = Table(title=text(title), title_style="bold", header_style="bold")
    for i, header in enumerate(headers):
        widest = max([len(row[i]) for row in rows] + [len(line) for line in header.split("\n")])
        table.add_column(Text(header), justify="left" if i == 0 else "right", min_width=widest, no_wrap=i > 0)
    for row in rows:
        table.add_row(*(Text(c) for c in row))
    return table


def _total_row(table: Table) -> Table:
    table.rows[-1].end_section = False
    table.rows[-2].end_section = True
    table.rows[-1].style = "bold"
    return table


def tables(
    title: str,
    headers: list[str],
    rows: list[list[str]],
    width: int | None,
    fits: list[Fit] | None = None,
    total: bool = False,
) -> list[RenderableType]:
    """The full table (`table_of`) when `width` is None or it fits; else the table fitted to `width`
    columns (`render.fit`), with a footnote naming any column left out. Without `fits` the columns
    are of equal standing: split over several tables, none left out."""
    if width is None or full_width(headers, rows) <= width:
        table = table_of(title, headers, rows)
        return [_total_row(table) if total else table]
    stack = fits is None
    fits = fits if fits is not None else [Fit(h) for h in headers[1:]]
    return fitted_parts(fit(title, headers, rows, fits, width, stack=stack, total=total), width)
