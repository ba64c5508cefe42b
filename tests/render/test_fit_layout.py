"""The layout rules of `render.fit` on small tables whose widths are worked out by hand here.

A boxed table of columns w1..wn is w1 + ... + wn + 3n + 1 wide (a space each side of every column,
a rule between columns and at each edge).
"""

import io

from rich.console import Console

from optimiser.render.console import tables
from optimiser.render.fit import Fit, fit, left_out_note

HEADERS = ["Locality", "Planned\n(WTE)", "In post\n(WTE)", "Weighted\ncaseload"]
ROWS = [["North", "18.1", "14.86", "7,240"], ["South", "125.9", "25.52", "10,362"]]
FITS = [Fit("Planned", 0), Fit("In post", 1), Fit("Weighted", 2)]


def printed(parts: list, width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False)
    for part in parts:
        console.print(part)
    return out.getvalue().splitlines()


def test_columns_go_a_rank_at_a_time_least_important_first() -> None:
    # Locality 8, Planned 7, In post 7, Weighted 8: 8 + 7 + 7 + 8 + 3 * 4 + 1 = 43 wide in full.
    assert fit("t", HEADERS, ROWS, FITS, 43).left_out == []
    # At 42 the weighted caseload goes (8 + 7 + 7 + 3 * 3 + 1 = 32 fits), named by its full header.
    assert fit("t", HEADERS, ROWS, FITS, 42).left_out == ["Weighted caseload"]
    # At 31 in post goes too: 8 + 7 + 3 * 2 + 1 = 22.
    assert fit("t", HEADERS, ROWS, FITS, 31).left_out == ["In post (WTE)", "Weighted caseload"]


def test_a_less_important_column_is_not_shown_in_place_of_a_more_important_one() -> None:
    """A narrow rank-2 column that would fit is still left out when the rank-1 column does not."""
    fits = [Fit("Planned", 0), Fit("In post, a wide header", 1), Fit("W", 2)]
    result = fit("t", HEADERS, ROWS, fits, 30)
    assert result.left_out == ["In post (WTE)", "Weighted caseload"]


def test_equal_columns_are_split_evenly_and_nothing_is_left_out() -> None:
    headers = ["", "A", "B", "C", "D", "E"]
    rows = [["factor", "1,000", "2,000", "3,000", "4,000", "5,000"]]
    # Key 6; five columns of 5: 6 + 25 + 3 * 6 + 1 = 50 in full. At 42, four fit beside the key
    # (6 + 20 + 3 * 5 + 1 = 42), so two tables: three and two columns rather than four and one.
    result = fit("t", headers, rows, [Fit(h) for h in headers[1:]], 42, stack=True)
    assert result.left_out == []
    assert [len(t.columns) - 1 for t in result.tables] == [3, 2]
    lines = printed(result.tables, 42)
    assert all(len(line) <= 42 for line in lines)
    for figure in rows[0][1:]:
        assert sum(figure in line for line in lines) == 1


def test_a_table_that_fits_is_the_full_table() -> None:
    assert printed(tables("t", HEADERS, ROWS, 43, FITS), 43) == printed(
        tables("t", HEADERS, ROWS, None, FITS), 43
    )


def test_the_footnote_names_the_columns_and_wide() -> None:
    assert left_out_note([], 80) is None
    assert left_out_note(["Weighted caseload", "Load per WTE now"], 80) == (
        "Not shown, to fit 80 columns: Weighted caseload; Load per WTE now; --wide shows every column."
    )
