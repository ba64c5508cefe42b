"""A plan's risk in every format: table columns, sentences, the JSON `risk` key and CSV columns.

Each locality's chance of going over the cap is shown from its own distribution (no sampling
error); the chance that any or every locality does, which depends on how errors move together,
from the joint draws with its standard error.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

import numpy as np

from optimiser.planning.plan import Plan
from optimiser.planning.precision import figure as number
from optimiser.planning.uncertain_risk import PERCENTILES
from optimiser.planning.uncertain_words import CONFIDENCE_CASELOAD, every, held_with, level_text, percent
from optimiser.render import numbers
from optimiser.render.fit import Fit
from optimiser.render.text import safe_cell

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.uncertain_risk import Estimate, Risk

LISTED = 5
"""Localities named in the sentences, most at risk first; the rest are summed up in one sentence."""
CSV_COLUMNS = (
    "relative_error",
    CONFIDENCE_CASELOAD,
    "held_caseload",
    "p_over_cap",
    "p_over_cap_se",
    "p_over_cap_exact",
    *(f"load_per_wte_p{q}" for q in PERCENTILES),
)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def risk_cells(plan: Plan) -> tuple[list[str], list[list[str]], list[str]]:
    """Extra table columns: the caseload planned for (with a confidence level), the chance of going
    over the cap (the total row: the chance that any locality does) and percentiles of load per WTE."""
    risk = plan.risk
    assert risk is not None
    table = risk.localities
    headers, columns, total = [], [], []
    if risk.confidence is not None:
        headers.append(f"Caseload\nat {level_text(risk.confidence.level)}")
        columns.append([numbers.count(v) for v in table[CONFIDENCE_CASELOAD]])
        total.append(numbers.NOT_SHOWN)
    headers.append(f"Chance\nover {plan.cap:,g}")
    columns.append([percent(v) for v in table["p_over_cap_exact"]])
    total.append(f"any {percent(risk.any_over.value)}")
    for q in PERCENTILES:
        headers.append(f"Load per\nWTE, {ordinal(q)}\npercentile")
        columns.append([numbers.count(v) for v in table[f"load_per_wte_p{q}"]])
        total.append(numbers.NOT_SHOWN)
    rows = [list(cells) for cells in zip(*columns, strict=True)]
    return headers, rows, total


def risk_fits(plan: Plan) -> list[Fit]:
    """`risk_cells`' columns on a narrow terminal: the chance of going over the cap comes straight
    after the primary columns (rank 1), the caseload planned for later (6), the percentiles last (9)."""
    risk = plan.risk
    assert risk is not None
    level = risk.confidence
    fits = [Fit(f"Caseload\nat {level_text(level.level)}", 6)] if level is not None else []
    fits.append(Fit(f"Chance\nover {plan.cap:,g}", 1))
    return fits + [Fit(f"Load\nper WTE\np{q}", 9) for q in PERCENTILES]


def _a(share: str) -> str:
    """The article before a spoken percentage: an 8%, an 11%, an 18%, an 80%; a 23%."""
    digits = share.lstrip("<>")
    spoken_an = digits.startswith("8") or digits.split("%")[0] in ("11", "18")
    return "an" if spoken_an and share[0].isdigit() else "a"


def _chance(share: str) -> str:
    words = {"<": "less than ", ">": "more than "}.get(share[0], "")
    shown = share.lstrip("<>")
    return f"{_a(share)} {words}{shown} chance"


def _give_or_take(estimate: Estimate) -> str:
    return f"give or take {estimate.se * 100:.1f} points"


def risk_sentences(plan: Plan) -> list[str]:
    """The plan's risk in plain words: the confidence level planned to, the localities most likely to
    go over, all of them together, then what the confidence level costs against planning to the count."""
    risk = plan.risk
    if risk is None:
        return []
    cap = f"{plan.cap:,g}"
    sentences = []
    if risk.confidence is not None:
        c = risk.confidence
        held = f"Planned so that {held_with(plan, c)}, given the uncertainty in its caseload count"
        if c.achievable_cap is not None and c.all_within is not None and len(risk.localities) > 1:
            held += (
                f"; the chance that {every(len(risk.localities))} hold it at once is "
                f"{percent(c.all_within.value)} ({_give_or_take(c.all_within)})"
            )
        sentences.append(held + ".")
    chances = risk.localities["p_over_cap_exact"]
    at_risk = chances[chances >= 0.005]
    at_risk = at_risk.iloc[np.argsort(-at_risk.round(6).to_numpy(), kind="stable")]  # ties in file order
    listed = at_risk.iloc[:LISTED]
    shown = [percent(p) for p in listed]
    for share in dict.fromkeys(shown):
        names = [str(n) for n, s in zip(listed.index, shown, strict=True) if s == share]
        likewise = f" (likewise {listing(names[1:])})" if len(names) > 1 else ""
        sentences.append(
            f"There is {_chance(share)} that {names[0]}'s load exceeds {cap} with this establishment"
            f"{likewise}."
        )
    rest = len(at_risk) - LISTED
    if rest > 0:
        sentences.append(
            f"{rest:,} other localities have a chance of {percent(float(at_risk.iloc[LISTED]))} or less."
        )
    if at_risk.empty:
        sentences.append(
            f"No locality has a chance of 1% or more that its load exceeds {cap} with this establishment."
        )
    n = len(chances)
    if n > 1:
        sentences.append(
            f"There is {_chance(percent(risk.any_over.value))} that at least one locality's load "
            f"exceeds {cap}, and {_chance(percent(risk.all_within.value))} that {every(n)} hold it at once "
            f"(from {risk.draws:,} draws, {_give_or_take(risk.all_within)})."
        )
    return sentences + cost_of_confidence(plan)


def listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def cost_of_confidence(plan: Plan) -> list[str]:
    """What planning to the confidence level costs against planning to the counted caseloads."""
    risk = plan.risk
    if risk is None or risk.confidence is None:
        return []
    c, level = risk.confidence, level_text(risk.confidence.level)
    if c.central_wte is None or c.central_cost is None or c.extra_cost is None or c.extra_wte is None:
        return ["A plan on the counted caseloads could not be made, so the cost of confidence is not known."]
    sentences = []
    if c.achievable_cap is not None and c.central_achievable_cap is not None:
        sentences.append(
            f"Within the budget, the best cap every locality holds with {level} probability is "
            f"{c.achievable_cap:,.1f}, against {c.central_achievable_cap:,.1f} at the counted caseloads."
        )
    wte = f"{numbers.wte(abs(c.extra_wte))} WTE {'more' if c.extra_wte >= 0 else 'fewer'}"
    money = f"{numbers.money(abs(c.extra_cost))} a year {'more' if c.extra_cost >= 0 else 'less'}"
    sentences.append(
        f"Planning to {level} confidence needs {wte} and costs {money} than planning to the counted "
        f"caseloads ({numbers.wte(c.central_wte)} WTE, {numbers.money(c.central_cost)} a year)."
    )
    return sentences


def _estimate(e: Estimate) -> dict[str, float | None]:
    return {"value": number(e.value), "se": number(e.se)}


def risk_dict(risk: Risk) -> dict[str, Any]:
    """The JSON `risk` key: the uncertainty, each locality's figures, localities together, and with a
    confidence level the cost of confidence (pounds to the penny, other figures to 1e-9)."""
    spec = risk.uncertainty
    localities = [
        {"name": str(name), **{c: number(v) for c, v in row.items()}}
        for name, row in risk.localities.iterrows()
    ]
    c = risk.confidence
    return {
        "distribution": str(spec.distribution),
        "relative": spec.relative,
        "column": spec.column,
        "shared": spec.shared,
        "draws": risk.draws,
        "seed": spec.seed,
        "confidence": c.level if c is not None else None,
        "localities": localities,
        "any_over": _estimate(risk.any_over),
        "all_within": _estimate(risk.all_within),
        "expected_over": _estimate(risk.expected_over),
        "cost_of_confidence": None
        if c is None
        else {
            "planned_wte": number(c.planned_wte),
            "cost": number(c.cost, 2),
            "central_planned_wte": number(c.central_wte),
            "central_cost": number(c.central_cost, 2),
            "extra_wte": number(c.extra_wte),
            "extra_cost": number(c.extra_cost, 2),
            "achievable_cap": number(c.achievable_cap),
            "central_achievable_cap": number(c.central_achievable_cap),
            "all_within": _estimate(c.all_within) if c.all_within is not None else None,
        },
    }


def with_risk_key(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """The plan's JSON with `risk` appended when it has one; otherwise exactly as it was."""
    return data if plan.risk is None else {**data, "risk": risk_dict(plan.risk)}


def with_risk_columns(text: str, plan: Plan) -> str:
    """The plan's CSV with the risk columns appended to every row; the Total row gives the chance
    that any locality goes over (p_over_cap, p_over_cap_se) and the sum of held caseloads."""
    risk = plan.risk
    if risk is None:
        return text
    table = risk.localities
    columns = [c for c in CSV_COLUMNS if c in table.columns]
    rows = list(csv.reader(io.StringIO(text)))
    total = {
        "held_caseload": float(table["held_caseload"].sum()),
        "p_over_cap": risk.any_over.value,
        "p_over_cap_se": risk.any_over.se,
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*rows[0], *(safe_cell(c) for c in columns)])
    for cells, (_, row) in zip(rows[1:-1], table.iterrows(), strict=True):
        writer.writerow([*cells, *(_csv(row[c]) for c in columns)])
    writer.writerow([*rows[-1], *(_csv(total.get(c, np.nan)) for c in columns)])
    return buffer.getvalue()


def _csv(value: Any) -> str:
    figure = number(value)
    return "" if figure is None else repr(figure)
