"""Which figures a plan's risk reports: the percentiles of load per WTE and the locality columns.

Apart from the simulation (`risk`) so that the renderers can name the columns without importing it.
"""

PERCENTILES = (50, 90, 95)
"""Percentiles of load per WTE reported for each locality."""

RISK_COLUMNS = (
    "weighted_caseload",
    "relative_error",
    "held_caseload",
    "p_over_cap",
    "p_over_cap_se",
    "p_over_cap_exact",
    *(f"load_per_wte_p{q}" for q in PERCENTILES),
)
"""The columns of `Risk.localities`, in order."""
