"""Appendix B, method and assumptions: how a locality's establishment follows from its caseload,
how figures are rounded, what Chart 1 plans, and every figure the options rest on with its source,
as one table (an assumption shared by several options is listed once, with the options it is for).

A source published after the paper's date says so, rather than reading as if known at the time.
"""

import re

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import Option
from optimiser.render.paper.document import Block, Heading, Paragraph, Table
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.paper.words import listing

LATER = "published after this paper's date"
YEAR = re.compile(r"\b(19|20)\d\d\b(?!/)")
"""A year of publication: four digits, not the first half of a financial year ("2010/11")."""
PATHS = {
    "Weighting model": lambda o: o.prepared.inputs.model.name,
    "Locality data": lambda o: f"{o.prepared.inputs.localities.path.name} (Appendix D)",
}
"""Assumptions whose value names a file by its path: the paper names it by its title or file name."""


def _figure(label: str, option: Option, value: str) -> str:
    """An assumption's figure as the paper shows it: a file by its title or name, a cap in whole
    cases as every table shows it (333.33 is 333; its source says how it was set)."""
    if label in PATHS:
        return PATHS[label](option)
    if label == "Cap":
        return re.sub(r"^[\d,.]+", Rounding.load(option.plan.cap), value)
    return value


def paper_year(paper: Paper) -> int | None:
    years = [int(m.group()) for m in YEAR.finditer(paper.date or "")]
    return years[-1] if years else None


def dated(source: str, year: int | None) -> str:
    """The source, marked where it was published after the paper's year."""
    if year is None or not source:
        return source
    later = [int(m.group()) for m in YEAR.finditer(source)]
    return f"{source} ({LATER})" if later and max(later) > year else source


def _assumption_rows(paper: Paper, options: list[Option]) -> list[tuple[str, str, str, str]]:
    year = paper_year(paper)
    found: dict[tuple[str, str, str], list[str]] = {}
    for label, option in zip(paper.labels, options, strict=True):
        for a in option.plan.assumptions:
            value = _figure(a.label, option, a.value)
            found.setdefault((a.label, value, dated(a.source, year)), []).append(label)
    every = len(options) > 1
    return [
        (name, value, source, "all" if every and len(users) == len(options) else listing(users))
        for (name, value, source), users in found.items()
    ]


def appendix(
    paper: Paper, options: list[Option], frontier: pd.DataFrame, r: Rounding, extra: tuple = ()
) -> list[Block]:
    """Appendix B; `extra`: blocks that follow the assumptions (what moves the cost most)."""
    unit = options[0].plan.case_unit
    return [
        Heading("Appendix B: Method and assumptions", 2),
        Paragraph(
            "Each locality's caseload is counted and weighted as its model says: each case counts once, or "
            "more where the model weights it by need. The establishment a locality needs is its weighted "
            "caseload divided by what one WTE can hold. For each option the establishment is the cheapest "
            "that holds every locality at or below the cap, within any limits the option sets (floors, "
            "recruitment limits, a budget). Where an option fixes the money rather than the cap, it is the "
            "lowest load every locality can be brought to within the budget, then the cheapest way "
            "of holding "
            "it. Appendix C says how this was worked out and checked."
        ),
        Paragraph(
            "Figures are kept unrounded and rounded only for display, half away from zero: WTE to "
            "one decimal "
            f"place (in post to two, as recorded), caps and loads to whole {unit}, "
            + (
                "pounds in £m to one decimal place in the body and to the pound in the appendix tables. "
                if r.millions
                else "pounds to the pound. "
            )
            + "A total may therefore differ from the sum of its rounded rows."
        ),
        Paragraph(
            f"Chart 1 plans {paper.labels[0]}'s localities, model and limits (without any budget) at "
            f"{len(frontier)} caps from {r.load(frontier['cap'].min())} to {r.load(frontier['cap'].max())}; "
            "each option is marked at its own cost."
        ),
        Table(
            ("Assumption", "Figure", "Source", "Options"),
            tuple(_assumption_rows(paper, options)),
            caption="Table B1: The figures the options rest on",
        ),
        *extra,
    ]
