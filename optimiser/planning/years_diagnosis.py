"""Why a horizon cannot be planned: the year and the limit that breaks it, with the figure it would need."""

from __future__ import annotations

from optimiser.errors import InfeasibleError
from optimiser.inputs.scenario import Objective
from optimiser.lp.status import SolverChoice
from optimiser.lp.years_objectives import Breach, relax
from optimiser.lp.years_rows import YearsData


def diagnose(d: YearsData, objective: Objective, solver: SolverChoice) -> InfeasibleError:
    """Name the year and the limit that breaks the horizon, with the figure it would need."""
    breaches = relax(d, objective, solver) or []
    if not breaches:
        return InfeasibleError(
            "The horizon cannot be planned, and no single limit explains why; check the floors and ceilings.",
            {"breaches": []},
        )
    goal = "meeting the cap" if objective is Objective.MIN_COST else "keeping every limit"
    lines = [describe_breach(d, b, goal) for b in breaches[:5]]
    more = f" (and {len(breaches) - 5} more)" if len(breaches) > 5 else ""
    figures = {
        "breaches": [
            {"year": b.row.year, "constraint": b.row.name, "needs": b.needs, "limit": b.row.rhs}
            for b in breaches
        ]
    }
    return InfeasibleError("; ".join(lines) + more + ".", figures)


def describe_breach(d: YearsData, breach: Breach, goal: str) -> str:
    """One breach in words, such as "2010/11: meeting the cap needs 9.1 WTE recruited in CHW;
    the recruitment limit is 3.0"."""
    row, year = breach.row, breach.row.year
    place = row.subject[: -len(year) - 1] if row.subject.endswith("," + year) else row.subject
    if row.family == "recruitment":
        where = "across all localities" if place == "total" else f"in {place}"
        return (
            f"{year}: {goal} needs {breach.needs:.1f} WTE recruited {where}; "
            f"the recruitment limit is {row.rhs:.1f}"
        )
    if row.family == "budget":
        budget = d.budgets[d.years.index(year)] or 0.0
        spent = breach.needs + (budget - row.rhs)
        return f"{year}: {goal} costs £{spent:,.0f} in the year; the budget is £{budget:,.0f}"
    if row.family == "ceiling":
        return f"{year}: {goal} needs {breach.needs:.1f} WTE in {place}; its ceiling is {row.rhs:.1f}"
    return f"{year}: {row.meaning}, but {goal} allows only {breach.needs:.2f} against {row.rhs:.2f}"
