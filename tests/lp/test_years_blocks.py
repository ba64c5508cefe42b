"""The several-year families as arrays (lp/years_blocks.py) are the same rows as their words
(lp/years_rows.py):
for every family and a horizon that gives each of them rows (grades, floors, ceilings, keep in post,
budgets with a part year, recruitment limits, skill mix, high risk, moves on and off), the block holds
row for row the same subject, sense, right-hand side and terms (pounds divided by the main grade's cost)."""

import numpy as np
import pytest

from optimiser.lp.blocks import rows_blocks
from optimiser.lp.data import Grade, LpData
from optimiser.lp.years_blocks import BUILDERS
from optimiser.lp.years_rows import POUNDS, WORST, YearColumns, YearsData, up_to_cap, year_theta

YEARS = ("Y1", "Y2", "Y3")
PLACES = ("North, East", "South", "West")


def _data(moves: bool, grades: int) -> YearsData:
    grade = (Grade("nurse", 40_000.0, 0.9), Grade("assistant", 25_000.0, 0.6), Grade("lead", 55_000.0, 1.0))
    base = LpData(
        localities=PLACES,
        grades=grade[:grades],
        weighted={"North, East": 4000.0, "South": 0.0, "West": 2500.0},
        cap=400.0,
        floors={"South": 1.5},
        ceilings={"West": 30.0, "North, East": 40.0},
        budget=None,
        case_unit="children",
        min_main_share=0.6 if grades > 1 else None,
        high_risk={"North, East": 300.0, "West": 100.0},
        high_risk_share=0.5,
        in_post={"North, East": 9.0, "South": 2.0, "West": 6.0},
        keep_share=0.8,
    )
    weighted = {y: {loc: w * (1.02**i) for loc, w in base.weighted.items()} for i, y in enumerate(YEARS)}
    start = {("North, East", "nurse"): 7.0, ("South", "nurse"): 2.0, ("West", "nurse"): 6.0}
    if grades > 1:
        start[("North, East", "assistant")] = 2.0
    return YearsData(
        base=base,
        years=YEARS,
        weighted=weighted,
        start=start,
        budgets=(700_000.0, None, 760_000.0),
        leaver_rate=0.12,
        max_recruits_per_year=5.0,
        max_recruits_per_locality=2.0,
        moves=moves,
        first_year_share=0.75,
        high_risk={y: {"North, East": 300.0 * (1 + i / 10), "West": 100.0} for i, y in enumerate(YEARS)},
    )


def _pairs(block, r: int) -> list[tuple[int, float]]:
    span = slice(block.indptr[r], block.indptr[r + 1])
    return sorted(zip(block.indices[span].tolist(), block.data[span].tolist(), strict=True))


@pytest.mark.parametrize("moves", [True, False])
@pytest.mark.parametrize("grades", [1, 3])
@pytest.mark.parametrize("family", list(BUILDERS), ids=lambda f: f.__name__)
def test_block_is_its_words(family, moves, grades):
    d = _data(moves, grades)
    aux = (WORST, *map(year_theta, YEARS), *map(up_to_cap, YEARS))
    columns = YearColumns(d, change=True, aux=aux)
    words = list(family(d))
    built = BUILDERS[family](d, columns, lambda: list(family(d)))
    expected = rows_blocks(words, columns, dict.fromkeys(POUNDS, d.grades[0].cost_per_wte)) if words else []
    rows = [(b, r) for b in built for r in range(len(b))]
    assert len(rows) == len(words)
    assert words or not (moves and grades > 1), f"{family.__name__} makes no row, so this tests nothing"
    flat = [(b, r) for b in expected for r in range(len(b))]
    for (block, r), (other, k), row in zip(rows, flat, words, strict=True):
        assert block.family_of(r) == row.family and block.subjects[r] == row.subject
        assert block.sense is row.sense and block.limit == row.limit
        assert block.rhs[r] == pytest.approx(other.rhs[k], rel=1e-15, abs=1e-15)
        mine, theirs = _pairs(block, r), _pairs(other, k)
        assert [j for j, _ in mine] == [j for j, _ in theirs], row.name
        assert np.allclose([c for _, c in mine], [c for _, c in theirs], rtol=1e-15, atol=0), row.name
        assert block.rows(np.array([r]))[0] == row  # the words a person reads are the row's own
