"""The paper's path over several years (the options file's `horizon:` scenario), as document blocks:
a short section in the body that says which option it follows and what the budgets buy, with the
trajectory chart; the tables in an appendix; what limits it in Appendix C; its files in Appendix D.

Nothing is solved here: the horizon arrives planned (`planning.years_paper`). The words are the
paper's own, with the paper's rounding (a load or cap in whole cases, in post to two decimal places
only where it was recorded), so the body, the chart and the tables give each figure one way.
"""

from optimiser.planning.results import HorizonPlan, YearsResult
from optimiser.render.paper.appendix_method import dated
from optimiser.render.paper.document import Block, Bullets, Heading, Paragraph, Table
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.years_words import ordered_localities

TITLE = "The path over several years"
APPENDIX = "Appendix {letter}: The path over several years"
MEETS = 1e-6
"""A year meets the cap when its worst load is within this share of it (the plan's tolerance)."""


def _span(result: YearsResult) -> str:
    years = result.years
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def outcome(result: YearsResult, r: Rounding) -> str:
    """When the cap is reached, or what the budgets buy in the worst year; where the establishment goes."""
    t, cap = result.by_year, r.load(result.cap)
    met = [y for y in result.years if t.loc[y, "worst_load_per_wte"] <= result.cap * (1 + MEETS)]
    worst = str(t["worst_load_per_wte"].idxmax())
    if met:
        reached = f"Every locality is held to the cap of {cap} from {met[0]}."
    else:
        reached = (
            f"The budgets cannot hold the cap of {cap} in any year: the best they buy is "
            f"{r.load(t.loc[worst, 'worst_load_per_wte'])} weighted {result.case_unit} per WTE, in {worst}."
        )
    first, last = result.years[0], result.years[-1]
    return (
        f"{reached} The establishment goes from {r.in_post(t.loc[first, 'start_wte'])} WTE in post to "
        f"{r.wte(t.loc[last, 'planned_wte'])} in {last}, with {r.wte(t['recruits'].sum())} WTE recruited and "
        f"{r.wte(t['leavers'].sum())} leaving ({result.leaver_rate:.0%} a year)."
    )


def body(horizon: HorizonPlan, chart: Block, number: str, letter: str, r: Rounding) -> list[Block]:
    """The body's section: which option it follows, what the budgets buy, and the chart."""
    result = horizon.result
    return [
        Heading(f"{number}. {TITLE}", 2),
        Paragraph(
            f"The path over several years follows option {horizon.follows}: the cap of {r.load(result.cap)} "
            f"with the same model and localities, planned year by year from {_span(result)} within each "
            "year's budget, each year starting from the one before, less the staff who leave, plus those "
            f"recruited (Appendix {letter}). {outcome(result, r)}"
        ),
        chart,
    ]


def _method(result: YearsResult) -> str:
    start = (
        "Each year starts from the establishment the year before ended with, less leavers "
        f"({result.leaver_rate:.0%} of those in post at the start of the year); posts are then filled "
        "by recruits, removed, or moved between localities, within the limits in the assumptions."
    )
    if result.theta is not None:
        return start + (
            " The budgets decide the loads: the heaviest load in the worst year is brought as low as they "
            "allow, every other year as close to the cap as its budget allows, and then the least is spent."
        )
    return start + " Every locality is held at or below the cap in every year at the least cost."


def _year_rows(result: YearsResult, r: Rounding) -> list[tuple[str, ...]]:
    t, years = result.by_year, result.years
    start = [r.in_post(t.loc[years[0], "start_wte"]), *(r.wte(t.loc[y, "start_wte"]) for y in years[1:])]
    lines = [
        ("Leavers (WTE)", "leavers", r.wte),
        ("Recruits (WTE)", "recruits", r.wte),
        ("Posts removed (WTE)", "removed", r.wte),
        ("Moved between localities (WTE)", "moved", r.wte),
        ("Establishment (WTE)", "planned_wte", r.wte),
        ("Change (WTE)", "change_wte", r.signed_wte),
        (f"Weighted caseload ({result.case_unit})", "weighted_caseload", r.load),
        (f"Required for the cap of {r.load(result.cap)} (WTE)", "required_wte", r.wte),
        ("Average load per WTE", "load_per_wte", r.load),
        ("Heaviest locality load per WTE", "worst_load_per_wte", r.load),
        ("Cost in the year (£)", "in_year_cost", r.money),
        ("Full-year cost (£)", "full_year_cost", r.money),
        ("Budget (£)", "budget", r.money),
    ]
    rows = [("In post at the start (WTE)", *start)]
    rows += [(label, *(shown(t.loc[y, key]) for y in years)) for label, key, shown in lines]
    if float(t["one_off_cost"].sum()) > 0:
        rows.append(("One-off cost (£)", *(r.money(t.loc[y, "one_off_cost"]) for y in years)))
    return rows


def _by_locality(result: YearsResult, column: str, r: Rounding) -> list[tuple[str, ...]]:
    frame = result.localities
    rows = []
    for name in ordered_localities(result):
        first = frame.loc[(name, result.years[0])]
        if column == "planned_wte":
            today = r.in_post(first["start_wte"])
        else:
            staffed = first["start_wte"] > 0
            today = r.load(first["weighted_caseload"] / first["start_wte"]) if staffed else "\N{EN DASH}"
        shown = r.wte if column == "planned_wte" else r.load
        rows.append((name, today, *(shown(frame.loc[(name, y), column]) for y in result.years)))
    return rows


def appendix(horizon: HorizonPlan, letter: str, r: Rounding, year: int | None = None) -> list[Block]:
    """The appendix: the trajectory by locality, each year's figures, the loads, the assumptions."""
    result, years = horizon.result, horizon.result.years
    t = result.by_year
    total = (
        "Total",
        r.in_post(t.loc[years[0], "start_wte"]),
        *(r.wte(t.loc[y, "planned_wte"]) for y in years),
    )
    share = result.first_year_share
    part = (
        f" {years[0]}'s changes are in force for {share:.0%} of the year, so its cost in the year is less "
        "than its full-year cost."
        if share < 1
        else ""
    )
    return [
        Heading(APPENDIX.format(letter=letter), 2),
        Paragraph(f"{result.scenario}, following option {horizon.follows}. {_method(result)}"),
        Table(
            ("Locality", "Today", *years),
            tuple([*_by_locality(result, "planned_wte", r), total]),
            caption=f"Table {letter}1: Establishment by locality and year (WTE), today first",
            bold_rows=(len(ordered_localities(result)),),
            note="Today is the WTE in post, to two decimal places as recorded; each year's establishment is "
            "to one. Totals are computed before rounding.",
        ),
        Table(
            ("", *years),
            tuple(_year_rows(result, r)),
            caption=f"Table {letter}2: Each year: staff, establishment, caseload, load per WTE and cost",
            bold_rows=(5,),
            note=f"WTE to one decimal place (in post today to two); loads in whole {result.case_unit}."
            + part,
        ),
        Table(
            ("Locality", "Today", *years),
            tuple(_by_locality(result, "load_per_wte", r)),
            caption=(
                f"Table {letter}3: Load per WTE by locality and year "
                f"(weighted {result.case_unit}), today first"
            ),
        ),
        Table(
            ("Assumption", "Figure and source"),
            tuple((label, dated(value, year)) for label, value in result.assumptions),
            caption=f"Table {letter}4: Assumptions over the years",
        ),
    ]


def limits(horizon: HorizonPlan, words) -> list[Block]:
    """Appendix C's entry for the path: what limits it, in words (`words`: binding rows to words)."""
    result = horizon.result
    return [Heading(f"{TITLE}: {result.scenario}", 3), Bullets(tuple(words(result.binding, result)))]
