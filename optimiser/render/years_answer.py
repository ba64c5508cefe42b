"""The answer a terminal shows first for `years` (issue 24): the year table and at most five
sentences of the trajectory in words; the trajectories by locality, each year's localities, the
binding limits and the assumptions wait for `--details` (render.years shows them all)."""

from rich.console import Group

from optimiser.planning.results import YearsResult
from optimiser.render.answer import MOST_SENTENCES
from optimiser.render.console import tables, text
from optimiser.render.years_words import year_cells, year_sentences

YEARS_HINT = "--details adds each locality's years, the binding limits and the assumptions."


def years_answer(result: YearsResult, width: int | None = None) -> Group:
    """The year table, then the trajectory's sentences (not the binding limits), then the hint."""
    said = [s for s in year_sentences(result) if not s.startswith("Binding constraints")]
    each_year = [s for s in said if "'s budget and limits hold" in s]  # the best cap says the worst
    said = [s for s in said if s not in each_year] + each_year
    return Group(
        *tables(result.scenario, *year_cells(result), width),
        *(text(s) for s in said[:MOST_SENTENCES]),
        text(YEARS_HINT, style="dim"),
    )
