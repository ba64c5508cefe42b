"""Objectives over several years, solved in stages through the public build and solve API.

min-cost: least cost over the horizon meeting the cap in every locality and year.
max-coverage: (1) the best worst-year coverage within every year's budget; (2) holding it, each
other year as close to the cap as its budget allows; (3) holding that, the cheapest path.
Both end with the stated tie-break: among equally cheap paths, the fewest WTE recruited,
removed or moved.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from optimiser.inputs.objective import Objective
from optimiser.lp.data import Aux, Key, LpData, Row, Sense
from optimiser.lp.status import Solution, SolverChoice, solver_name
from optimiser.lp.years import (
    COVER_FAMILIES,
    MAX_COVERAGE,
    MIN_COST,
    WORST,
    WTE,
    YearRow,
    YearsData,
    YearVar,
    all_rows,
    define_establishment_change,
    define_up_to_cap,
    establishment_change_terms,
    up_to_cap,
)
from optimiser.lp.years_model import RowsModel

HOLD = 1e-7
"""A later stage holds an earlier optimum to this relative tolerance (solvers work to about 1e-7)."""
TIE_HOLD = 1e-9
TIE_GAIN = 1e-3
"""As `objectives.TIE_GAIN`: a least-change path is taken only when it changes the establishment by at
least this many WTE less than the least-cost path (a real tie, not a trade within the tolerance)."""


@dataclass(frozen=True)
class YearsOutcome:
    rows: list[Row]
    solution: Solution
    theta: float | None
    """max-coverage: the worst year's coverage ratio (the best cap is cap / theta)."""


def _no_staff(d: YearsData) -> LpData:
    """build() adds one variable per (locality, grade) of its LpData; ours are keyed by year instead."""
    return replace(d.base, localities=())


def _solve(
    d: YearsData,
    rows: list[Row],
    objective: tuple[tuple[Key, float], ...],
    maximise: bool,
    solver: SolverChoice,
) -> Solution:
    """One solve: HiGHS from arrays in one call, or CBC through PuLP."""
    if _highs(solver):
        return RowsModel(rows, objective, maximise).run()
    from optimiser.lp.pulp_route import build, solve  # PuLP loads only for CBC

    return solve(build(_no_staff(d), rows, objective, maximise), solver)


def _highs(solver: SolverChoice) -> bool:
    return solver_name(solver) == "HiGHS"


class _Rebuilt:
    """CBC's stages: PuLP cannot re-solve CBC in place, so each stage builds its problem afresh."""

    def __init__(self, d: YearsData, rows: list[Row], solver: SolverChoice) -> None:
        self.d, self.rows, self.solver = d, list(rows), solver

    def add(self, rows: list[Row]) -> None:
        self.rows += rows

    def run(self, objective: tuple[tuple[Key, float], ...], maximise: bool) -> Solution:
        return _solve(self.d, self.rows, objective, maximise, self.solver)


class _Bulk:
    """HiGHS's stages: each stage's rows go to HiGHS in one call (arrays, not PuLP objects), in the
    order PuLP would pass them, so every stage picks the vertex the PuLP path picked."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = list(rows)
        self.model: RowsModel | None = None

    def add(self, rows: list[Row]) -> None:
        self.rows += rows

    def run(self, objective: tuple[tuple[Key, float], ...], maximise: bool) -> Solution:
        self.model = RowsModel(self.rows, objective, maximise)
        return self.model.run()


def _hold(family: str, terms: tuple, sense: Sense, best: float, meaning: str) -> Row:
    """An earlier stage's optimum, held by a later one: a coverage to HOLD of itself (as `plan` holds
    theta), a cost or a change to TIE_HOLD of itself (at least of 1)."""
    slack = HOLD * abs(best) if sense is Sense.AT_LEAST else TIE_HOLD * max(1.0, abs(best))
    rhs = best - slack if sense is Sense.AT_LEAST else best + slack
    return Row(family, "total", terms, sense, rhs, meaning, limit=False)


def optimise_years(d: YearsData, objective: Objective, solver: SolverChoice) -> YearsOutcome:
    """Solve the horizon for `objective`; a failed stage returns its own (not ok) solution.

    With HiGHS each stage is handed over as arrays in one call (no PuLP objects).
    """
    rows = all_rows(d, MIN_COST if objective is Objective.MIN_COST else MAX_COVERAGE)
    stages: _Rebuilt | _Bulk = _Bulk(rows) if _highs(solver) else _Rebuilt(d, rows, solver)
    theta = None
    if objective is not Objective.MIN_COST:
        first = stages.run(((WORST, 1.0),), True)
        if not first.status.is_ok:
            return YearsOutcome(rows, first, None)
        theta = first.values[WORST]
        hold = _hold(
            "best worst year",
            ((WORST, 1.0),),
            Sense.AT_LEAST,
            theta,
            f"worst year's coverage at least {theta:.6g}, the best the budgets allow",
        )
        rows = [*rows, hold]
        stages.add([hold])
        if len(d.years) > 1 and theta < 1:
            to_cap = list(define_up_to_cap(d))
            rows += to_cap
            stages.add(to_cap)
            counted = tuple((up_to_cap(y), 1.0) for y in d.years)
            second = stages.run(counted, True)
            if not second.status.is_ok:
                return YearsOutcome(rows, second, theta)
            hold = _hold(
                "years to the cap",
                counted,
                Sense.AT_LEAST,
                second.objective or 0.0,
                "every other year as close to the cap as its budget allows",
            )
            rows.append(hold)
            stages.add([hold])
    cost = d.cost_terms()
    cheapest = stages.run(cost, False)
    if not cheapest.status.is_ok:
        return YearsOutcome(rows, cheapest, theta)
    return _least_change(d, stages, rows, cheapest, theta)


def _least_change(
    d: YearsData, stages: _Rebuilt | _Bulk, rows: list[Row], cheapest: Solution, theta: float | None
) -> YearsOutcome:
    """Among equally good, equally cheap paths: with several grades first the least total change of
    each locality's establishment year on year (as `plan` breaks ties, taken only when it changes
    the establishment by at least TIE_GAIN WTE less), then the fewest WTE recruited, removed or moved.
    """
    cost = d.cost_terms()
    held = [
        *rows,
        _hold(
            "least cost",
            cost,
            Sense.AT_MOST,
            cheapest.objective or 0.0,
            "cost over the horizon at most the least",
        ),
    ]
    stages.add(held[-1:])
    chosen = cheapest
    if len(d.grades) > 1:
        split = list(define_establishment_change(d))
        stages.add(split)
        change = establishment_change_terms(d)
        fewer = stages.run(change, False)
        best = _establishment_change(d, cheapest.values)
        if fewer.status.is_ok and (fewer.objective or 0.0) <= best - TIE_GAIN:
            chosen, best = fewer, fewer.objective or 0.0
        hold = _hold("least change", change, Sense.AT_MOST, best, "establishment changes at most the least")
        held += [*split, hold]
        stages.add([hold])
    fixed = _fixed_establishment(d, chosen.values)
    stages.add(fixed)
    least = stages.run(d.change_terms(), False)
    if least.status.is_ok:
        return YearsOutcome([*held, *fixed], least, theta)
    return YearsOutcome(rows, cheapest, theta)


def _fixed_establishment(d: YearsData, values: Mapping[Key, float]) -> list[Row]:
    """The chosen establishment, held exactly while the flows that reach it are chosen: the fewest WTE
    recruited, removed or moved may not buy itself a different establishment within a hold's slack."""
    found = []
    for year in d.years:
        for loc in d.localities:
            for g in d.grades:
                key = YearVar(WTE, loc, g.name, year)
                wte = values.get(key, 0.0)
                subject = f"{loc},{g.name},{year}" if len(d.grades) > 1 else f"{loc},{year}"
                meaning = f"{loc} {year}: the establishment chosen, {wte:.6g} WTE"
                found += [
                    Row("held", subject, ((key, 1.0),), Sense.AT_LEAST, wte, meaning, limit=False),
                    Row(
                        "held",
                        f"{subject} (at most)",
                        ((key, 1.0),),
                        Sense.AT_MOST,
                        wte,
                        meaning,
                        limit=False,
                    ),
                ]
    return found


def _establishment_change(d: YearsData, values: Mapping[Key, float]) -> float:
    """Total WTE added plus removed, locality by locality and year on year, in a solution."""
    total, before = 0.0, {loc: sum(d.start.get((loc, g.name), 0.0) for g in d.grades) for loc in d.localities}
    for year in d.years:
        for loc in d.localities:
            now = sum(values.get(k, 0.0) for k, _ in d.wte_terms(loc, year))
            total += abs(now - before[loc])
            before[loc] = now
    return total


@dataclass(frozen=True)
class Breach:
    """A limit the horizon cannot keep: the row, and the value its left-hand side needs."""

    row: YearRow
    needs: float


ELASTIC_TOLERANCE = 1e-6


def relax(d: YearsData, objective: Objective, solver: SolverChoice) -> list[Breach] | None:
    """Which limits must give, and by how much, for the horizon to plan: each limit row gets an
    elastic variable (in WTE: pounds are divided by the main grade's cost), and their sum is
    minimised. None when even that fails (the cover rows alone are impossible)."""
    rows = all_rows(d, MIN_COST if objective is Objective.MIN_COST else MAX_COVERAGE)
    unit = d.grades[0].cost_per_wte
    elastic: list[Row] = []
    excess: dict[str, Aux] = {}
    for row in rows:
        if not row.limit or row.family in COVER_FAMILIES:
            elastic.append(row)
            continue
        key = Aux("excess", row.name)
        excess[row.name] = key
        scale = unit if row.family == "budget" else 1.0
        sign = 1.0 if row.sense is Sense.AT_LEAST else -1.0
        elastic.append(replace(row, terms=(*row.terms, (key, sign * scale))))
    solution = _solve(d, elastic, tuple((k, 1.0) for k in excess.values()), False, solver)
    if not solution.status.is_ok:
        return None
    found = []
    for row in rows:
        key = excess.get(row.name)
        if key is not None and solution.values.get(key, 0.0) > ELASTIC_TOLERANCE and isinstance(row, YearRow):
            found.append(Breach(row, row.lhs(solution.values)))
    order = {y: i for i, y in enumerate(d.years)}
    return sorted(found, key=lambda b: order.get(b.row.year, len(order)))
