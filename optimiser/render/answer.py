"""The answer a terminal shows first (issue 24): at most five sentences under the plan's table, in
plain words; the binding limits, marginal figures and assumptions wait for `--details`.

Every sentence is one the full output prints (`columns.summary_sentences`), or says what one WTE
holds, worked out from what ran (the total weighted caseload over the WTE required for the cap).
"""

import re

from optimiser.planning.plan import Figure, Plan
from optimiser.render import numbers
from optimiser.render.columns import comparison_sentence, summary_sentences
from optimiser.render.marginal_words import HOW, SENTENCES, marginal_sentences
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.question_words import question_sentence
from optimiser.render.uncertain_figures import risk_sentences

MOST_SENTENCES = 5
"""The answer never runs longer than this (issue 24: at most five sentences)."""
DETAILS_HINT = "--details adds the binding limits, marginal figures and assumptions."
LIMITS = (
    "extra_budget_for_cap",
    "cap_change_per_budget_step",
    "best_cap_within_budget",
    "cost_of_lowering_cap",
)
"""The marginal figures that say what stops the plan doing better, the first found is shown."""
TIME_OFF = re.compile(r"non-clinical (?P<non_clinical>[\d.]+)%, headroom (?P<headroom>[\d.]+)%")


def answer_sentences(plan: Plan) -> list[str]:
    """What it needs, what it costs, the loads, what one WTE holds, and what stops it doing better.
    The published comparison (and, past five sentences, the one-off cost) waits for --details."""
    limits = marginal_sentences(plan)
    every = summary_sentences(plan)
    headline = [_once(plan, s) for s in every[: len(every) - len(limits) - len(risk_sentences(plan))]]
    headline = with_holds(plan, headline)
    sentences = [s for s in headline if s != comparison_sentence(plan)] + limiting_sentence(plan)
    if question_sentence(plan) is not None:  # it says what the budget buys and what the cap costs more
        sentences = [s for s in sentences if not s.startswith("The budget is ")][
            : -len(limiting_sentence(plan)) or None
        ]
    one_off = [s for s in sentences if s.startswith("One-off cost")]
    if _count(sentences) > MOST_SENTENCES and one_off:
        sentences.remove(one_off[0])
    kept: list[str] = []
    for sentence in sentences:  # whole sentences, at most MOST_SENTENCES of them in all
        if _count([*kept, sentence]) <= MOST_SENTENCES:
            kept.append(sentence)
    return kept


def _count(texts: list[str]) -> int:
    """Sentences in the texts (one text may hold two, as the budget's question does)."""
    return sum(len(re.split(r"(?<=[.])\s+(?=[A-Z-])", t.strip())) for t in texts)


def with_holds(plan: Plan, sentences: list[str]) -> list[str]:
    """The sentences with what one WTE holds (`holds_sentence`) after the one on loads, if it says
    anything."""
    held = holds_sentence(plan)
    if not held:
        return sentences
    after = next((i + 1 for i, s in enumerate(sentences) if "load per WTE" in s), len(sentences))
    return [*sentences[:after], held, *sentences[after:]]


def _once(plan: Plan, sentence: str) -> str:
    """Where WTE in post is not known, the first sentence says so once; the others need not."""
    if plan.in_post_known:
        return sentence
    return sentence.replace(f"; the cost of the change is {NOT_KNOWN}.", ".").replace(
        f" (today's is {NOT_KNOWN})", ""
    )


def limiting_sentence(plan: Plan) -> list[str]:
    """What stops the plan doing better (the budget, or the cap's price), as the details word it."""
    found = {f.key: f for f in plan.marginal}
    said = [(SENTENCES[key](plan, found[key]), found[key]) for key in LIMITS if key in found]
    return [_without_how(s, figure) for s, figure in said if s][:1]


def _without_how(sentence: str, figure: Figure) -> str:
    """The sentence without how the figure was found (dual price, re-solve): --details says that."""
    for prices in ("cap rows'", "budget row's"):
        sentence = sentence.replace(HOW.get(figure.method, "").format(prices, note=figure.note), "")
    return sentence


def holds_sentence(plan: Plan) -> str | None:
    """What one WTE holds when non-clinical time, headroom or other grades make it less than the cap
    (400 / 1.22 = 328), or None when one WTE holds the cap."""
    t = plan.totals
    if not t.get("required_wte") or not t.get("weighted_caseload"):
        return None
    holds = t["weighted_caseload"] / t["required_wte"]
    why = _time_off(plan, holds)
    after = t.get("load_per_wte")
    others = [g for g in plan.grade_names[1:] if t.get(f"planned_wte:{g}", 0) > 0]
    mix = (
        f"; {' and '.join(others)} WTE count for less than one against the cap, so the load per WTE "
        f"after the plan is {numbers.count(after)}"
        if others and after is not None and numbers.count(after) != numbers.count(holds)
        else ""
    )
    if not why and not mix:
        return None
    main = plan.grade_names[0] if plan.grade_names else plan.staff_title
    return (
        f"One {main} WTE holds {numbers.count(holds)} weighted {plan.case_unit}, not the cap of "
        f"{plan.cap:,g}{why}{mix}."
    )


def _time_off(plan: Plan, holds: float) -> str:
    """', after 22% headroom for leave and sickness (400 / 1.22 = 328)', from the assumption the
    plan states; empty when no time is taken off the cap."""
    stated = next((a.value for a in plan.assumptions if a.label == "Time off the cap"), "")
    found = TIME_OFF.search(stated)
    if found is None or numbers.count(holds) == numbers.count(plan.cap):
        return ""
    non_clinical, headroom = float(found["non_clinical"]), float(found["headroom"])
    words = [f"{non_clinical:g}% non-clinical time"] if non_clinical else []
    words += [f"{headroom:g}% headroom for leave and sickness"] if headroom else []
    sums = f"{plan.cap:,g}"
    sums += f" x {1 - non_clinical / 100:g}" if non_clinical else ""
    sums += f" / {1 + headroom / 100:g}" if headroom else ""
    return f", after {' and '.join(words)} ({sums} = {numbers.count(holds)})"
