"""Constraint families, each a generator of labelled rows.

The same rows build the LP and check a finished plan, so a violation reads the same
words a user sees in an explanation.
"""

from collections.abc import Callable, Iterator

from optimiser.lp.data import LpData, Row, Sense


def define_cap_cover(d: LpData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= weighted caseload, in every locality."""
    for loc in d.localities:
        yield Row(
            "cap cover",
            loc,
            tuple(((loc, g.name), d.cap * g.capacity) for g in d.grades),
            Sense.AT_LEAST,
            d.weighted[loc],
            f"{loc}: {d.cap:g} {d.case_unit} per WTE x planned WTE must cover "
            f"{d.weighted[loc]:,.1f} weighted {d.case_unit}",
        )


def define_floors(d: LpData) -> Iterator[Row]:
    """No fewer WTE than a locality's floor, where one is given."""
    for loc in d.localities:
        if loc in d.floors:
            yield Row(
                "floor",
                loc,
                d.wte_terms(loc),
                Sense.AT_LEAST,
                d.floors[loc],
                f"{loc}: at least {d.floors[loc]:g} WTE (floor)",
            )


def define_ceilings(d: LpData) -> Iterator[Row]:
    """No more WTE than a locality's ceiling, where one is given."""
    for loc in d.localities:
        if loc in d.ceilings:
            yield Row(
                "ceiling",
                loc,
                d.wte_terms(loc),
                Sense.AT_MOST,
                d.ceilings[loc],
                f"{loc}: at most {d.ceilings[loc]:g} WTE (ceiling)",
            )


def define_budget(d: LpData) -> Iterator[Row]:
    """Total annual cost within the budget, where one is given."""
    if d.budget is not None:
        yield Row(
            "budget",
            "total",
            d.cost_terms(),
            Sense.AT_MOST,
            d.budget,
            f"total cost at most £{d.budget:,.0f} a year (budget)",
        )


def define_min_share(d: LpData) -> Iterator[Row]:
    """Main-grade WTE >= min share x all planned WTE, in every locality, when a skill mix is set."""
    if d.min_main_share is None:
        return
    main, share = d.grades[0], d.min_main_share
    for loc in d.localities:
        yield Row(
            "min share",
            loc,
            tuple(((loc, g.name), (1.0 if g is main else 0.0) - share) for g in d.grades),
            Sense.AT_LEAST,
            0.0,
            f"{loc}: at least {share:.0%} of planned WTE must be {main.name}",
        )


def define_high_risk(d: LpData) -> Iterator[Row]:
    """High-risk weighted cases fill at most the set share of each main-grade WTE's capacity."""
    if d.high_risk_share is None:
        return
    main, share = d.grades[0], d.high_risk_share
    for loc in d.localities:
        yield Row(
            "high risk",
            loc,
            (((loc, main.name), share * d.cap * main.capacity),),
            Sense.AT_LEAST,
            d.high_risk[loc],
            f"{loc}: {main.name} WTE x {share:.0%} of {d.cap * main.capacity:,.1f} {d.case_unit} must "
            f"hold the {d.high_risk[loc]:,.1f} high-risk weighted {d.case_unit}",
        )


FAMILIES: tuple[Callable[[LpData], Iterator[Row]], ...] = (
    define_cap_cover,
    define_floors,
    define_ceilings,
    define_budget,
    define_min_share,
    define_high_risk,
)


def all_rows(d: LpData, families: tuple[Callable[[LpData], Iterator[Row]], ...] = FAMILIES) -> list[Row]:
    """Every constraint of the formulation, family by family."""
    return [row for family in families for row in family(d)]
