"""The board paper on uncertain counts: a short part of the implications (each option's chance of
holding the cap, what confidence costs, its chart) and an appendix table per option.

Only options whose scenario has an `uncertainty:` block appear; without any, nothing is added, so
such papers read exactly as before. A confidence chart is drawn for each option whose scenario
sets `confidence:`, from a sweep of levels computed before the paper is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import Option
from optimiser.planning.uncertain_words import every, held_with, percent
from optimiser.render import charts, numbers
from optimiser.render.paper.document import Block, Bullets, Heading, Paragraph, Table
from optimiser.render.titles import option_heading
from optimiser.render.uncertain_chart import confidence_chart
from optimiser.render.uncertain_figures import risk_cells

if TYPE_CHECKING:  # annotations only
    from optimiser.render.paper.words import Facts


def chart_name(index: int) -> str:
    return f"confidence-{index + 1}"


def figures(paper: Paper, options: list[Option], curves: dict[int, pd.DataFrame]) -> dict[str, charts.Figure]:
    """One confidence chart per option planned to a confidence level, by chart name."""
    found = {}
    for i, (label, option) in enumerate(zip(paper.labels, options, strict=True)):
        risk = option.plan.risk
        if i in curves and risk is not None and risk.confidence is not None:
            found[chart_name(i)] = confidence_chart(curves[i], risk.confidence.level, label, option.plan.cap)
    return found


def _item(f: Facts) -> str:
    plan, risk = f.plan, f.plan.risk
    assert risk is not None
    chances = risk.localities["p_over_cap_exact"]
    worst = str(chances.idxmax())
    n = len(chances)
    text = (
        f"{f.label}: the locality most likely to go over the cap of {numbers.count(plan.cap)} is {worst} "
        f"({percent(float(chances.max()))} chance)"
    )
    if n > 1:
        text += f"; the chance that {every(n)} hold it at once is {percent(risk.all_within.value)}"
    c = risk.confidence
    if c is not None:
        text += f". It is planned so that {held_with(plan, c)}"
        if c.extra_wte is not None and c.extra_cost is not None:
            text += (
                f", which needs {numbers.signed_wte(c.extra_wte)} WTE and "
                f"{f.r.signed_money(c.extra_cost)} a year against planning to the counts as they stand"
            )
    return text + "."


def implications(paper: Paper, options: list[Option], facts: list[Facts], drawn) -> list[Block]:
    """After the risk paragraph: how sure each option is, given that the counts may be wrong, with a
    confidence chart for each option planned to a confidence level (`drawn`: the paper's charts)."""
    uncertain = [f for f in facts if f.plan.risk is not None]
    if not uncertain:
        return []
    blocks: list[Block] = [
        Paragraph(
            "The caseloads are counts that may be wrong, so an establishment that holds the cap at the "
            "counts may not hold it at the true caseloads. Appendix E gives each locality's chance of "
            "going over the cap and the loads it could carry.",
            lead="Uncertainty in the counts.",
        ),
        Bullets(tuple(_item(f) for f in uncertain)),
    ]
    for i, (label, option) in enumerate(zip(paper.labels, options, strict=True)):
        blocks += drawn.figure(
            chart_name(i),
            f"{label}, annual cost and chance that every locality holds the cap of "
            f"{numbers.count(option.plan.cap)}, by confidence level",
            f"the cost of confidence, {label}",
        )
    return blocks


def appendix(paper: Paper, options: list[Option]) -> list[Block]:
    """Appendix E: each uncertain option's chance of going over the cap and its loads, by locality."""
    uncertain = [
        (label, o) for label, o in zip(paper.labels, options, strict=True) if o.plan.risk is not None
    ]
    if not uncertain:
        return []
    blocks: list[Block] = [
        Heading("Appendix E: Uncertainty in the counts", 2),
        Paragraph(
            "Each locality's caseload is treated as its count give or take the error stated in the "
            "assumptions (Appendix B). A locality's chance of going over the cap, and the loads per WTE "
            "it would carry at the 50th, 90th and 95th percentiles, follow from its own error exactly. "
            "The chance that any or every locality goes over depends on how the errors move together, "
            "and is estimated from repeated draws of all the counts at once."
        ),
    ]
    for n, (label, option) in enumerate(uncertain, start=1):
        plan, risk = option.plan, option.plan.risk
        assert risk is not None
        extra, cells, overall = risk_cells(plan)
        headers = ("Locality", f"Caseload\n({plan.case_unit})", "Establishment\n(WTE)", *extra)
        rows = [
            (str(name), numbers.count(row["weighted_caseload"]), numbers.wte(row["planned_wte"]), *more)
            for (name, row), more in zip(plan.localities.iterrows(), cells, strict=True)
        ]
        t = plan.totals
        rows.append(("Total", numbers.count(t["weighted_caseload"]), numbers.wte(t["planned_wte"]), *overall))
        blocks.append(Heading(option_heading(f"{label}: {plan.scenario}", plan), 3))
        blocks.append(
            Table(
                headers,
                tuple(rows),
                caption=(
                    f"Table E{n}: {label}, chance of going over the cap of "
                    f"{numbers.count(plan.cap)} by locality"
                ),
                bold_rows=(len(rows) - 1,),
                wide=len(headers) > 8,
                note=f"The total row gives the chance that any locality goes over (from {risk.draws:,} "
                f"draws, give or take {risk.any_over.se * 100:.1f} points).",
            )
        )
    return blocks
