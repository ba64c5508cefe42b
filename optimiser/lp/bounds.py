"""Realistic bounds: no cuts, limits on recruitment, and each change split into posts added and removed.

Each family is a generator of labelled rows, like those in constraints.py, so the same rows
build the LP and check the plan. Families yield nothing when the scenario does not ask for them.
"""

from collections.abc import Callable, Iterator

from optimiser.lp.data import Aux, LpData, Row, Sense


def added(locality: str) -> Aux:
    """WTE recruited in a locality (at least planned minus in post)."""
    return Aux("posts added", locality)


def removed(locality: str) -> Aux:
    """WTE removed from a locality (at least in post minus planned)."""
    return Aux("posts removed", locality)


def define_keep_in_post(d: LpData) -> Iterator[Row]:
    """No locality below its WTE in post (no_cuts), or below a share of it (keep_share_of_in_post)."""
    if d.keep_share is None:
        return
    family = "no cuts" if d.keep_share >= 1 else "keep in post"
    for loc in d.localities:
        keep = d.keep_share * d.in_post[loc]
        yield Row(
            family,
            loc,
            d.wte_terms(loc),
            Sense.AT_LEAST,
            keep,
            f"{loc}: at least {keep:g} WTE, {d.keep_share:.0%} of the {d.in_post[loc]:g} in post ({family})",
        )


def define_recruitment_per_locality(d: LpData) -> Iterator[Row]:
    """planned - in post <= the most one locality may recruit."""
    if d.max_new_per_locality is not None:
        for loc in d.localities:
            yield Row(
                "recruitment",
                loc,
                d.wte_terms(loc),
                Sense.AT_MOST,
                d.in_post[loc] + d.max_new_per_locality,
                f"{loc}: at most {d.max_new_per_locality:g} WTE recruited, so at most "
                f"{d.in_post[loc] + d.max_new_per_locality:g} WTE (recruitment limit)",
            )


def change_rows(d: LpData) -> Iterator[Row]:
    """posts added >= planned - in post and posts removed >= in post - planned, per locality."""
    for loc in d.localities:
        yield Row(
            "posts added",
            loc,
            ((added(loc), 1.0), *((key, -1.0) for key, _ in d.wte_terms(loc))),
            Sense.AT_LEAST,
            -d.in_post[loc],
            f"{loc}: posts added count every WTE planned above the {d.in_post[loc]:g} in post",
            limit=False,
        )
        yield Row(
            "posts removed",
            loc,
            ((removed(loc), 1.0), *d.wte_terms(loc)),
            Sense.AT_LEAST,
            d.in_post[loc],
            f"{loc}: posts removed count every WTE planned below the {d.in_post[loc]:g} in post",
            limit=False,
        )


def define_change_split(d: LpData) -> Iterator[Row]:
    """The change split into posts added and removed, when something prices or limits them."""
    if d.splits_change:
        yield from change_rows(d)


def define_recruitment_total(d: LpData) -> Iterator[Row]:
    """The sum of posts added <= the most all localities may recruit together."""
    if d.max_new_total is not None:
        yield Row(
            "recruitment",
            "total",
            tuple((added(loc), 1.0) for loc in d.localities),
            Sense.AT_MOST,
            d.max_new_total,
            f"at most {d.max_new_total:g} WTE recruited across all localities (recruitment limit)",
        )


def one_off_terms(d: LpData) -> tuple[tuple[Aux, float], ...]:
    """One-off cost of recruiting and removing posts, as linear terms (empty when not priced)."""
    if not d.splits_change:
        return ()
    terms = [(added(loc), d.recruitment_cost) for loc in d.localities if d.recruitment_cost > 0]
    terms += [(removed(loc), d.removal_cost) for loc in d.localities if d.removal_cost > 0]
    return tuple(terms)


FAMILIES: tuple[Callable[[LpData], Iterator[Row]], ...] = (
    define_keep_in_post,
    define_recruitment_per_locality,
    define_change_split,
    define_recruitment_total,
)
