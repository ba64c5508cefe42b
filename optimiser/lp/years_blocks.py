"""The several-year families as blocks of arrays: the same rows as the generators of `lp/years_rows.py`,
in the same order, made with numpy over the column layout (`YearColumns`), so that 7,000
localities over five years reach the solver without a Python object per row. Each block's words
are its generator's, made only when a person reads a row (tests/lp/test_years_blocks.py compares
the two for every family).
"""

from collections.abc import Callable

import numpy as np

from optimiser.lp.blocks import Block, make_block
from optimiser.lp.data import Sense
from optimiser.lp.years_rows import (
    ADDED,
    CUT,
    MOVED_IN,
    MOVED_OUT,
    RECRUITS,
    REMOVED,
    WORST,
    WTE,
    Family,
    YearColumns,
    YearsData,
    define_budget,
    define_cap_cover,
    define_ceilings,
    define_coverage,
    define_floors,
    define_high_risk,
    define_keep_in_post,
    define_min_share,
    define_moves,
    define_moves_out,
    define_posts_added,
    define_posts_removed,
    define_recruitment_per_locality,
    define_recruitment_total,
    define_stock,
    define_to_the_cap,
    define_worst_year,
    define_year_coverage,
    start_array,
    up_to_cap,
    year_theta,
)

Builder = Callable[[YearsData, YearColumns, Callable[[], list]], list[Block]]


def _cell_subjects(d: YearsData) -> list[str]:
    return [d.subject(loc, g.name, y) for y in d.years for loc in d.localities for g in d.grades]


def _place_subjects(d: YearsData) -> list[str]:
    return [f"{loc},{y}" for y in d.years for loc in d.localities]


def _previous(c: YearColumns) -> np.ndarray:
    """Each year's WTE columns a year earlier, [year, locality, grade] (the first year: its own, to
    be given a coefficient of 0, which make_block leaves out)."""
    wte = c.grid(WTE)
    return np.concatenate([wte[:1], wte[:-1]])


def _first_year(d: YearsData) -> np.ndarray:
    """1 for the first year, 0 for the others, shaped to broadcast over [year, locality, grade]."""
    return (np.arange(len(d.years)) == 0).astype(float)[:, None, None]


def stock(d: YearsData, c: YearColumns, words) -> list[Block]:
    kept, first = d.kept, _first_year(d)
    columns = [c.grid(WTE), _previous(c), c.grid(RECRUITS), c.grid(REMOVED)]
    coefs = [1.0, -kept * (1 - first), -1.0, 1.0]
    if d.moves:
        columns += [c.grid(MOVED_IN), c.grid(MOVED_OUT)]
        coefs += [-1.0, 1.0]
    shape = c.shape[1:]
    cols = np.stack([np.broadcast_to(a, shape) for a in columns], axis=-1).reshape(-1, len(columns))
    vals = np.stack([np.broadcast_to(a, shape) for a in coefs], axis=-1).reshape(-1, len(columns))
    rhs = (kept * start_array(d)[None] * first).ravel()
    return [make_block("stock", _cell_subjects(d), cols, vals, Sense.EQUAL, rhs, words, limit=False)]


def moves(d: YearsData, c: YearColumns, words) -> list[Block]:
    if not d.moves:
        return []
    into, out = c.grid(MOVED_IN), c.grid(MOVED_OUT)  # [year, locality, grade]
    cols = np.stack([into, out], axis=-1).transpose(0, 2, 1, 3).reshape(len(d.years) * len(d.grades), -1)
    vals = np.tile([1.0, -1.0], cols.shape[1] // 2)[None, :]
    subjects = [f"{g.name},{y}" if len(d.grades) > 1 else y for y in d.years for g in d.grades]
    rhs = np.zeros(len(subjects))
    return [make_block("moves", subjects, cols, vals, Sense.EQUAL, rhs, words, limit=False)]


def moves_out(d: YearsData, c: YearColumns, words) -> list[Block]:
    if not d.moves:
        return []
    kept, first = d.kept, _first_year(d)
    shape = c.shape[1:]
    cols = np.stack([c.grid(MOVED_OUT), _previous(c)], axis=-1).reshape(-1, 2)
    vals = np.stack([np.ones(shape), np.broadcast_to(-kept * (1 - first), shape)], axis=-1).reshape(-1, 2)
    rhs = (kept * start_array(d)[None] * first).ravel()
    return [make_block("moves out", _cell_subjects(d), cols, vals, Sense.AT_MOST, rhs, words, limit=False)]


def _capacity(d: YearsData) -> np.ndarray:
    return d.base.cap * np.array([g.capacity for g in d.grades])


def cap_cover(d: YearsData, c: YearColumns, words) -> list[Block]:
    cols = c.grid(WTE).reshape(-1, len(d.grades))
    rhs = d.weighted_array().ravel()
    return [
        make_block("cap cover", _place_subjects(d), cols, _capacity(d)[None, :], Sense.AT_LEAST, rhs, words)
    ]


def coverage(d: YearsData, c: YearColumns, words) -> list[Block]:
    weighted = d.weighted_array()
    where = weighted.ravel() > 0
    if not where.any():
        return []
    theta = np.array([c.index(year_theta(y)) for y in d.years])
    staff = c.grid(WTE).reshape(-1, len(d.grades))[where]
    cols = np.column_stack([staff, np.repeat(theta, len(d.localities))[where]])
    per = _capacity(d)[None, :] / weighted.ravel()[where][:, None]
    vals = np.column_stack([per, -np.ones(len(staff))])
    subjects = [s for s, keep in zip(_place_subjects(d), where.tolist(), strict=True) if keep]
    return [make_block("coverage", subjects, cols, vals, Sense.AT_LEAST, np.zeros(len(staff)), words)]


def _year_pairs(d, c, family, left, right, sense, rhs, words) -> list[Block]:
    """One row a year: left(year) - right(year) sense rhs (right None: left alone)."""
    first = [c.index(left(y)) for y in d.years]
    if right is None:
        cols, vals = np.array(first)[:, None], np.ones((len(first), 1))
    else:
        cols = np.column_stack([first, [c.index(right(y)) for y in d.years]])
        vals = np.array([[1.0, -1.0]])
    block = make_block(family, list(d.years), cols, vals, sense, np.full(len(first), rhs), words, limit=False)
    return [block]


def worst_year(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _year_pairs(d, c, "worst year", year_theta, lambda y: WORST, Sense.AT_LEAST, 0.0, words)


def year_coverage(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _year_pairs(d, c, "year coverage", up_to_cap, year_theta, Sense.AT_MOST, 0.0, words)


def to_the_cap(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _year_pairs(d, c, "to the cap", up_to_cap, None, Sense.AT_MOST, 1.0, words)


def _bound(d: YearsData, c: YearColumns, words, limits, family: str, sense: Sense) -> list[Block]:
    """A locality's floor or ceiling on its WTE, every year (localities without one have no row)."""
    has = np.array([loc in limits for loc in d.localities], dtype=bool)
    if not has.any():
        return []
    rows = np.tile(has, len(d.years))
    cols = c.grid(WTE).reshape(-1, len(d.grades))[rows]
    rhs = np.tile([float(limits.get(loc, 0.0)) for loc in d.localities], len(d.years))[rows]
    subjects = [s for s, keep in zip(_place_subjects(d), rows.tolist(), strict=True) if keep]
    return [make_block(family, subjects, cols, 1.0, sense, rhs, words)]


def floors(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _bound(d, c, words, d.base.floors, "floor", Sense.AT_LEAST)


def ceilings(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _bound(d, c, words, d.base.ceilings, "ceiling", Sense.AT_MOST)


def keep_in_post(d: YearsData, c: YearColumns, words) -> list[Block]:
    share = d.base.keep_share
    if share is None:
        return []
    family = "no cuts" if share >= 1 else "keep in post"
    first = _first_year(d)
    cols = np.concatenate([c.grid(WTE), _previous(c)], axis=-1).reshape(-1, 2 * len(d.grades))
    vals = np.concatenate(
        [np.ones(c.shape[1:]), np.broadcast_to(-share * (1 - first), c.shape[1:])], axis=-1
    ).reshape(-1, 2 * len(d.grades))
    rhs = (share * start_array(d).sum(axis=1)[None, :] * first[:, :, 0]).ravel()
    return [make_block(family, _place_subjects(d), cols, vals, Sense.AT_LEAST, rhs, words)]


def budget(d: YearsData, c: YearColumns, words) -> list[Block]:
    years = [i for i, b in enumerate(d.budgets) if b is not None]
    if not years:
        return []
    today, unit = d.today_cost(), d.grades[0].cost_per_wte
    costs = np.array([g.cost_per_wte for g in d.grades])
    cols = c.grid(WTE)[years].reshape(len(years), -1)
    vals = (d.shares()[years][:, None] * np.tile(costs, len(d.localities))[None, :]) / unit
    rhs = np.array([d.budgets[i] - (1 - d.share(i)) * today for i in years]) / unit
    subjects = [d.years[i] for i in years]
    return [make_block("budget", subjects, cols, vals, Sense.AT_MOST, rhs, words)]


def recruitment_total(d: YearsData, c: YearColumns, words) -> list[Block]:
    if d.max_recruits_per_year is None:
        return []
    cols = c.grid(RECRUITS).reshape(len(d.years), -1)
    rhs = np.full(len(d.years), d.max_recruits_per_year)
    subjects = [f"total,{y}" for y in d.years]
    return [make_block("recruitment", subjects, cols, 1.0, Sense.AT_MOST, rhs, words)]


def recruitment_per_locality(d: YearsData, c: YearColumns, words) -> list[Block]:
    if d.max_recruits_per_locality is None:
        return []
    cols = c.grid(RECRUITS).reshape(-1, len(d.grades))
    rhs = np.full(len(cols), d.max_recruits_per_locality)
    return [make_block("recruitment", _place_subjects(d), cols, 1.0, Sense.AT_MOST, rhs, words)]


def min_share(d: YearsData, c: YearColumns, words) -> list[Block]:
    share = d.base.min_main_share
    if share is None:
        return []
    coefs = np.array([(1.0 if i == 0 else 0.0) - share for i in range(len(d.grades))])[None, :]
    cols = c.grid(WTE).reshape(-1, len(d.grades))
    return [
        make_block("min share", _place_subjects(d), cols, coefs, Sense.AT_LEAST, np.zeros(len(cols)), words)
    ]


def high_risk(d: YearsData, c: YearColumns, words) -> list[Block]:
    b = d.base
    if b.high_risk_share is None:
        return []
    main = b.grades[0]
    cols = c.grid(WTE)[:, :, 0].reshape(-1, 1)
    need = np.array([[d.high_risk.get(y, {}).get(loc, 0.0) for loc in d.localities] for y in d.years]).ravel()
    coef = b.high_risk_share * b.cap * main.capacity
    return [make_block("high risk", _place_subjects(d), cols, coef, Sense.AT_LEAST, need, words)]


def _change(d: YearsData, c: YearColumns, words, which: str, sign: float) -> list[Block]:
    """posts added (sign -1) or removed (sign 1): the column + sign x (this year's WTE - the year
    before's) >= sign x today's in post in the first year, 0 after."""
    first = _first_year(d)
    shape = c.shape[1:]
    columns = [c.change(which)[..., None], c.grid(WTE), _previous(c)]
    coefs = [np.ones((*shape[:2], 1)), np.full(shape, sign), np.broadcast_to(-sign * (1 - first), shape)]
    width = 1 + 2 * shape[2]
    cols = np.concatenate(columns, axis=-1).reshape(-1, width)
    vals = np.concatenate(coefs, axis=-1).reshape(-1, width)
    rhs = (sign * start_array(d).sum(axis=1)[None, :] * first[:, :, 0]).ravel()
    return [make_block(which, _place_subjects(d), cols, vals, Sense.AT_LEAST, rhs, words, limit=False)]


def posts_added(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _change(d, c, words, ADDED, -1.0)


def posts_removed(d: YearsData, c: YearColumns, words) -> list[Block]:
    return _change(d, c, words, CUT, 1.0)


BUILDERS: dict[Family, Builder] = {
    define_stock: stock,
    define_moves: moves,
    define_moves_out: moves_out,
    define_cap_cover: cap_cover,
    define_coverage: coverage,
    define_worst_year: worst_year,
    define_year_coverage: year_coverage,
    define_to_the_cap: to_the_cap,
    define_floors: floors,
    define_ceilings: ceilings,
    define_keep_in_post: keep_in_post,
    define_budget: budget,
    define_recruitment_total: recruitment_total,
    define_recruitment_per_locality: recruitment_per_locality,
    define_min_share: min_share,
    define_high_risk: high_risk,
    define_posts_added: posts_added,
    define_posts_removed: posts_removed,
}
"""Each family in words (lp/years) with the builder that makes its rows as arrays."""


def blocks(d: YearsData, families: tuple[Family, ...], columns: YearColumns) -> list[Block]:
    """Every family's blocks, in the order `all_rows` gives their rows; pound families (POUNDS) are
    counted in WTE at the main grade's cost by their builders."""
    found = []
    for family in families:
        found += BUILDERS[family](d, columns, lambda family=family: list(family(d)))
    return found
