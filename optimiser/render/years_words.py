"""A horizon plan's content in cells and sentences: the year table, the trajectory, each year's
localities, and what the trajectory says. The terminal, markdown and the board paper lay these out."""

from typing import Any

from optimiser.planning.results import YearsResult
from optimiser.render.numbers import count, missing, money, signed_money, signed_wte, wte

MEETS = 1e-6
"""A year meets the cap when its worst load is within this share of it (solver tolerance)."""


def ordered_localities(result: YearsResult) -> list[str]:
    """Localities in the file's order (the frame's index keeps it)."""
    return list(dict.fromkeys(result.localities.index.get_level_values("locality")))


def year_cells(result: YearsResult) -> tuple[list[str], list[list[str]]]:
    """Rows are measures, columns are years: start, leavers, recruits, ... cost of the change."""
    t = result.by_year
    part = result.first_year_share < 1
    lines: list[tuple[str, Any]] = [
        ("In post at start (WTE)", lambda y: wte(t.loc[y, "start_wte"], 2)),
        ("Leavers (WTE)", lambda y: wte(t.loc[y, "leavers"])),
        ("Recruits (WTE)", lambda y: wte(t.loc[y, "recruits"])),
        ("Posts removed (WTE)", lambda y: wte(t.loc[y, "removed"])),
        ("Moved between localities (WTE)", lambda y: wte(t.loc[y, "moved"])),
        ("Establishment (WTE)", lambda y: wte(t.loc[y, "planned_wte"])),
        ("Change (WTE)", lambda y: signed_wte(t.loc[y, "change_wte"])),
        (f"Weighted caseload ({result.case_unit})", lambda y: count(t.loc[y, "weighted_caseload"])),
        (f"Required for cap {result.cap:g} (WTE)", lambda y: wte(t.loc[y, "required_wte"])),
        ("Average load per WTE", lambda y: count(t.loc[y, "load_per_wte"])),
        ("Worst load per WTE", lambda y: count(t.loc[y, "worst_load_per_wte"])),
        ("Cost in the year (£)", lambda y: money(t.loc[y, "in_year_cost"])),
        ("Full-year cost (£)", lambda y: money(t.loc[y, "full_year_cost"])),
        (
            "Change, in-year effect (£)" if part else "Change, cost in the year (£)",
            lambda y: signed_money(t.loc[y, "change_in_year"]),
        ),
        ("Change, full-year effect (£)", lambda y: signed_money(t.loc[y, "change_full_year"])),
        ("Budget (£)", lambda y: money(t.loc[y, "budget"]) if not missing(t.loc[y, "budget"]) else "none"),
    ]
    if float(t["one_off_cost"].sum()) > 0:
        lines.append(("One-off cost (£)", lambda y: money(t.loc[y, "one_off_cost"])))
    return ["", *result.years], [[label, *(cell(y) for y in result.years)] for label, cell in lines]


def trajectory_cells(result: YearsResult, column: str = "planned_wte") -> tuple[list[str], list[list[str]]]:
    """Rows are localities, columns are today then each year: planned WTE (or load per WTE)."""
    localities = ordered_localities(result)
    table = result.localities[column].unstack("year").reindex(index=localities, columns=list(result.years))
    first = result.localities.xs(result.years[0], level="year").reindex(localities)
    start = first["start_wte"].tolist()
    if column == "planned_wte":
        today = [wte(v, 2) for v in start]
    else:
        today = [
            count(w / s) if s > 0 else count(None)
            for w, s in zip(first["weighted_caseload"].tolist(), start, strict=True)
        ]
    show = count if column == "load_per_wte" else wte
    years = [[show(v) for v in table[y].tolist()] for y in result.years]
    rows = [[loc, now, *cells] for loc, now, *cells in zip(localities, today, *years, strict=True)]
    return ["Locality", "Today", *result.years], rows


def locality_year_cells(result: YearsResult, year: str) -> tuple[list[str], list[list[str]]]:
    """One year's table: per locality, start, leavers, recruits, removed, moves, establishment, load."""
    headers = [
        "Locality",
        "Start (WTE)",
        "Leavers",
        "Recruits",
        "Removed",
        "Moved in",
        "Moved out",
        "Establishment (WTE)",
        "Load per WTE",
    ]
    localities = ordered_localities(result)
    t = result.localities.xs(year, level="year").reindex(localities)
    shown = [
        [wte(v, 2) for v in t["start_wte"].tolist()],
        *(
            [wte(v) for v in t[c].tolist()]
            for c in ("leavers", "recruits", "removed", "moved_in", "moved_out")
        ),
        [wte(v) for v in t["planned_wte"].tolist()],
        [count(v) for v in t["load_per_wte"].tolist()],
    ]
    return headers, [[loc, *cells] for loc, *cells in zip(localities, *shown, strict=True)]


def year_sentences(result: YearsResult) -> list[str]:
    """The trajectory in words: when the cap is reached (judged on weighted caseload per capacity-
    weighted WTE, the figure the cap applies to), the worst year and what its budget holds."""
    t, cap = result.by_year, result.cap
    worst = {y: float(t.loc[y, "worst_cover_load"]) for y in result.years}
    meeting = [y for y in result.years if worst[y] <= cap * (1 + MEETS)]
    said = []
    if len(meeting) == len(result.years):
        said.append(f"The cap of {cap:g} is met in every year, {result.years[0]} to {result.years[-1]}.")
    elif meeting:
        said.append(f"The cap of {cap:g} is reached in {meeting[0]}.")
    else:
        said.append(f"The cap of {cap:g} is not reached in any year to {result.years[-1]}.")
    if result.theta is not None and result.best_cap is None:
        said.append(f"The budgets pay for no WTE where there are {result.case_unit}: no cap can be held.")
    elif result.theta is not None:
        worst_year = max(result.years, key=lambda y: worst[y])
        said.append(
            f"The best worst-year cap within the budgets is {result.best_cap:,.1f} "
            f"{result.case_unit} per WTE "
            f"({worst_year} is the worst year)."
        )
        for y, theta in zip(result.years, result.year_theta, strict=True):
            if theta < 1 - MEETS and theta > 0:
                said.append(f"{y}'s budget and limits hold {cap / theta:,.0f} at best.")
    first, last = result.years[0], result.years[-1]
    said.append(
        f"The establishment goes from {t.loc[first, 'start_wte']:,.2f} WTE in post to "
        f"{t.loc[last, 'planned_wte']:,.1f} in {last}, with {t['recruits'].sum():,.1f} WTE recruited and "
        f"{t['leavers'].sum():,.1f} leaving ({result.leaver_rate:.0%} a year)."
    )
    change = t.loc[first, "change_full_year"]
    if result.first_year_share < 1:
        said.append(
            f"{first}'s change costs {signed_money(t.loc[first, 'change_in_year'])} in the year "
            f"(in force for {result.first_year_share:.0%} of it) and {signed_money(change)} in a full year."
        )
    costs = ", ".join(f"{y} {money(t.loc[y, 'in_year_cost'])}" for y in result.years)
    said.append(f"Cost in the year: {costs}.")
    if result.binding:
        shown = ", ".join(result.binding[:8]) + (
            f" and {len(result.binding) - 8} more" if len(result.binding) > 8 else ""
        )
        said.append(f"Binding constraints: {shown}.")
    return said
