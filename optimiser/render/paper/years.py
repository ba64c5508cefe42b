"""The paper's path over several years (the options file's `horizon:` scenario), as document blocks:
a short section with the trajectory chart in the body, the tables and sentences in Appendix E,
status and binding limits in Appendix C, its files in Appendix D.

Nothing is solved here: the horizon arrives planned (`planning.paper_horizon`). The figures and
sentences are the `years` command's own (`render.years`), so the paper and `years` cannot differ.
"""

from dataclasses import replace

from optimiser.planning.results import HorizonPlan, YearsResult
from optimiser.render import numbers
from optimiser.render.paper.document import Block, Bullets, Figure, Heading, Paragraph, Table
from optimiser.render.years_words import trajectory_cells, year_cells, year_sentences

SECTION = "The path over several years"
APPENDIX = "Appendix {letter}: The path over several years"
"""E, or F when the paper also has the appendix on uncertain counts (which comes first)."""
CHART = "charts/years.png"
ESTABLISHMENT = "The establishment goes from"


def _plain(result: YearsResult) -> list[str]:
    """The year sentences without the binding constraints' labels (those go to Appendix C)."""
    return year_sentences(replace(result, binding=()))


def _span(result: YearsResult) -> str:
    years = result.years
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def body(horizon: HorizonPlan, png: bytes, chart_number: int = 3, letter: str = "E") -> list[Block]:
    """The body's section: what the horizon asks, two or three sentences, and the chart."""
    result = horizon.result
    said = _plain(result)
    headline = [said[0]]  # when the cap is reached, or that it is not
    if result.theta is not None:
        headline.append(said[1])  # the best worst-year cap the budgets buy
    headline += [s for s in said if s.startswith(ESTABLISHMENT)]
    return [
        Heading(SECTION, 2),
        Paragraph(
            f"Appendix {letter} plans the establishment year by year from today to {result.years[-1]} "
            f"({result.scenario}): each year starts from the one before, less the staff who leave, "
            "plus those recruited. " + " ".join(headline)
        ),
        Figure(
            CHART,
            png,
            f"Chart {chart_number}: Load per WTE and establishment by year, {_span(result)}",
            f"Chart {chart_number}: load per WTE and establishment by year",
        ),
    ]


def _method(result: YearsResult) -> str:
    start = (
        "Each year starts from the establishment the year before ended with, less leavers "
        f"({result.leaver_rate:.0%} of those in post at the start of the year); posts are then filled "
        "by recruits, removed, or moved between localities, within the limits below."
    )
    if result.theta is not None:
        aim = (
            " The plan brings the heaviest load per WTE in the worst year as low as the budgets allow, "
            "every other year as close to the cap as its budget allows, and then spends least."
        )
    else:
        aim = " The plan holds every locality at or below the cap in every year at the least cost."
    return start + aim


def _trajectory_table(result: YearsResult) -> Table:
    headers, rows = trajectory_cells(result)
    t = result.by_year
    total = [
        "Total",
        numbers.wte(t.loc[result.years[0], "start_wte"], 2),
        *(numbers.wte(t.loc[y, "planned_wte"]) for y in result.years),
    ]
    return Table(
        tuple(headers),
        tuple(tuple(r) for r in [*rows, total]),
        caption="Table E1: Establishment by locality and year (WTE), today first",
        bold_rows=(len(rows),),
        note="Today is the WTE in post, to two decimal places as recorded; each year's establishment "
        "is to one. Totals are computed before rounding.",
    )


def _years_table(result: YearsResult) -> Table:
    headers, rows = year_cells(result)
    share = result.first_year_share
    part = (
        f" {result.years[0]}'s changes are in force for {share:.0%} of the year, so its cost in the year "
        "carries that part of the change (the in-year effect); the full-year effect is the change over a "
        "whole year."
        if share < 1
        else ""
    )
    bold = tuple(n for n, r in enumerate(rows) if r[0] == "Establishment (WTE)")
    return Table(
        ("Year", *headers[1:]),
        tuple(tuple(r) for r in rows),
        caption="Table E2: Each year: staff, establishment, caseload, load per WTE and cost",
        bold_rows=bold,
        note="WTE to one decimal place (in post to two); totals are computed before rounding." + part,
    )


def appendix(horizon: HorizonPlan, letter: str = "E") -> list[Block]:
    """Appendix E (or F): the trajectory by locality, each year's figures, the sentences and assumptions."""
    result = horizon.result
    blocks: list[Block] = [Heading(APPENDIX.format(letter=letter), 2), Heading(result.scenario, 3)]
    if result.description:
        blocks.append(Paragraph(result.description))
    blocks.append(Paragraph(_method(result)))
    blocks.append(_trajectory_table(result))
    blocks.append(_years_table(result))
    headers, rows = trajectory_cells(result, "load_per_wte")
    blocks.append(
        Table(
            tuple(headers),
            tuple(tuple(r) for r in rows),
            caption=f"Table E3: Load per WTE by locality and year (weighted {result.case_unit}), today first",
        )
    )
    blocks.append(Bullets(tuple(_plain(result))))
    blocks.append(Heading("Assumptions over the years", 3))
    blocks.append(Bullets(tuple(f"{label}: {value}" for label, value in result.assumptions)))
    return blocks


def technical(horizon: HorizonPlan) -> list[Block]:
    """Appendix C's entry: status, the worst year's coverage and the limits held exactly."""
    result = horizon.result
    items = [f"Status: {result.status} ({result.solver}); objective {result.objective}."]
    if result.theta is not None:
        items.append(
            f"theta (worst year's share of each weighted caseload covered at the cap): {result.theta:.6f}."
        )
    plain = set(_plain(result))
    items += [s for s in year_sentences(result) if s not in plain]
    return [Heading(f"{SECTION}: {result.scenario}", 3), Bullets(tuple(items))]


def provenance_rows(horizon: HorizonPlan, relative, letter: str = "E") -> list[tuple[str, str, str, str]]:
    """Appendix D's rows for the horizon's files, named relative to its scenario file."""
    base = horizon.path.parent
    return [
        (
            f"Appendix {letter}",
            f.role,
            horizon.path.name if f.role == "scenario" else relative(f.path, base),
            f.sha256,
        )
        for f in horizon.files
    ]
