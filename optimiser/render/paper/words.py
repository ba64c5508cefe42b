"""The paper's plain-English figures and sentences about each option, for people who are not analysts.

No solver vocabulary anywhere in the paper (Appendix C says how the figures were worked out, in
words too). Every figure goes through the paper's `Rounding`, so it reads the same wherever it is.
Names from the inputs are used as given; writers escape them.
"""

from dataclasses import dataclass

from optimiser.inputs.grades import available_fraction
from optimiser.planning.results import OVER_CAP_TOLERANCE, Option
from optimiser.render import numbers
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.paper.paper_numbers import LOCAL, Rounding


@dataclass(frozen=True)
class Facts:
    """One option's headline figures, unrounded, and the paper's rounding."""

    label: str
    option: Option
    wte: float
    change: float
    cost: float
    cost_change: float
    one_off: float
    added: float
    removed: float
    over_cap: tuple[str, ...]
    holds: float
    """What one WTE of the main grade can hold at the cap after non-clinical time, headroom and grade
    capacity."""
    r: Rounding = LOCAL

    @property
    def plan(self):
        return self.option.plan


def today_cost(option: Option) -> float:
    """The cost of the WTE in post; NaN where in post is not known."""
    if not known(option):
        return float("nan")
    return option.plan.totals["in_post_wte"] * option.plan.cost_per_wte


def known(option: Option) -> bool:
    """Whether WTE in post is known for every locality, so today's figures and changes exist."""
    return option.plan.in_post_known


def comparison_phrase(option: Option) -> str | None:
    """The scenario's published comparison in words: "health visitors in post in England, April
    2023: 6,688 FTE"; None when the scenario gives none (its source is in Appendix B)."""
    c = option.plan.comparison
    if c is None:
        return None
    return f"{c.label}: {c.value:,g} {c.unit}"


def against_comparison(f: "Facts") -> str:
    """'5,570.5 WTE more than the 6,688 FTE health visitors in post in England, April 2023', or ''."""
    c = f.plan.comparison
    if c is None:
        return ""
    return f"{more_or_less(f.wte - c.value, 'WTE')} than the {c.value:,g} {c.unit} {c.label}"


def one_wte_holds(option: Option) -> float:
    """cap x (1 - non-clinical %) / (1 + headroom %) x the main grade's capacity."""
    model = option.prepared.inputs.model
    capacity = model.grades[0].capacity if model.grades else 1.0
    return option.plan.cap * available_fraction(model.non_clinical_percent, model.headroom_percent) * capacity


def holds_differs(option: Option) -> bool:
    return abs(one_wte_holds(option) - option.plan.cap) > 1e-9 * option.plan.cap


def facts(label: str, option: Option, r: Rounding = LOCAL) -> Facts:
    plan, t = option.plan, option.plan.totals
    load = plan.localities["load_per_wte"]
    over = load > plan.cap * (1 + OVER_CAP_TOLERANCE)
    return Facts(
        label=label,
        option=option,
        wte=t["planned_wte"],
        change=t["change_wte"],
        cost=t["cost"],
        cost_change=t["cost"] - today_cost(option),
        one_off=t["one_off_cost"],
        added=t["posts_added"],
        removed=t["posts_removed"],
        over_cap=tuple(str(n) for n in plan.localities.index[over.to_numpy()]),
        holds=one_wte_holds(option),
        r=r,
    )


def more_or_less(value: float, unit: str = "£", r: Rounding = LOCAL) -> str:
    """'£51,906 less', '1.4 WTE more', 'no change'."""
    if unit == "£":
        shown = r.money(abs(value))
        zero = shown in ("£0", "£0.0m")
        word = "more" if value > 0 else "less"
    else:
        shown = numbers.wte(abs(value))
        zero = shown == "0.0"
        shown, word = f"{shown} WTE", "more" if value > 0 else "fewer"
    return "no change" if zero else f"{shown} {word}"


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n:,} {word[:-1]}ies" if word.endswith("y") else f"{n:,} {word}s"


def listing(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def cost_words(option: Option) -> str:
    """What a WTE costs, every grade: "£38,323 a WTE", or "health visitors at £38,323 and community
    nursery nurses at £24,854 a WTE"."""
    grades = option.prepared.data.grades
    if len(grades) <= 1:
        return f"{numbers.money(option.plan.cost_per_wte)} a WTE"
    return listing([f"{g.name}s at {numbers.money(g.cost_per_wte)}" for g in grades]) + " a WTE"


def at_cost(option: Option) -> str:
    """After "a year": "at £38,323 a WTE", or with several grades "(health visitors at £38,323 and
    community nursery nurses at £24,854 a WTE)"."""
    words = cost_words(option)
    return f"({words})" if len(option.prepared.data.grades) > 1 else f"at {words}"


def holds_sentence(option: Option) -> str | None:
    """What one WTE can hold, with the arithmetic, where headroom, non-clinical time or grade
    capacity make it differ from the cap: headroom is an uplift, so the cap is divided by it
    (400 / 1.22 = 328), not cut by it."""
    if not holds_differs(option):
        return None
    model, plan = option.prepared.inputs.model, option.plan
    cap, held = Rounding.load(plan.cap), Rounding.load(one_wte_holds(option))
    parts, sums = [], [cap]
    if model.non_clinical_percent:
        kept = 1 - model.non_clinical_percent / 100
        parts.append(f"less {model.non_clinical_percent:g}% non-clinical time")
        sums.append(f"x {kept:g}")
    if model.headroom_percent:
        uplift = 1 + model.headroom_percent / 100
        parts.append(f"divided by {uplift:g} for {model.headroom_percent:g}% headroom")
        sums.append(f"/ {uplift:g}")
    capacity = model.grades[0].capacity if model.grades else 1.0
    if capacity != 1:
        parts.append(f"times a grade capacity of {capacity:g}")
        sums.append(f"x {capacity:g}")
    return (
        f"A {plan.staff_title}'s effective capacity is {held} weighted {plan.case_unit}: the cap of {cap}, "
        f"{listing(parts)} ({' '.join(sums)} = {held})."
    )


def moves(option: Option) -> str:
    """Where posts are added and removed, by locality."""
    if not known(option):
        return f"the change by locality is {NOT_KNOWN}"
    change = option.plan.localities["change_wte"]
    shown = [(str(n), numbers.signed_wte(v)) for n, v in change.items()]
    up = [f"{n} {v}" for n, v in shown if v.startswith("+")]
    down = [f"{n} {v}" for n, v in shown if v.startswith("-")]
    parts = []
    if up:
        parts.append(f"posts are added in {listing(up) if len(up) <= 6 else plural(len(up), 'locality')}")
    if down:
        parts.append(f"removed in {listing(down) if len(down) <= 6 else plural(len(down), 'locality')}")
    return "; ".join(parts) if parts else "no locality changes"
