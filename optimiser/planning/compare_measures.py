"""The comparison of options the terminal, the workbook and the board paper show: measures by
option, with today's establishment (in post) as the baseline, and planned WTE per locality."""

import numpy as np
import pandas as pd

from optimiser.inputs.costs import today_cost
from optimiser.planning.results import OVER_CAP_TOLERANCE, Option


def _over_cap(load: pd.Series, cap: float) -> int:
    return int((load > cap * (1 + OVER_CAP_TOLERANCE)).sum())


MEASURES = (
    ("Total establishment (WTE)", "wte"),
    ("Change from today (WTE)", "signed_wte"),
    ("Recurring cost (£ a year)", "money"),
    ("Change in recurring cost (£ a year)", "signed_money"),
    ("Cap (weighted cases per WTE)", "count"),
    ("Worst load per WTE", "count"),
    ("Average load per WTE", "count"),
    ("Localities over the cap", "count"),
)
"""Board-paper rows of the comparison, with the display format of each."""


def today_column(options: list[Option]) -> str:
    """Today's column is measured against the first option's cap, and says so."""
    return f"Today (in post), against cap {options[0].plan.cap:,g}"


def compare_frame(options: list[Option]) -> pd.DataFrame:
    """Measures by option, with today's establishment (in post) as the first column.

    Today's cost and each option's cost and change are the plan's own figures (inputs/costs.py),
    so staff in post are priced by grade where the locality file gives them by grade."""
    first = options[0].plan
    today_load = first.localities["load_per_wte_before"]
    columns = {
        today_column(options): [
            first.totals["in_post_wte"],
            0.0,
            today_cost(options[0].prepared.inputs),
            0.0,
            first.cap,
            float(today_load.max()) if today_load.notna().any() else np.nan,
            first.totals["load_per_wte_before"],
            np.nan if today_load.isna().any() else _over_cap(today_load, first.cap),  # never a partial count
        ]
    }
    for option in options:
        plan = option.plan
        t = plan.totals
        columns[plan.scenario] = [
            t["planned_wte"],
            t["change_wte"],
            t["cost"],
            t["cost_change"],
            plan.cap,
            t["worst_load_per_wte"],
            t["load_per_wte"],
            _over_cap(plan.localities["load_per_wte"], plan.cap),
        ]
    return pd.DataFrame(columns, index=pd.Index([m for m, _ in MEASURES], name="measure"))


def locality_frame(options: list[Option]) -> pd.DataFrame:
    """Planned WTE per locality by option, with WTE in post first."""
    first = options[0].plan.localities
    frame = pd.DataFrame({"In post (WTE)": first["in_post_wte"]})
    for option in options:
        frame[option.plan.scenario] = option.plan.localities["planned_wte"].reindex(first.index)
    return frame
