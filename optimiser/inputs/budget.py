"""The budget's arithmetic: pounds a year, or a change from today's cost such as "-8%" (the type
that reads either is `schema.Budget`).

Today's cost is the WTE in post times the cost per WTE, so "-8%" reads as the seed's
"up to 8% cost reduction in 2010/11" without anyone working out the pounds by hand.
"""

from optimiser.inputs.schema import PERCENT


def parse_option(text: str | None) -> float | str | None:
    """`--budget 3500000` is a number, `--budget -8%` a change; validation happens with the scenario."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def change_percent(spec: float | str | None) -> float | None:
    """The percentage change a budget states, or None when it is in pounds (or absent)."""
    if isinstance(spec, str):
        match = PERCENT.match(spec)
        return float(match.group(1)) if match else None
    return None


def resolve(spec: float | str | None, today_cost: float) -> float | None:
    """The budget in pounds a year: as written, or today's cost changed by the percentage."""
    percent = change_percent(spec)
    if percent is not None:
        return today_cost * (1 + percent / 100)
    return None if spec is None else float(spec)


def describe(spec: float | str | None, today_cost: float, pounds: float | None) -> str:
    """The budget in words for the assumptions list."""
    if pounds is None:
        return "none set"
    percent = change_percent(spec)
    if percent is None:
        return f"£{pounds:,.0f} a year"
    basis = f"today's cost of £{today_cost:,.0f}: WTE in post x cost per WTE"
    return f"£{pounds:,.0f} a year ({percent:+g}% on {basis})"
