"""Constraint families as blocks of arrays: the same rows as families.py, made without a Python
object per row, so that 100,000 localities build, solve and check at numpy speed.

A Block holds one family's rows in compressed sparse row form over a fixed column layout
(Columns). Words (Row objects with their meaning) are made only for the rows a person reads:
violations, binding lists, explanations; they come from the family's own generator, so a block
and its Row list can never say different things (tests/lp/test_blocks.py compares them). Each builder
is handed that generator's words (`Words`) by whoever pairs families with builders (lp/objectives),
so the arrays here do not depend on the families' code.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from optimiser.lp.data import Aux, Key, LpData, Row, Sense

Family = Callable[[LpData], Iterator[Row]]
Words = Callable[[], list[Row]]
"""A family's rows in words, made only when someone reads them."""
THETA_KIND = "coverage ratio"
AUX_ORDER = (THETA_KIND, "shortfall", "posts added", "posts removed")
"""Auxiliary columns follow the staff columns in this order (theta one column, the rest one a locality)."""


class Columns:
    """The column layout: staff WTE (locality-major, grades as in the model), then auxiliaries."""

    def __init__(self, d: LpData, aux: Sequence[str] = ()) -> None:
        self.n, self.g = len(d.localities), len(d.grades)
        self.localities = d.localities
        self.offset: dict[str, int] = {}
        keys: list[Key] = d.variables()
        for kind in AUX_ORDER:
            if kind not in aux:
                continue
            self.offset[kind] = len(keys)
            if kind == THETA_KIND:
                keys.append(Aux(THETA_KIND, "theta"))
            else:
                keys.extend(Aux(kind, loc) for loc in d.localities)
        self.keys = keys
        self._index: dict[Key, int] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def staff(self, grade: int, where: np.ndarray | None = None) -> np.ndarray:
        """Column of one grade's WTE in each locality (or in the localities `where` selects)."""
        locs = np.arange(self.n) if where is None else where
        return locs * self.g + grade

    def aux(self, kind: str, where: np.ndarray | None = None) -> np.ndarray:
        locs = np.arange(self.n) if where is None else where
        return self.offset[kind] + (0 if kind == THETA_KIND else locs)

    def index(self, key: Key) -> int:
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.keys)}
        return self._index[key]

    def values(self, x: np.ndarray) -> dict[Key, float]:
        """A solution vector as the keyed dictionary the rest of the project reads."""
        return dict(zip(self.keys, x.tolist(), strict=True))


@dataclass
class Block:
    """One family's rows: row r is sum(data[k] * x[indices[k]], k in indptr[r]:indptr[r+1]) sense rhs[r]."""

    family: str
    subjects: list[str]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    sense: Sense
    rhs: np.ndarray
    limit: bool
    words: Callable[[], list[Row]]
    """The same rows as Row objects, in the same order (made only when a person reads them)."""
    row_families: list[str] | None = None
    """Each row's family, when a block mixes two (posts added and removed, interleaved)."""

    def family_of(self, i: int) -> str:
        return self.row_families[i] if self.row_families else self.family

    def __len__(self) -> int:
        return len(self.subjects)

    def lhs(self, x: np.ndarray) -> np.ndarray:
        rows = np.repeat(np.arange(len(self)), np.diff(self.indptr))
        return np.bincount(rows, weights=self.data * x[self.indices], minlength=len(self))

    def slack(self, x: np.ndarray) -> np.ndarray:
        """How far inside its limit each row is; negative means broken."""
        lhs = self.lhs(x)
        if self.sense is Sense.EQUAL:
            return -np.abs(lhs - self.rhs)
        return lhs - self.rhs if self.sense is Sense.AT_LEAST else self.rhs - lhs

    def names(self, which: np.ndarray) -> list[str]:
        """The readable names of the rows `which` selects (Row.name), without making their words."""
        return [f"{self.family_of(i)}[{self.subjects[i]}]" for i in which.tolist()]

    def rows(self, which: np.ndarray | None = None) -> list[Row]:
        every = self.words()
        return every if which is None else [every[i] for i in which.tolist()]


def make_block(
    family: str,
    subjects: list[str],
    columns: np.ndarray,
    coefs: np.ndarray,
    sense: Sense,
    rhs: np.ndarray,
    words: Callable[[], list[Row]],
    limit: bool = True,
) -> Block:
    """A block whose rows all have the same number of terms: columns and coefs of shape (rows, terms)."""
    m = len(subjects)
    columns = np.asarray(columns, dtype=np.int64).reshape(m, -1)
    coefs = np.broadcast_to(np.asarray(coefs, dtype=float), columns.shape)
    keep = coefs != 0.0
    counts = keep.sum(axis=1)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Block(
        family,
        subjects,
        indptr,
        columns[keep],
        coefs[keep].astype(float),
        sense,
        np.asarray(rhs, dtype=float).reshape(m),
        limit,
        words,
    )


def from_rows(rows: list[Row], columns: Columns) -> list[Block]:
    """Blocks for a short list of rows made one by one (a hold, the least-cost row), one block a row."""
    blocks = []
    for row in rows:
        idx = np.array([columns.index(k) for k, _ in row.terms], dtype=np.int64)
        coefs = np.array([c for _, c in row.terms], dtype=float)
        blocks.append(
            make_block(
                row.family,
                [row.subject],
                idx[None, :],
                coefs[None, :],
                row.sense,
                np.array([row.rhs]),
                lambda row=row: [row],
                row.limit,
            )
        )
    return blocks


class KeyColumns:
    """A column layout given by its keys, in order (the several-year model's: WTE and flows by
    locality, grade and year, then the auxiliaries), with the interface of Columns the seam reads."""

    def __init__(self, keys: list[Key]) -> None:
        self.keys = keys
        self._index = {k: i for i, k in enumerate(keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def index(self, key: Key) -> int:
        return self._index[key]

    def values(self, x: np.ndarray) -> dict[Key, float]:
        return dict(zip(self.keys, x.tolist(), strict=True))


def rows_blocks(
    rows: list[Row], columns: Columns | KeyColumns, scale: dict[str, float] | None = None
) -> list[Block]:
    """Rows made one by one (the several-year families) as blocks, converted once: one block for each
    run of rows of the same family, sense and kind; a family named in `scale` has its coefficients and
    right-hand sides divided by that figure (pounds counted in WTE at the main grade's cost), so that
    every row the solver holds is of the same order. Terms naming one column twice are summed."""
    blocks: list[Block] = []
    start = 0
    for end in range(1, len(rows) + 1):
        first = rows[start]
        if end < len(rows) and (rows[end].family, rows[end].sense, rows[end].limit) == (
            first.family,
            first.sense,
            first.limit,
        ):
            continue
        part = rows[start:end]
        divisor = (scale or {}).get(first.family, 1.0)
        counts = np.fromiter((len(r.terms) for r in part), dtype=np.int64, count=len(part))
        index = np.fromiter((columns.index(k) for r in part for k, _ in r.terms), dtype=np.int64)
        data = np.fromiter((c for r in part for _, c in r.terms), dtype=float) / divisor
        indptr, index, data = _summed(np.concatenate([[0], np.cumsum(counts)]), index, data)
        rhs = np.fromiter((r.rhs for r in part), dtype=float, count=len(part)) / divisor
        words = lambda part=part: list(part)  # noqa: E731 (the rows are the words)
        subjects = [r.subject for r in part]
        blocks.append(
            Block(first.family, subjects, indptr, index, data, first.sense, rhs, first.limit, words)
        )
        start = end
    return blocks


def _summed(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rows naming one column twice get one summed entry; exact zeros go (as PuLP's lpSum would)."""
    counts = np.diff(indptr)
    owner = np.repeat(np.arange(len(counts)), counts)
    order = np.lexsort((indices, owner))
    owner, indices, data = owner[order], indices[order], data[order]
    first = np.ones(len(indices), dtype=bool)
    first[1:] = (owner[1:] != owner[:-1]) | (indices[1:] != indices[:-1])
    if not first.all():
        starts = np.flatnonzero(first)
        data = np.add.reduceat(data, starts)
        owner, indices = owner[starts], indices[starts]
    keep = data != 0.0
    owner, indices, data = owner[keep], indices[keep], data[keep]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(counts)))])
    return indptr, indices, data


def _grade_arrays(d: LpData) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.array([g.capacity for g in d.grades], dtype=float),
        np.array([g.cost_per_wte for g in d.grades], dtype=float),
    )


def _staff_matrix(c: Columns, where: np.ndarray) -> np.ndarray:
    """Columns of every grade in the localities `where` selects, shape (len(where), grades)."""
    return where[:, None] * c.g + np.arange(c.g)[None, :]


def _wte_rows(
    d: LpData, c: Columns, mask: np.ndarray, family: str, sense: Sense, rhs: np.ndarray, words: Words
) -> Block:
    where = np.flatnonzero(mask)
    subjects = [d.localities[i] for i in where.tolist()]
    return make_block(family, subjects, _staff_matrix(c, where), 1.0, sense, rhs, words)


def _locs(d: LpData) -> np.ndarray:
    return np.arange(len(d.localities))


def _mapped(d: LpData, mapping: dict | object, default: float = np.nan) -> np.ndarray:
    return np.array([mapping.get(loc, default) for loc in d.localities], dtype=float)  # type: ignore[attr-defined]


def cap_cover(d: LpData, c: Columns, words: Words) -> list[Block]:
    capacity, _ = _grade_arrays(d)
    rhs = _mapped(d, d.weighted)
    return [
        make_block(
            "cap cover",
            list(d.localities),
            _staff_matrix(c, _locs(d)),
            d.cap * capacity[None, :],
            Sense.AT_LEAST,
            rhs,
            words,
        )
    ]


def floors(d: LpData, c: Columns, words: Words) -> list[Block]:
    mask = np.array([loc in d.floors for loc in d.localities], dtype=bool)
    if not mask.any():
        return []
    rhs = _mapped(d, d.floors)[mask]
    return [_wte_rows(d, c, mask, "floor", Sense.AT_LEAST, rhs, words)]


def ceilings(d: LpData, c: Columns, words: Words) -> list[Block]:
    mask = np.array([loc in d.ceilings for loc in d.localities], dtype=bool)
    if not mask.any():
        return []
    rhs = _mapped(d, d.ceilings)[mask]
    return [_wte_rows(d, c, mask, "ceiling", Sense.AT_MOST, rhs, words)]


def budget(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.budget is None:
        return []
    _, cost = _grade_arrays(d)
    return [
        make_block(
            "budget",
            ["total"],
            np.arange(c.n * c.g)[None, :],
            np.tile(cost, c.n)[None, :],
            Sense.AT_MOST,
            np.array([d.budget]),
            words,
        )
    ]


def min_share(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.min_main_share is None:
        return []
    share = d.min_main_share
    # as the generator writes it: (1.0 - share) for the main grade and (0.0 - share) for the rest
    coefs = np.array([(1.0 if i == 0 else 0.0) - share for i in range(c.g)])
    return [
        make_block(
            "min share",
            list(d.localities),
            _staff_matrix(c, _locs(d)),
            coefs[None, :],
            Sense.AT_LEAST,
            np.zeros(c.n),
            words,
        )
    ]


def high_risk(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.high_risk_share is None:
        return []
    main = d.grades[0]
    coef = d.high_risk_share * d.cap * main.capacity
    return [
        make_block(
            "high risk",
            list(d.localities),
            c.staff(0)[:, None],
            coef,
            Sense.AT_LEAST,
            _mapped(d, d.high_risk),
            words,
        )
    ]


def keep_in_post(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.keep_share is None:
        return []
    family = "no cuts" if d.keep_share >= 1 else "keep in post"
    rhs = np.array([d.keep_share * d.in_post[loc] for loc in d.localities], dtype=float)
    mask = np.ones(c.n, dtype=bool)
    return [_wte_rows(d, c, mask, family, Sense.AT_LEAST, rhs, words)]


def recruitment_per_locality(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.max_new_per_locality is None:
        return []
    rhs = np.array([d.in_post[loc] + d.max_new_per_locality for loc in d.localities], dtype=float)
    mask = np.ones(c.n, dtype=bool)
    return [_wte_rows(d, c, mask, "recruitment", Sense.AT_MOST, rhs, words)]


def change_split(d: LpData, c: Columns, words: Words, force: bool = False) -> list[Block]:
    """posts added >= planned - in post, posts removed >= in post - planned (interleaved, as change_rows)."""
    if not (force or d.splits_change):
        return []
    locs = _locs(d)
    staff = _staff_matrix(c, locs)
    added = np.column_stack([c.aux("posts added"), staff])
    removed = np.column_stack([c.aux("posts removed"), staff])
    ones = np.ones((c.n, 1))
    cols = np.stack([added, removed], axis=1).reshape(2 * c.n, -1)
    coefs = np.stack(
        [np.hstack([ones, -np.ones((c.n, c.g))]), np.hstack([ones, np.ones((c.n, c.g))])], axis=1
    ).reshape(2 * c.n, -1)
    in_post = _mapped(d, d.in_post)
    rhs = np.stack([-in_post, in_post], axis=1).ravel()
    subjects = [loc for loc in d.localities for _ in (0, 1)]
    block = make_block(
        "posts added|posts removed",
        subjects,
        cols,
        coefs,
        Sense.AT_LEAST,
        rhs,
        words,
        limit=False,
    )
    block.row_families = ["posts added", "posts removed"] * c.n
    return [block]


def recruitment_total(d: LpData, c: Columns, words: Words) -> list[Block]:
    if d.max_new_total is None:
        return []
    return [
        make_block(
            "recruitment",
            ["total"],
            c.aux("posts added")[None, :],
            1.0,
            Sense.AT_MOST,
            np.array([d.max_new_total]),
            words,
        )
    ]
