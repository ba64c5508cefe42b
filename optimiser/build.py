"""Build stage: turn LpData and its rows into a PuLP problem (no solving here)."""

from dataclasses import dataclass

import pulp

from optimiser.constraints import LpData, Row, Sense, VarKey


@dataclass(frozen=True)
class Formulation:
    """A built problem, with its variables and constraints keyed by our own names."""

    problem: pulp.LpProblem
    variables: dict[VarKey, pulp.LpVariable]
    rows: tuple[Row, ...]
    constraints: dict[str, pulp.LpConstraint]


def build_min_cost(d: LpData, rows: list[Row]) -> Formulation:
    """Minimise the annual cost of the establishment subject to `rows`.

    PuLP names are positional (x_0, c_0) so that locality names never need escaping;
    results are read back through the tuple-keyed dictionaries, never by parsing names.
    """
    problem = pulp.LpProblem("establishment_min_cost", pulp.LpMinimize)
    variables = {key: problem.add_variable(f"x_{i}", lowBound=0) for i, key in enumerate(d.variables())}
    problem += pulp.lpSum(cost * variables[key] for key, cost in d.cost_terms())
    constraints = {}
    for i, row in enumerate(rows):
        expr = pulp.lpSum(coef * variables[key] for key, coef in row.terms)
        constraint = expr >= row.rhs if row.sense is Sense.AT_LEAST else expr <= row.rhs
        problem.addConstraint(constraint, f"c_{i}")
        constraints[row.name] = constraint
    return Formulation(problem, variables, tuple(rows), constraints)
