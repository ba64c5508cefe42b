"""Build LpData directly for property tests, without files."""

from optimiser.lp.data import Grade, LpData


def single_grade(
    weighted: dict[str, float],
    cap: float,
    cost: float,
    floors: dict[str, float] | None = None,
    ceilings: dict[str, float] | None = None,
    budget: float | None = None,
) -> LpData:
    return LpData(
        localities=tuple(weighted),
        grades=(Grade("staff", cost),),
        weighted=weighted,
        cap=cap,
        floors=floors or {},
        ceilings=ceilings or {},
        budget=budget,
        case_unit="cases",
    )
