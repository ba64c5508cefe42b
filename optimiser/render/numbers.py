"""Rounding for display only: half away from zero, as the seed paper rounds (0.385 -> 0.4)."""

import math
from decimal import ROUND_HALF_UP, Decimal

NOT_SHOWN = "\u2013"
"""An en dash, for a figure that does not exist (load per WTE where there are no staff)."""
NOT_KNOWN = "not known"
"""Shown for a figure that rests on WTE in post where in post is not known (JSON null, CSV blank)."""


def half_up(value: float, places: int) -> Decimal:
    """Round half up after clearing binary noise (25.905 - 25.52 is 0.38500000000000156)."""
    cleaned = Decimal(repr(round(float(value), 9)))
    rounded = cleaned.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else abs(rounded)


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def wte(value: float | None, places: int = 1) -> str:
    """WTE to one decimal place, as the seed's Appendix 3."""
    return NOT_SHOWN if missing(value) else f"{half_up(value, places):,.{places}f}"


def signed_wte(value: float | None) -> str:
    """A change in WTE, with its sign: +3.2, -0.3, 0.0."""
    if missing(value):
        return NOT_SHOWN
    rounded = half_up(value, 1)
    return f"+{rounded:,.1f}" if rounded > 0 else f"{rounded:,.1f}"


def count(value: float | None) -> str:
    """Whole cases (children), with thousands separators."""
    return NOT_SHOWN if missing(value) else f"{half_up(value, 0):,.0f}"


def money(value: float | None) -> str:
    """Whole pounds: £301,698 or -£12,000."""
    if missing(value):
        return NOT_SHOWN
    rounded = half_up(value, 0)
    return f"-£{-rounded:,.0f}" if rounded < 0 else f"£{rounded:,.0f}"


def signed_money(value: float | None) -> str:
    if missing(value):
        return NOT_SHOWN
    rounded = half_up(value, 0)
    return f"+£{rounded:,.0f}" if rounded > 0 else money(value)


def decimal(value: float | None, places: int = 1) -> str:
    """A figure to `places` decimal places, half away from zero: 1.3 children per WTE."""
    return NOT_SHOWN if missing(value) else f"{half_up(value, places):,.{places}f}"
