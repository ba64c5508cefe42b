"""The establishment over several years: stock and flow linking each year's WTE to the last.

In post at the end of a year = in post at its start - leavers + recruits - removed - moved out
+ moved in, per locality, grade and year. Leavers are data, not decisions: a fixed share (the
leaver rate) of those in post at the start of the year, because a service cannot choose who
leaves; were they decisions with a floor, the LP could "lose" staff beyond the rate for free
instead of paying to remove posts. Every family is a generator of labelled rows, as in
`families.py`, used both to build the LP and to check the plan.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from optimiser.lp.data import Aux, Grade, Key, LpData, Row, Sense

WTE, RECRUITS, REMOVED, MOVED_IN, MOVED_OUT = "wte", "recruits", "removed", "moved in", "moved out"
WORST = Aux("coverage ratio", "worst year")
"""max-coverage: the share of the weighted caseload covered at the cap in the worst year."""


@dataclass(frozen=True)
class YearVar:
    """One decision variable: WTE (or a flow) of a grade in a locality in a year."""

    kind: str
    locality: str
    grade: str
    year: str


KINDS = (WTE, RECRUITS, REMOVED, MOVED_IN, MOVED_OUT)


def flows(d: "YearsData", values: Mapping[Key, float] | np.ndarray) -> np.ndarray:
    """A solution's WTE and flows as one array, indexed [kind (KINDS), year, locality, grade]; 0 where
    the solution has no such variable (moves when they are off). An array already laid out so is
    handed back as it is (the tables, the sums and the check read one)."""
    if isinstance(values, np.ndarray):
        return values
    keys = (
        YearVar(k, loc, g.name, y) for k in KINDS for y in d.years for loc in d.localities for g in d.grades
    )
    shape = (len(KINDS), len(d.years), len(d.localities), len(d.grades))
    return np.fromiter(
        (values.get(key, 0.0) for key in keys), dtype=float, count=int(np.prod(shape))
    ).reshape(shape)


def start_array(d: "YearsData") -> np.ndarray:
    """WTE in post when the horizon begins, [locality, grade]."""
    return np.array(
        [[d.start.get((loc, g.name), 0.0) for g in d.grades] for loc in d.localities], dtype=float
    )


@dataclass(frozen=True)
class YearRow(Row):
    """A row that belongs to one year (empty for rows over the whole horizon)."""

    year: str = ""


def year_theta(year: str) -> Aux:
    """max-coverage: the share of every locality's weighted caseload covered in one year."""
    return Aux("coverage ratio", year)


def up_to_cap(year: str) -> Aux:
    """max-coverage stage two: a year's coverage, counted only up to the cap."""
    return Aux("coverage up to the cap", year)


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

    def share(self, index: int) -> float:
        """Share of year `index` its own changes are in force (the part-year effect)."""
        return self.first_year_share if index == 0 else 1.0

    def today_cost(self) -> float:
        """What the WTE in post cost a year when the horizon begins."""
        return sum(
            g.cost_per_wte * self.start.get((loc, g.name), 0.0)
            for loc in self.localities
            for g in self.grades
        )

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

    def cost_terms(self) -> tuple[tuple[Key, float], ...]:
        """Cost over the horizon: each year's establishment as charged in that year, plus one-off costs.

        The first year's in-post cost before its changes take effect is a constant, left out.
        """
        terms: list[tuple[Key, float]] = []
        for i, year in enumerate(self.years):
            terms += self.full_cost_terms(year, self.share(i))
            if self.recruitment_cost > 0:
                terms += [(k, self.recruitment_cost) for k, _ in self.flow_terms(RECRUITS, year)]
            if self.removal_cost > 0:
                terms += [(k, self.removal_cost) for k, _ in self.flow_terms(REMOVED, year)]
        return tuple(terms)

    def change_terms(self) -> tuple[tuple[Key, float], ...]:
        """Every WTE recruited, removed or moved (a move counted once): what the tie-break keeps least."""
        kinds = (RECRUITS, REMOVED, *((MOVED_IN,) if self.moves else ()))
        return tuple(t for year in self.years for kind in kinds for t in self.flow_terms(kind, year))


def _equal(family: str, subject: str, year: str, terms: tuple, rhs: float, meaning: str) -> Iterator[Row]:
    """An identity: one equality row, `family[subject]`."""
    yield YearRow(family, subject, terms, Sense.EQUAL, rhs, meaning, limit=False, year=year)


def define_stock(d: YearsData) -> Iterator[Row]:
    """In post = (1 - leaver rate) x in post at the start + recruits - removed + moved in - moved out."""
    kept = 1.0 - d.leaver_rate
    for i, year in enumerate(d.years):
        for loc in d.localities:
            for g in d.grades:
                terms: list[tuple[Key, float]] = [(YearVar(WTE, loc, g.name, year), 1.0)]
                if i > 0:
                    terms.append((YearVar(WTE, loc, g.name, d.years[i - 1]), -kept))
                terms += [
                    (YearVar(RECRUITS, loc, g.name, year), -1.0),
                    (YearVar(REMOVED, loc, g.name, year), 1.0),
                ]
                if d.moves:
                    terms += [
                        (YearVar(MOVED_IN, loc, g.name, year), -1.0),
                        (YearVar(MOVED_OUT, loc, g.name, year), 1.0),
                    ]
                rhs = kept * d.start.get((loc, g.name), 0.0) if i == 0 else 0.0
                yield from _equal(
                    "stock",
                    f"{loc},{g.name},{year}" if len(d.grades) > 1 else f"{loc},{year}",
                    year,
                    tuple(terms),
                    rhs,
                    f"{loc} {year}: in post = {kept:.0%} of the start of year's "
                    f"(leavers at {d.leaver_rate:.0%}) "
                    "+ recruits - removed + moved in - moved out",
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
            yield from _equal("moves", subject, year, terms, 0.0, f"{year}: WTE moved in = WTE moved out")


def define_moves_out(d: YearsData) -> Iterator[Row]:
    """A locality moves out at most the staff it has after leavers, grade by grade: staff moved are
    staff already in post, never that year's recruits, so one locality's recruits are never booked
    against another's recruitment limit."""
    if not d.moves:
        return
    kept = 1.0 - d.leaver_rate
    for i, year in enumerate(d.years):
        for loc in d.localities:
            for g in d.grades:
                out: tuple[Key, float] = (YearVar(MOVED_OUT, loc, g.name, year), 1.0)
                if i == 0:
                    terms, rhs = (out,), kept * d.start.get((loc, g.name), 0.0)
                else:
                    terms, rhs = (out, (YearVar(WTE, loc, g.name, d.years[i - 1]), -kept)), 0.0
                yield YearRow(
                    "moves out",
                    f"{loc},{g.name},{year}" if len(d.grades) > 1 else f"{loc},{year}",
                    terms,
                    Sense.AT_MOST,
                    rhs,
                    f"{loc} {year}: WTE moved out at most the {kept:.0%} of the start of year's in post "
                    "who stay (no recruit is moved on)",
                    limit=False,
                    year=year,
                )


def added(locality: str, year: str) -> Aux:
    """WTE a locality's establishment grows by in a year (all grades together)."""
    return Aux("posts added", f"{locality},{year}")


def removed(locality: str, year: str) -> Aux:
    """WTE a locality's establishment shrinks by in a year (all grades together)."""
    return Aux("posts removed", f"{locality},{year}")


def define_establishment_change(d: YearsData) -> Iterator[Row]:
    """posts added >= establishment - the year before's, posts removed >= the year before's -
    establishment, per locality and year, all grades together (the first year against today's in
    post): the change `plan`'s tie-break counts, so that a one-year horizon breaks ties as `plan` does."""
    for i, year in enumerate(d.years):
        for loc in d.localities:
            now = d.wte_terms(loc, year)
            if i == 0:
                before: tuple[tuple[Key, float], ...] = ()
                today = sum(d.start.get((loc, g.name), 0.0) for g in d.grades)
            else:
                before, today = d.wte_terms(loc, d.years[i - 1], -1.0), 0.0
            for key, sign in ((added(loc, year), -1.0), (removed(loc, year), 1.0)):
                terms = (
                    (key, 1.0),
                    *((k, sign * c) for k, c in now),
                    *((k, -sign * c) for k, c in before),
                )
                yield YearRow(
                    key.kind,
                    key.subject,
                    terms,
                    Sense.AT_LEAST,
                    sign * today,
                    f"{loc} {year}: {key.kind} at least the change in its establishment",
                    limit=False,
                    year=year,
                )


def establishment_change_terms(d: YearsData) -> tuple[tuple[Key, float], ...]:
    """The total change of the establishment, locality by locality and year by year."""
    return tuple((k(loc, y), 1.0) for y in d.years for loc in d.localities for k in (added, removed))


def define_cap_cover(d: YearsData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= weighted caseload, in every locality and year."""
    b = d.base
    for year in d.years:
        for loc in d.localities:
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
    """cap x capacity-weighted WTE >= theta(year) x weighted caseload; theta(year) >= the worst year's.

    Scaled by the caseload, as in `objectives.define_coverage`, so the slack reads as a share of theta.
    """
    b = d.base
    for year in d.years:
        for loc in d.localities:
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
        yield YearRow(
            "worst year",
            year,
            ((year_theta(year), 1.0), (WORST, -1.0)),
            Sense.AT_LEAST,
            0.0,
            f"{year}: covers at least the worst year's share",
            limit=False,
            year=year,
        )


def define_up_to_cap(d: YearsData) -> Iterator[Row]:
    """max-coverage stage two: each year's coverage counted up to the cap (1), no credit beyond it."""
    for year in d.years:
        yield YearRow(
            "year coverage",
            year,
            ((up_to_cap(year), 1.0), (year_theta(year), -1.0)),
            Sense.AT_MOST,
            0.0,
            f"{year}: counted coverage at most the year's coverage",
            limit=False,
            year=year,
        )
        yield YearRow(
            "to the cap",
            year,
            ((up_to_cap(year), 1.0),),
            Sense.AT_MOST,
            1.0,
            f"{year}: coverage counts only up to the cap",
            limit=False,
            year=year,
        )


def define_floors_ceilings(d: YearsData) -> Iterator[Row]:
    """A locality's floor and ceiling hold in every year."""
    b = d.base
    for year in d.years:
        for loc in d.localities:
            if loc in b.floors:
                yield YearRow(
                    "floor",
                    f"{loc},{year}",
                    d.wte_terms(loc, year),
                    Sense.AT_LEAST,
                    b.floors[loc],
                    f"{loc} {year}: at least {b.floors[loc]:g} WTE (floor)",
                    year=year,
                )
            if loc in b.ceilings:
                yield YearRow(
                    "ceiling",
                    f"{loc},{year}",
                    d.wte_terms(loc, year),
                    Sense.AT_MOST,
                    b.ceilings[loc],
                    f"{loc} {year}: at most {b.ceilings[loc]:g} WTE (ceiling)",
                    year=year,
                )


def define_keep_in_post(d: YearsData) -> Iterator[Row]:
    """Each year, a locality keeps at least the set share of the WTE in post at the year's start."""
    share = d.base.keep_share
    if share is None:
        return
    family = "no cuts" if share >= 1 else "keep in post"
    for i, year in enumerate(d.years):
        for loc in d.localities:
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


def define_recruitment(d: YearsData) -> Iterator[Row]:
    """Recruits a year within the training pipeline: across the service and per locality."""
    for year in d.years:
        if d.max_recruits_per_year is not None:
            yield YearRow(
                "recruitment",
                f"total,{year}",
                d.flow_terms(RECRUITS, year),
                Sense.AT_MOST,
                d.max_recruits_per_year,
                f"{year}: at most {d.max_recruits_per_year:g} WTE recruited across all localities",
                year=year,
            )
        if d.max_recruits_per_locality is not None:
            for loc in d.localities:
                yield YearRow(
                    "recruitment",
                    f"{loc},{year}",
                    d.flow_terms(RECRUITS, year, loc),
                    Sense.AT_MOST,
                    d.max_recruits_per_locality,
                    f"{loc} {year}: at most {d.max_recruits_per_locality:g} WTE recruited",
                    year=year,
                )


def define_skill_mix(d: YearsData) -> Iterator[Row]:
    """The main grade's minimum share and the high-risk limit, in every year."""
    b = d.base
    main = b.grades[0]
    for year in d.years:
        for loc in d.localities:
            if b.min_main_share is not None:
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
            if b.high_risk_share is not None:
                need = d.high_risk.get(year, {}).get(loc, 0.0)
                yield YearRow(
                    "high risk",
                    f"{loc},{year}",
                    ((YearVar(WTE, loc, main.name, year), b.high_risk_share * b.cap * main.capacity),),
                    Sense.AT_LEAST,
                    need,
                    f"{loc} {year}: {main.name} WTE must hold the {need:,.1f} high-risk "
                    f"weighted {b.case_unit}",
                    year=year,
                )


Family = Callable[[YearsData], Iterator[Row]]
LIMITS: tuple[Family, ...] = (
    define_floors_ceilings,
    define_keep_in_post,
    define_budget,
    define_recruitment,
    define_skill_mix,
)
MIN_COST: tuple[Family, ...] = (define_stock, define_moves, define_cap_cover, *LIMITS, define_moves_out)
MAX_COVERAGE: tuple[Family, ...] = (define_stock, define_moves, define_coverage, *LIMITS, define_moves_out)
COVER_FAMILIES = frozenset({"cap cover", "coverage"})


def all_rows(d: YearsData, families: tuple[Family, ...]) -> list[Row]:
    return [row for family in families for row in family(d)]
