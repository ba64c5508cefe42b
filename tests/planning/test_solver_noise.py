"""The solver's tolerance is cleaned from a plan's WTE once, before rows and totals are formed
(planning/solver_noise), by the README's rule: a change within 1e-6 of the figures it is the
difference of is written as 0, and no figure moves by more than 1e-6 of itself. Checked on random
plans with noise put in by hand, against the rule written out here."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from optimiser.planning.solver_noise import clean_staff, snapped

SNAP = 1e-6
NOISE = st.sampled_from([0.0, 1e-12, -1e-12, 4e-8, -4e-8, 5e-7, -5e-7, 3e-6, -3e-6, 0.05, -0.2])
"""A planned figure's offset from WTE in post, relative: exact, noise, and real changes."""


@st.composite
def plans(draw):
    n, g = draw(st.integers(1, 8)), draw(st.integers(1, 3))
    in_post = np.array([draw(st.one_of(st.just(0.0), st.floats(0.01, 50))) for _ in range(n)])
    mix = np.array([[draw(st.floats(0, 1)) for _ in range(g)] for _ in range(n)])
    mix[:, 0] += 1e-3  # some of the main grade in every locality
    mix /= mix.sum(axis=1, keepdims=True)
    wte = in_post * (1 + np.array([draw(NOISE) for _ in range(n)]))
    wte = np.where(in_post == 0, [draw(st.sampled_from([0.0, 1e-8, 2.0])) for _ in range(n)], wte)
    costs = np.array([draw(st.floats(10_000, 60_000)) for _ in range(g)])
    staff = wte[:, None] * mix
    today = in_post * costs[0] if draw(st.booleans()) else (in_post[:, None] * mix * costs).sum(axis=1)
    return staff, in_post, costs, today


def _moved_within_tolerance(before: np.ndarray, after: np.ndarray) -> bool:
    """Every grade of every locality moves by at most 1e-6 of the locality's WTE (binary noise aside)."""
    scale = np.maximum(before.sum(axis=1), after.sum(axis=1))[:, None]
    return bool(np.all(np.abs(after - before) <= SNAP * scale * (1 + 1e-9) + 1e-15))


@settings(max_examples=300, deadline=None)
@given(plans())
@example(  # two localities 3e-6 of themselves off (the boundary of "changed"), the total 6e-7 off
    (
        np.array([[0.0], [0.0], [2.000006], [0.0], [2.999991]]),
        np.array([0.0, 0.0, 2.0, 0.0, 3.0]),
        np.array([10_000.0]),
        np.array([0.0, 0.0, 20_000.0, 0.0, 30_000.0]),
    )
)
@example(  # one locality 3e-6 down over two grades, one 3e-6 up: both on the boundary of "changed"
    (
        np.array([[29.5 * (1 - 3e-6) * 0.5002, 29.5 * (1 - 3e-6) * 0.4998], [20 * (1 + 3e-6), 0.0]]),
        np.array([29.5, 20.0]),
        np.array([10_000.0, 10_000.0]),
        np.array([295_000.0, 200_000.0]),
    )
)
def test_cleaning_holds_near_figures_and_moves_nothing_further_than_the_tolerance(plan):
    staff, in_post, costs, today = plan
    clean = clean_staff(staff, in_post, costs, today)
    assert clean.shape == staff.shape and np.all(clean >= 0)
    assert _moved_within_tolerance(staff, clean)
    wte = clean.sum(axis=1)
    near = np.abs(wte - in_post) <= SNAP * np.maximum(wte, in_post)
    # the localities that take up a total's gap: those that changed by more than 3 x the tolerance
    # of themselves in WTE and in cost (a smaller change could come within the tolerance by moving)
    before_wte, before_cost = staff.sum(axis=1), staff @ costs
    changed = (np.abs(before_wte - in_post) > 3 * SNAP * np.maximum(before_wte, in_post)) & (
        np.abs(before_cost - today) > 3 * SNAP * np.maximum(before_cost, today)
    )
    # a locality within the tolerance of its WTE in post is at it, to binary noise
    np.testing.assert_allclose(wte[near], in_post[near], rtol=1e-14, atol=0)
    # the total: within the tolerance of today's and absorbable by the localities that changed
    # (each moving at most 1e-6 of itself), it is today's; otherwise it is not moved further
    gap = wte.sum() - in_post.sum()
    room = before_wte[changed & (before_wte > 0)].sum()
    within = abs(gap) <= SNAP * max(wte.sum(), in_post.sum()) * 0.999
    if within and abs(gap) <= SNAP * room * 0.999:
        assert abs(gap) <= 1e-12 * max(1.0, in_post.sum())
    # cleaning twice changes nothing more than binary noise: it found every figure there is to clean
    np.testing.assert_allclose(clean_staff(clean, in_post, costs, today), clean, rtol=1e-12, atol=1e-15)


def test_a_load_formed_from_cleaned_wte_is_the_load_planned():
    """England's floor of 3 per 1,000 plans caseload / 333.33 WTE: the load formed back from the
    cleaned WTE is 333.33 as written to 9 places, for every caseload (rounding the WTE to 12
    significant figures, once tried in cleaning, wrote 333.329999999 for some)."""
    caseloads = np.arange(1_000.0, 60_000.0, 7.0)
    staff = (caseloads / 333.33)[:, None]
    clean = clean_staff(
        staff, np.ones(len(caseloads)), np.array([38_323.0]), np.full(len(caseloads), 38_323.0)
    )
    loads = [round(c / x, 9) for c, x in zip(caseloads.tolist(), clean[:, 0].tolist(), strict=True)]
    assert set(loads) == {333.33}


def test_a_total_within_the_tolerance_is_taken_up_by_the_localities_that_changed():
    """The 0% budget of the 8% cut example, in small: two localities move +1.5 and -1.5 WTE, and
    the solver leaves the total 1e-7 short of today's 20 WTE. Each moves by 1e-7 / 20 of itself
    and the total is today's; the one that held its in post is untouched."""
    in_post = np.array([10.0, 10.0, 5.0])
    staff = np.array([[11.5], [8.5 - 1e-7], [5.0]])
    clean = clean_staff(staff, in_post, np.array([40_000.0]), in_post * 40_000)
    assert clean.sum() == pytest.approx(25.0, abs=1e-13)
    assert clean[2, 0] == 5.0
    moved = np.array([11.5, 8.5 - 1e-7])
    np.testing.assert_allclose(clean[:2, 0], moved * (1 + 1e-7 / moved.sum()), rtol=1e-12)


def test_a_tiny_locality_is_not_wiped_out_to_tidy_a_total():
    """A locality planning 5e-8 WTE (a caseload of 1e-6 at a cap of 20) is all of the change: moving
    it to make the total today's would move it by all of itself, so the total keeps it."""
    clean = clean_staff(
        np.array([[1.0], [5e-8]]), np.array([1.0, 0.0]), np.array([1e4]), np.array([1e4, 0.0])
    )
    np.testing.assert_array_equal(clean, [[1.0], [5e-8]])


def test_several_grades_keep_their_mix_and_today_s_cost_is_held_where_wte_is_not():
    """Two grades: a locality 3e-7 off its WTE in post is held at it with its mix unchanged; one whose
    WTE changed (more juniors) but whose cost is within 1e-6 of today's is held at today's cost."""
    costs = np.array([40_000.0, 24_000.0])
    in_post = np.array([10.0, 10.0])
    staff = np.array([[7.0 * (1 + 3e-7), 3.0 * (1 + 3e-7)], [6.0, 20.0 / 3 * (1 - 2e-7)]])
    today = np.array([10 * 40_000.0, 6.0 * 40_000 + 20.0 / 3 * 24_000])
    clean = clean_staff(staff, in_post, costs, today)
    assert clean[0].sum() == pytest.approx(10.0, rel=1e-15)
    assert clean[0, 0] / clean[0, 1] == pytest.approx(7.0 / 3.0, rel=1e-14)
    assert clean[1] @ costs == pytest.approx(today[1], rel=1e-15)


def test_what_is_not_known_is_left_alone():
    staff = np.array([[3.0000001], [2.0]])
    clean = clean_staff(staff, np.array([np.nan, 2.0]), np.array([1.0]), np.array([np.nan, 2.0]))
    np.testing.assert_array_equal(clean, staff)


@pytest.mark.parametrize(
    ("change", "of", "expected"),
    [(1e-7, (75.0, 75.0000001), 0.0), (-7.5e-6, (75.17,), 0.0), (1e-4, (75.0,), 1e-4), (0.3, (0.0,), 0.3)],
)
def test_a_change_with_no_rows_is_0_within_the_tolerance(change, of, expected):
    assert snapped(change, *of) == expected


def test_a_locality_changed_by_little_is_not_moved_into_the_tolerance():
    """A is 1.2e-6 over its 10 WTE in post (a change, just); the total is 1.7e-5 over today's 30,
    within 1e-6 of it. Moving A down with the others could bring it within the tolerance, where it
    would read 0 having moved: only localities that changed by more than 3e-6 of themselves take
    the total up, so A keeps its change and B and C move."""
    in_post = np.array([10.0, 10.0, 10.0])
    staff = np.array([[10 * (1 + 1.2e-6)], [7.0], [13.0 + 5e-6]])
    clean = clean_staff(staff, in_post, np.array([1.0]), in_post)
    assert clean[0, 0] == staff[0, 0]
    assert clean.sum() == pytest.approx(30.0, abs=1e-13)
    assert _moved_within_tolerance(staff, clean)
