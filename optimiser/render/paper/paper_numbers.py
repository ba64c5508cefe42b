"""One rounding rule per kind of figure for the whole paper, so a figure reads the same in the
summary, the tables, the charts and the appendices.

Caps and loads per WTE are whole cases (a cap of 1,000 / 3 reads 333, as the loads beside it do);
WTE to one decimal place, in post to two (as recorded); pounds to the pound, except that at
national scale (an option costing `MILLIONS_FROM` or more) the body gives pounds in £m to one
decimal place and only the appendix tables give them to the pound.
"""

from dataclasses import dataclass

from optimiser.render import numbers

MILLIONS_FROM = 10_000_000
"""An option costing this much a year or more puts the body's pounds in £m."""


def _millions(value: float, signed: bool) -> str:
    rounded = numbers.half_up(value / 1e6, 1)
    sign = "-" if rounded < 0 else ("+" if signed and rounded > 0 else "")
    return f"{sign}£{abs(rounded):,.1f}m"


@dataclass(frozen=True)
class Rounding:
    """How the paper shows each kind of figure (see the module's docstring)."""

    millions: bool = False

    @classmethod
    def for_costs(cls, costs: list[float]) -> "Rounding":
        return cls(millions=max(costs, default=0.0) >= MILLIONS_FROM)

    def money(self, value: float | None) -> str:
        """Pounds in the body: £2,880,740, or £638.3m at national scale."""
        if numbers.missing(value) or not self.millions:
            return numbers.money(value)
        return _millions(value, signed=False)

    def signed_money(self, value: float | None) -> str:
        if numbers.missing(value) or not self.millions:
            return numbers.signed_money(value)
        return _millions(value, signed=True)

    @staticmethod
    def load(value: float | None) -> str:
        """A cap or a load per WTE: whole cases."""
        return numbers.count(value)

    @staticmethod
    def wte(value: float | None) -> str:
        return numbers.wte(value)

    @staticmethod
    def in_post(value: float | None) -> str:
        return numbers.wte(value, 2)

    @staticmethod
    def signed_wte(value: float | None) -> str:
        return numbers.signed_wte(value)

    @property
    def money_rule(self) -> str:
        """The rule in words, for a table's note."""
        return "pounds in £m to one decimal place" if self.millions else "pounds to the pound"


LOCAL = Rounding()
"""Pounds to the pound everywhere."""
