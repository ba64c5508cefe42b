"""Build stage: turn LpData and its rows into a PuLP problem (no solving here)."""

from collections.abc import Iterable
from dataclasses import dataclass

import pulp

from optimiser.lp.data import Key, LpData, Row, Sense

Terms = Iterable[tuple[Key, float]]


@dataclass(frozen=True)
class Formulation:
    """A built problem, with its variables and constraints keyed by our own names."""

    problem: pulp.LpProblem
    variables: dict[Key, pulp.LpVariable]
    rows: tuple[Row, ...]
    constraints: dict[tuple[str, str], pulp.LpConstraint]
    """Keyed by (family, subject), as the seam keys its duals."""

    @property
    def maximise(self) -> bool:
        return self.problem.sense == pulp.LpMaximize


def build(d: LpData, rows: list[Row], objective: Terms, maximise: bool = False) -> Formulation:
    """Optimise a linear objective subject to `rows`; every variable is non-negative.

    Variables are the staff WTE of `d` plus any auxiliary key the rows or the objective use.
    PuLP names are positional (x_0, c_0) so that locality names never need escaping;
    results are read back through the keyed dictionaries, never by parsing names.
    """
    objective = tuple(objective)
    keys = dict.fromkeys(
        [*d.variables(), *(k for row in rows for k, _ in row.terms), *(k for k, _ in objective)]
    )
    problem = pulp.LpProblem("establishment", pulp.LpMaximize if maximise else pulp.LpMinimize)
    variables = {key: problem.add_variable(f"x_{i}", lowBound=0) for i, key in enumerate(keys)}
    problem += pulp.lpSum(coef * variables[key] for key, coef in objective)
    constraints = {}
    for i, row in enumerate(rows):
        expr = pulp.lpSum(coef * variables[key] for key, coef in row.terms)
        constraint = expr >= row.rhs if row.sense is Sense.AT_LEAST else expr <= row.rhs
        problem.addConstraint(constraint, f"c_{i}")
        constraints[row.family, row.subject] = constraint
    return Formulation(problem, variables, tuple(rows), constraints)


def build_min_cost(d: LpData, rows: list[Row]) -> Formulation:
    """Minimise the annual cost of the establishment subject to `rows`."""
    return build(d, rows, d.cost_terms())
