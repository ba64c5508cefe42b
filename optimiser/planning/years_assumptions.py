"""A horizon's assumptions as planned: the years, leavers, caseloads by year (the columns' figures or
the growth, said as it applied), budgets, recruitment limits and start month, each with its source."""

from __future__ import annotations

from optimiser.planning.years_data import YearsPrepared


def years_assumptions(prepared: YearsPrepared) -> tuple[tuple[str, str], ...]:
    """The horizon's figures with their sources (the scenario's `sources`, keyed by horizon key)."""
    h, inputs = prepared.horizon, prepared.inputs
    found = [
        ("years", "Years", ", ".join(h.years)),
        ("leaver_rate", "Leaver rate", f"{h.leaver_rate:.1%} of WTE in post at the start of each year"),
    ]
    found += _caseload_sources(prepared)
    if h.budgets is not None:
        shown = ", ".join(str(b) if isinstance(b, str) else f"£{b:,.0f}" for b in h.budgets)
        found.append(
            ("budgets", "Budgets", shown + " (a % is a change from the year before; the first from today)")
        )
    if h.max_recruits_per_year is not None:
        found.append(
            ("max_recruits_per_year", "Recruitment limit", f"{h.max_recruits_per_year:g} WTE a year")
        )
    if h.max_recruits_per_locality is not None:
        found.append(
            (
                "max_recruits_per_locality",
                "Recruitment limit per locality",
                f"{h.max_recruits_per_locality:g} WTE a year",
            )
        )
    if h.start_month is not None:
        found.append(
            ("start_month", "First year's changes in force", f"{h.first_year_share():.0%} of the year")
        )
    found.append(("cost_per_wte", "Cost per WTE", f"£{inputs.cost_per_wte:,.0f} a year"))
    return tuple(
        (label, value + (f" (source: {inputs.source_of(key)})" if inputs.source_of(key) else ""))
        for key, label, value in found
    )


def _caseload_sources(prepared: YearsPrepared) -> list[tuple[str, str, str]]:
    """Where each year's caseloads came from, as planned: the `caseload:<year>` columns where they
    give a figure, the growth for the other locality-years (said to apply to none when it does not)."""
    h = prepared.horizon
    if h.caseload_growth_column:
        growth = f"locality column '{h.caseload_growth_column}'"
    else:
        growth = f"{h.caseload_growth:+.1%} a year" if h.caseload_growth is not None else ""
    if not prepared.caseload_columns:
        return [("caseload_growth", "Caseload growth", growth)] if growth else []
    named = ", ".join(f"'{c}'" for c in prepared.caseload_columns)
    if not growth:
        rest = "a blank cell, or a year without a column: the locality file's caseload"
        return [("localities", "Caseload by year", f"the locality file's columns {named} ({rest})")]
    if prepared.grown == 0:
        said = (
            f"the locality file's columns {named} in every later year; the growth ({growth}) applies to none"
        )
    else:
        said = (
            f"the locality file's columns {named} where they give a figure; the other {prepared.grown:,} "
            f"locality-years grown from the locality file's caseload by {growth}, compounded"
        )
    return [("caseload_growth", "Caseload by year", said)]
