"""Weighted caseload per locality, with an audit of every count, weight and multiplier."""

import pandas as pd

from optimiser.caseload_model import CaseloadModel
from optimiser.localities import TOTAL, LocalityTable


def weighted_caseload(model: CaseloadModel, table: LocalityTable) -> pd.DataFrame:
    """Audit table, one row per locality: raw counts, weights, weighted counts, multiplier, result.

    Columns: for each category `<name> count`, `<name> weight`, `<name> weighted`; then
    `raw caseload`, `category-weighted`, `multiplier` and `weighted caseload`. A model
    with no categories is the identity: weighted caseload equals the total caseload.
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
    audit["multiplier"] = 1.0
    audit["weighted caseload"] = audit["category-weighted"] * audit["multiplier"]
    return audit
