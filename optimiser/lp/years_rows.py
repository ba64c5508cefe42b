"""The establishment over several years: stock and flow linking each year's WTE to the last.

In post at the end of a year = in post at its start - leavers + recruits - removed - moved out
+ moved in, per locality, grade and year. Leavers are data, not decisions: a fixed share (the
leaver rate) of those in post at the start of the year, because a service cannot choose who
leaves; were they decisions with a floor, the LP could "lose" staff beyond the rate for free
instead of paying to remove posts.

Each family is a generator of labelled rows in words (what a person reads: a violation, a
breach, an explanation); `lp/years_blocks.py` makes the same rows as arrays for the solver, in
the same order, and a test compares the two. The column layout (`YearColumns`) is arithmetic, so
no Python object is made per column on the way to the solver.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from optimiser.lp.data import Aux, Grade, Key, LpData, Row, Sense

WTE, RECRUITS, REMOVED, MOVED_IN, MOVED_OUT = "wte", "recruits", "removed", "moved in", "moved out"
KINDS = (WTE, RECRUITS, REMOVED, MOVED_IN, MOVED_OUT)
WORST = Aux("coverage ratio", "worst year")
"""max-coverage: the share of the weighted caseload covered at the cap in the worst year."""
ADDED, CUT = "posts added", "posts removed"
"""Each locality's establishment change year on year (all grades together), for the tie-break."""


@dataclass(frozen=True)
class YearVar:
    """One decision variable: WTE (or a flow) of a grade in a locality in a year."""

    kind: str
    locality: str
    grade: str
    year: str


def year_theta(year: str) -> Aux:
    """max-coverage: the share of every locality's weighted caseload covered in one year."""
    return Aux("coverage ratio", year)


def up_to_cap(year: str) -> Aux:
    """max-coverage stage two: a year's coverage, counted only up to the cap."""
    return Aux("coverage up to the cap", year)


def added(locality: str, year: str) -> Aux:
    """WTE a locality's establishment grows by in a year (all grades together)."""
    return Aux(ADDED, f"{locality},{year}")


def removed(locality: str, year: str) -> Aux:
    """WTE a locality's establishment shrinks by in a year (all grades together)."""
    return Aux(CUT, f"{locality},{year}")


@dataclass(frozen=True)
class YearRow(Row):
    """A row that belongs to one year (empty for rows over the whole horizon)."""

    year: str = ""


@dataclass(frozen=True)
class YearsData:
    """Everything the multi-year formulation needs, validated and weighted."""

    base: LpData
    """Grades, cap, floors, ceilings, skill mix and the keep-in-post share, as for one year."""
    years: tuple[str, ...]
    weighted: Mapping[str, Mapping[str, float]]
    """Weighted caseload by year, then locality."""
    start: Mapping[tuple[str, str], float]
    """WTE in post by (locality, grade) when the horizon begins."""
    budgets: tuple[float | None, ...]
    """Each year's budget in pounds (for the first year, what the part-year cost may be)."""
    leaver_rate: float = 0.0
    max_recruits_per_year: float | None = None
    max_recruits_per_locality: float | None = None
    moves: bool = True
    first_year_share: float = 1.0
    """Share of the first year its changes are in force; later years' changes are in force all year."""
    recruitment_cost: float = 0.0
    removal_cost: float = 0.0
    high_risk: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """High-risk weighted caseload by year, then locality (models with a high-risk limit)."""

    @property
    def localities(self) -> tuple[str, ...]:
        return self.base.localities

    @property
    def grades(self) -> tuple[Grade, ...]:
        return self.base.grades

    @property
    def kept(self) -> float:
        """Share of the staff in post at the start of a year still in post at its end, before any change."""
        return 1.0 - self.leaver_rate

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of variable the horizon has: WTE and flows (moves only when they are on)."""
        return KINDS if self.moves else KINDS[:3]

    def share(self, index: int) -> float:
        """Share of year `index` its own changes are in force (the part-year effect)."""
        return self.first_year_share if index == 0 else 1.0

    def shares(self) -> np.ndarray:
        return np.array([self.share(i) for i in range(len(self.years))])

    def today_cost(self) -> float:
        """What the WTE in post cost a year when the horizon begins."""
        return sum(
            g.cost_per_wte * self.start.get((loc, g.name), 0.0)
            for loc in self.localities
            for g in self.grades
        )

    def weighted_array(self) -> np.ndarray:
        """Weighted caseload as [year, locality]."""
        return np.array([[self.weighted[y][loc] for loc in self.localities] for y in self.years], dtype=float)

    def wte_terms(self, locality: str, year: str, coef: float = 1.0) -> tuple[tuple[Key, float], ...]:
        return tuple((YearVar(WTE, locality, g.name, year), coef) for g in self.grades)

    def flow_terms(self, kind: str, year: str, locality: str | None = None) -> tuple[tuple[Key, float], ...]:
        places = self.localities if locality is None else (locality,)
        return tuple((YearVar(kind, loc, g.name, year), 1.0) for loc in places for g in self.grades)

    def full_cost_terms(self, year: str, scale: float = 1.0) -> tuple[tuple[Key, float], ...]:
        """A year's establishment at full-year cost."""
        return tuple(
            (YearVar(WTE, loc, g.name, year), g.cost_per_wte * scale)
            for loc in self.localities
            for g in self.grades
        )

    def subject(self, locality: str, grade: str, year: str) -> str:
        """A locality-grade-year row's subject (the grade left out with one grade)."""
        return f"{locality},{grade},{year}" if len(self.grades) > 1 else f"{locality},{year}"


def start_array(d: YearsData) -> np.ndarray:
    """WTE in post when the horizon begins, [locality, grade]."""
    return np.array(
        [[d.start.get((loc, g.name), 0.0) for g in d.grades] for loc in d.localities], dtype=float
    )


class YearColumns:
    """The column layout: WTE and flows as one block indexed [kind, year, locality, grade] (kinds as
    `YearsData.kinds`), then with several grades each locality-year's posts added and removed
    ([2, year, locality]), then single auxiliaries (the coverage ratios, the holds' elastic terms).
    Columns are found by arithmetic; keys (for the PuLP route, explanations) are made on demand."""

    def __init__(self, d: YearsData, change: bool = False, aux: tuple[Aux, ...] = ()) -> None:
        self.d = d
        self.kinds = d.kinds
        self.shape = (len(self.kinds), len(d.years), len(d.localities), len(d.grades))
        self.stock = int(np.prod(self.shape))
        self.change_at = self.stock if change else None
        at = self.stock + (2 * len(d.years) * len(d.localities) if change else 0)
        self.aux = {key: at + i for i, key in enumerate(aux)}
        self.size = at + len(aux)
        self._places = {name: i for i, name in enumerate(d.localities)}
        self._grades = {g.name: i for i, g in enumerate(d.grades)}
        self._years = {y: i for i, y in enumerate(d.years)}

    def __len__(self) -> int:
        return self.size

    def grid(self, kind: str) -> np.ndarray:
        """The columns of one kind, [year, locality, grade]."""
        k = self.kinds.index(kind)
        span = int(np.prod(self.shape[1:]))
        return np.arange(k * span, (k + 1) * span).reshape(self.shape[1:])

    def change(self, which: str) -> np.ndarray:
        """The posts added (ADDED) or removed (CUT) columns, [year, locality]."""
        assert self.change_at is not None, "the layout has no establishment change columns"
        span = self.shape[1] * self.shape[2]
        start = self.change_at + (0 if which == ADDED else span)
        return np.arange(start, start + span).reshape(self.shape[1:3])

    def index(self, key: Key) -> int:
        if isinstance(key, YearVar):
            grid = self.grid(key.kind)
            return int(grid[self._years[key.year], self._places[key.locality], self._grades[key.grade]])
        if key in self.aux:
            return self.aux[key]  # type: ignore[index]
        return self._change_index[key]  # type: ignore[index]

    @cached_property
    def _change_index(self) -> dict[Key, int]:
        if self.change_at is None:
            return {}
        d = self.d
        found: dict[Key, int] = {}
        for which, make in ((ADDED, added), (CUT, removed)):
            columns = self.change(which)
            for y, year in enumerate(d.years):
                for i, loc in enumerate(d.localities):
                    found[make(loc, year)] = int(columns[y, i])
        return found

    @cached_property
    def keys(self) -> list[Key]:
        d = self.d
        keys: list[Key] = [
            YearVar(k, loc, g.name, y)
            for k in self.kinds
            for y in d.years
            for loc in d.localities
            for g in d.grades
        ]
        if self.change_at is not None:
            keys += [make(loc, y) for make in (added, removed) for y in d.years for loc in d.localities]
        return keys + list(self.aux)

    def values(self, x: np.ndarray) -> "ColumnValues":
        return ColumnValues(self, x)


class ColumnValues(Mapping[Key, float]):
    """A solution's values by key, read from its array on demand (no dictionary of every column)."""

    def __init__(self, columns: YearColumns, x: np.ndarray) -> None:
        self.columns, self.x = columns, x

    def __getitem__(self, key: Key) -> float:
        try:
            return float(self.x[self.columns.index(key)])
        except (KeyError, ValueError) as exc:
            raise KeyError(key) from exc

    def __iter__(self) -> Iterator[Key]:
        return iter(self.columns.keys)

    def __len__(self) -> int:
        return len(self.columns)


def flows(d: YearsData, values: Mapping[Key, float] | np.ndarray) -> np.ndarray:
    """A solution's WTE and flows as one array, indexed [kind (KINDS), year, locality, grade]; 0 where
    the solution has no such variable (moves when they are off). An array already laid out so is
    handed back as it is (the tables, the sums and the check read one)."""
    if isinstance(values, np.ndarray):
        return values
    if isinstance(values, ColumnValues):
        laid = np.zeros((len(KINDS), *values.columns.shape[1:]))
        laid[: len(values.columns.kinds)] = values.x[: values.columns.stock].reshape(values.columns.shape)
        return laid
    keys = (
        YearVar(k, loc, g.name, y) for k in KINDS for y in d.years for loc in d.localities for g in d.grades
    )
    shape = (len(KINDS), len(d.years), len(d.localities), len(d.grades))
    return np.fromiter(
        (values.get(key, 0.0) for key in keys), dtype=float, count=int(np.prod(shape))
    ).reshape(shape)


def _cells(d: YearsData) -> Iterator[tuple[int, str, str, Grade]]:
    """Every (year index, year, locality, grade), year by year, locality by locality: the order of
    every locality-grade-year family's rows."""
    for i, year in enumerate(d.years):
        for loc in d.localities:
            for g in d.grades:
                yield i, year, loc, g


def _places(d: YearsData) -> Iterator[tuple[int, str, str]]:
    """Every (year index, year, locality): the order of every locality-year family's rows."""
    for i, year in enumerate(d.years):
        for loc in d.localities:
            yield i, year, loc


def define_stock(d: YearsData) -> Iterator[Row]:
    """In post = (1 - leaver rate) x in post at the start + recruits - removed + moved in - moved out."""
    kept = d.kept
    for i, year, loc, g in _cells(d):
        terms: list[tuple[Key, float]] = [(YearVar(WTE, loc, g.name, year), 1.0)]
        if i > 0:
            terms.append((YearVar(WTE, loc, g.name, d.years[i - 1]), -kept))
        terms += [(YearVar(RECRUITS, loc, g.name, year), -1.0), (YearVar(REMOVED, loc, g.name, year), 1.0)]
        if d.moves:
            terms += [
                (YearVar(MOVED_IN, loc, g.name, year), -1.0),
                (YearVar(MOVED_OUT, loc, g.name, year), 1.0),
            ]
        yield YearRow(
            "stock",
            d.subject(loc, g.name, year),
            tuple(terms),
            Sense.EQUAL,
            kept * d.start.get((loc, g.name), 0.0) if i == 0 else 0.0,
            f"{loc} {year}: in post = {kept:.0%} of the start of year's (leavers at {d.leaver_rate:.0%}) "
            "+ recruits - removed + moved in - moved out",
            limit=False,
            year=year,
        )


def define_moves(d: YearsData) -> Iterator[Row]:
    """Staff moved out of localities are the staff moved into others, grade by grade and year by year."""
    if not d.moves:
        return
    for year in d.years:
        for g in d.grades:
            terms = tuple(
                (YearVar(kind, loc, g.name, year), sign)
                for loc in d.localities
                for kind, sign in ((MOVED_IN, 1.0), (MOVED_OUT, -1.0))
            )
            subject = f"{g.name},{year}" if len(d.grades) > 1 else year
            meaning = f"{year}: WTE moved in = WTE moved out"
            yield YearRow("moves", subject, terms, Sense.EQUAL, 0.0, meaning, limit=False, year=year)


def define_moves_out(d: YearsData) -> Iterator[Row]:
    """A locality moves out at most the staff it has after leavers, grade by grade: staff moved are
    staff already in post, never that year's recruits, so one locality's recruits are never booked
    against another's recruitment limit."""
    if not d.moves:
        return
    kept = d.kept
    for i, year, loc, g in _cells(d):
        out: tuple[Key, float] = (YearVar(MOVED_OUT, loc, g.name, year), 1.0)
        if i == 0:
            terms, rhs = (out,), kept * d.start.get((loc, g.name), 0.0)
        else:
            terms, rhs = (out, (YearVar(WTE, loc, g.name, d.years[i - 1]), -kept)), 0.0
        yield YearRow(
            "moves out",
            d.subject(loc, g.name, year),
            terms,
            Sense.AT_MOST,
            rhs,
            f"{loc} {year}: WTE moved out at most the {kept:.0%} of the start of year's in post "
            "who stay (no recruit is moved on)",
            limit=False,
            year=year,
        )


def _change_rows(d: YearsData, key: Callable[[str, str], Aux], sign: float) -> Iterator[Row]:
    for i, year, loc in _places(d):
        now = d.wte_terms(loc, year)
        if i == 0:
            before: tuple[tuple[Key, float], ...] = ()
            today = sum(d.start.get((loc, g.name), 0.0) for g in d.grades)
        else:
            before, today = d.wte_terms(loc, d.years[i - 1]), 0.0
        column = key(loc, year)
        terms = ((column, 1.0), *((k, sign * c) for k, c in now), *((k, -sign * c) for k, c in before))
        meaning = f"{loc} {year}: {column.kind} at least the change in its establishment"
        yield YearRow(column.kind, column.subject, terms, Sense.AT_LEAST, sign * today, meaning, False, year)


def define_posts_added(d: YearsData) -> Iterator[Row]:
    """posts added >= establishment - the year before's (the first year: today's in post), per
    locality and year, all grades together: the change `plan`'s tie-break counts, year on year."""
    return _change_rows(d, added, -1.0)


def define_posts_removed(d: YearsData) -> Iterator[Row]:
    """posts removed >= the year before's establishment - this year's, per locality and year."""
    return _change_rows(d, removed, 1.0)


def define_cap_cover(d: YearsData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= weighted caseload, in every locality and year."""
    b = d.base
    for _, year, loc in _places(d):
        weighted = d.weighted[year][loc]
        yield YearRow(
            "cap cover",
            f"{loc},{year}",
            tuple((YearVar(WTE, loc, g.name, year), b.cap * g.capacity) for g in d.grades),
            Sense.AT_LEAST,
            weighted,
            f"{loc} {year}: {b.cap:g} {b.case_unit} per WTE x planned WTE must cover "
            f"{weighted:,.1f} weighted {b.case_unit}",
            year=year,
        )


def define_coverage(d: YearsData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= theta(year) x weighted caseload, where there is a caseload.

    Scaled by the caseload, as in `objectives.define_coverage`, so the slack reads as a share of theta.
    """
    b = d.base
    for _, year, loc in _places(d):
        weighted = d.weighted[year][loc]
        if weighted <= 0:
            continue
        terms = tuple((YearVar(WTE, loc, g.name, year), b.cap * g.capacity / weighted) for g in d.grades)
        yield YearRow(
            "coverage",
            f"{loc},{year}",
            (*terms, (year_theta(year), -1.0)),
            Sense.AT_LEAST,
            0.0,
            f"{loc} {year}: planned WTE must cover the year's share (theta) of its {weighted:,.1f} "
            f"weighted {b.case_unit} at {b.cap:g} per WTE",
            year=year,
        )


def define_worst_year(d: YearsData) -> Iterator[Row]:
    """theta(year) >= the worst year's, every year."""
    for year in d.years:
        terms = ((year_theta(year), 1.0), (WORST, -1.0))
        meaning = f"{year}: covers at least the worst year's share"
        yield YearRow("worst year", year, terms, Sense.AT_LEAST, 0.0, meaning, limit=False, year=year)


def define_year_coverage(d: YearsData) -> Iterator[Row]:
    """max-coverage stage two: a year's counted coverage is at most its coverage."""
    for year in d.years:
        terms = ((up_to_cap(year), 1.0), (year_theta(year), -1.0))
        meaning = f"{year}: counted coverage at most the year's coverage"
        yield YearRow("year coverage", year, terms, Sense.AT_MOST, 0.0, meaning, limit=False, year=year)


def define_to_the_cap(d: YearsData) -> Iterator[Row]:
    """max-coverage stage two: each year's coverage counts up to the cap (1), no credit beyond it."""
    for year in d.years:
        meaning = f"{year}: coverage counts only up to the cap"
        yield YearRow("to the cap", year, ((up_to_cap(year), 1.0),), Sense.AT_MOST, 1.0, meaning, False, year)


def define_floors(d: YearsData) -> Iterator[Row]:
    """A locality's floor holds in every year."""
    floors = d.base.floors
    for _, year, loc in _places(d):
        if loc in floors:
            meaning = f"{loc} {year}: at least {floors[loc]:g} WTE (floor)"
            yield YearRow(
                "floor",
                f"{loc},{year}",
                d.wte_terms(loc, year),
                Sense.AT_LEAST,
                floors[loc],
                meaning,
                year=year,
            )


def define_ceilings(d: YearsData) -> Iterator[Row]:
    """A locality's ceiling holds in every year."""
    ceilings = d.base.ceilings
    for _, year, loc in _places(d):
        if loc in ceilings:
            meaning = f"{loc} {year}: at most {ceilings[loc]:g} WTE (ceiling)"
            terms = d.wte_terms(loc, year)
            yield YearRow("ceiling", f"{loc},{year}", terms, Sense.AT_MOST, ceilings[loc], meaning, year=year)


def define_keep_in_post(d: YearsData) -> Iterator[Row]:
    """Each year, a locality keeps at least the set share of the WTE in post at the year's start."""
    share = d.base.keep_share
    if share is None:
        return
    family = "no cuts" if share >= 1 else "keep in post"
    for i, year, loc in _places(d):
        if i == 0:
            start = sum(d.start.get((loc, g.name), 0.0) for g in d.grades)
            terms, rhs = d.wte_terms(loc, year), share * start
        else:
            terms, rhs = (*d.wte_terms(loc, year), *d.wte_terms(loc, d.years[i - 1], -share)), 0.0
        yield YearRow(
            family,
            f"{loc},{year}",
            terms,
            Sense.AT_LEAST,
            rhs,
            f"{loc} {year}: at least {share:.0%} of the WTE in post at the start of the year ({family})",
            year=year,
        )


def define_budget(d: YearsData) -> Iterator[Row]:
    """Each year's cost within its budget; the first year pays its in-post cost until changes take effect."""
    today = d.today_cost()
    for i, (year, budget) in enumerate(zip(d.years, d.budgets, strict=True)):
        if budget is None:
            continue
        share = d.share(i)
        before = (1 - share) * today
        yield YearRow(
            "budget",
            year,
            d.full_cost_terms(year, share),
            Sense.AT_MOST,
            budget - before,
            f"{year}: cost in the year at most £{budget:,.0f} (budget)"
            + (f", £{before:,.0f} of it spent before the changes take effect" if before else ""),
            year=year,
        )


def define_recruitment_total(d: YearsData) -> Iterator[Row]:
    """Recruits a year within the training pipeline, across the service."""
    if d.max_recruits_per_year is None:
        return
    for year in d.years:
        yield YearRow(
            "recruitment",
            f"total,{year}",
            d.flow_terms(RECRUITS, year),
            Sense.AT_MOST,
            d.max_recruits_per_year,
            f"{year}: at most {d.max_recruits_per_year:g} WTE recruited across all localities",
            year=year,
        )


def define_recruitment_per_locality(d: YearsData) -> Iterator[Row]:
    """Recruits a year within the training pipeline, per locality."""
    limit = d.max_recruits_per_locality
    if limit is None:
        return
    for _, year, loc in _places(d):
        meaning = f"{loc} {year}: at most {limit:g} WTE recruited"
        terms = d.flow_terms(RECRUITS, year, loc)
        yield YearRow("recruitment", f"{loc},{year}", terms, Sense.AT_MOST, limit, meaning, year=year)


def define_min_share(d: YearsData) -> Iterator[Row]:
    """The main grade's minimum share of each locality's planned WTE, in every year."""
    b = d.base
    if b.min_main_share is None:
        return
    main = b.grades[0]
    for _, year, loc in _places(d):
        yield YearRow(
            "min share",
            f"{loc},{year}",
            tuple(
                (YearVar(WTE, loc, g.name, year), (1.0 if g is main else 0.0) - b.min_main_share)
                for g in d.grades
            ),
            Sense.AT_LEAST,
            0.0,
            f"{loc} {year}: at least {b.min_main_share:.0%} of planned WTE must be {main.name}",
            year=year,
        )


def define_high_risk(d: YearsData) -> Iterator[Row]:
    """The main grade holds the high-risk caseload, in every year."""
    b = d.base
    if b.high_risk_share is None:
        return
    main = b.grades[0]
    for _, year, loc in _places(d):
        need = d.high_risk.get(year, {}).get(loc, 0.0)
        yield YearRow(
            "high risk",
            f"{loc},{year}",
            ((YearVar(WTE, loc, main.name, year), b.high_risk_share * b.cap * main.capacity),),
            Sense.AT_LEAST,
            need,
            f"{loc} {year}: {main.name} WTE must hold the {need:,.1f} high-risk weighted {b.case_unit}",
            year=year,
        )


Family = Callable[[YearsData], Iterator[Row]]
LIMITS: tuple[Family, ...] = (
    define_floors,
    define_ceilings,
    define_keep_in_post,
    define_budget,
    define_recruitment_total,
    define_recruitment_per_locality,
    define_min_share,
    define_high_risk,
)
MIN_COST: tuple[Family, ...] = (define_stock, define_moves, define_cap_cover, *LIMITS, define_moves_out)
MAX_COVERAGE: tuple[Family, ...] = (
    define_stock,
    define_moves,
    define_coverage,
    define_worst_year,
    *LIMITS,
    define_moves_out,
)
UP_TO_CAP: tuple[Family, ...] = (define_year_coverage, define_to_the_cap)
"""max-coverage's second stage: each year's coverage counted up to the cap."""
CHANGE: tuple[Family, ...] = (define_posts_added, define_posts_removed)
"""With several grades: each locality's establishment change year on year, for the tie-break."""
COVER_FAMILIES = frozenset({"cap cover", "coverage"})
POUNDS = frozenset({"budget", "least cost"})
"""Families counted in pounds: divided by the main grade's cost per WTE inside the solver, so that
every row the solver holds is of the same order."""


def all_rows(d: YearsData, families: tuple[Family, ...]) -> list[Row]:
    return [row for family in families for row in family(d)]
