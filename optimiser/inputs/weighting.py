"""Weighted caseload per locality, with an audit of every count, weight and multiplier."""

import pandas as pd

from optimiser.errors import InputError, Problem
from optimiser.inputs.caseload_model import Basis, CaseloadModel
from optimiser.inputs.factors import HIGH_RISK, QUINTILES, Factor, Measure
from optimiser.inputs.localities import TOTAL, LocalityTable

EPISODE = "episode months / 12"


def weighted_caseload(model: CaseloadModel, table: LocalityTable) -> pd.DataFrame:
    """Audit table, one row per locality: raw counts, weights, weighted counts, multipliers, result.

    Columns: for each category `<name> count`, `<name> weight`, `<name> weighted`; then
    `raw caseload` and `category-weighted`; for each multiplier its value(s) and
    `<name> multiplier`; `multiplier` (their product); for an annual basis
    `episode months / 12` (current = annual x episode months / 12); then `weighted caseload`
    and, when the model limits high-risk cases, `high-risk weighted`. A model with no
    categories and no multipliers is the identity: weighted caseload equals the total caseload.
    """
    frame = table.frame
    audit = pd.DataFrame(index=frame.index)
    if model.categories:
        weighted = pd.Series(0.0, index=frame.index)
        for category in model.categories:
            counts = frame[category.name].astype(float)
            audit[f"{category.name} count"] = counts
            audit[f"{category.name} weight"] = category.weight
            audit[f"{category.name} weighted"] = counts * category.weight
            weighted = weighted + counts * category.weight
        audit["raw caseload"] = sum(frame[c.name].astype(float) for c in model.categories)
    else:
        audit["raw caseload"] = frame[TOTAL].astype(float)
        weighted = audit["raw caseload"]
    audit["category-weighted"] = weighted

    multiplier = pd.Series(1.0, index=frame.index)
    problems: list[Problem] = []
    for key, factor in model.factor_keys():
        for column in factor.columns():
            audit[f"{factor.name} {column}"] = frame[column].astype(float)
        values = _multipliers(factor, key, table, audit["raw caseload"], problems)
        audit[f"{factor.name} multiplier"] = values
        multiplier = multiplier * values
    if problems:
        raise InputError(problems)
    audit["multiplier"] = multiplier
    episode = model.at_once_factor
    if model.basis is Basis.ANNUAL:
        audit[EPISODE] = episode
    audit["weighted caseload"] = audit["category-weighted"] * audit["multiplier"] * episode
    if model.high_risk:
        risky = sum(audit[f"{name} weighted"] for name in model.high_risk.categories)
        audit[HIGH_RISK] = risky * audit["multiplier"] * episode
    return audit


def _multipliers(
    factor: Factor, key: str, table: LocalityTable, caseload: pd.Series, problems: list[Problem]
) -> pd.Series:
    """One multiplier per locality; a value that gives none is reported with its file line."""
    result = {}
    for name, row in table.frame.iterrows():
        where = f"{table.place(name)} (locality '{name}')"
        if factor.measure is Measure.QUINTILE_COUNTS:
            counts = [float(row[c]) for c in factor.columns()]
            by_quintile = [factor.of_value(q) or 0.0 for q in QUINTILES]  # bands cover 1-5 (check_bands)
            if sum(counts) == 0 and caseload[name] > 0:
                problems.append(
                    Problem(
                        str(table.path),
                        f"{where}, columns {', '.join(factor.columns())}",
                        f"are all 0 but the caseload is {caseload[name]:g}",
                        "the cases counted by the quintile of where they live",
                    )
                )
            total = sum(counts) or 1.0  # a locality with no cases: nothing to weight
            value: float | None = sum(n * m for n, m in zip(counts, by_quintile, strict=True)) / total
            checks = [(float(q), m) for q, m in zip(QUINTILES, by_quintile, strict=True)]
        else:
            raw = float(row[factor.column])
            value = factor.of_value(raw)
            checks = [(raw, value)]
        for raw, found in checks:
            if found is None or found <= 0 or not factor.valid(raw):
                problems.append(
                    Problem(
                        str(table.path),
                        f"{where}, column '{factor.column}'",
                        f"is {raw:g}, which gives no positive {factor.name} multiplier",
                        factor.expected() + f" (model key '{key}')",
                    )
                )
        result[name] = value or 0.0
    return pd.Series(result, dtype=float)
