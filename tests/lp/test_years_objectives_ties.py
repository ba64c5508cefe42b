"""Ties over several years are settled by the formulation, not by the solver's path (issue 21, item 1).

With the establishment chosen, the flows follow a stated rule (lp/years_flows.py): as many WTE move as
can, each growing locality takes the same share of its growth as moves in and each falling one sends the
same share of its fall. The tests work the rule by hand, check it is the fewest flows on random
establishments (an independent bound), and plan tied cases with their localities in other orders and
the solver started other ways: the plan per locality must be the same in the JSON.
"""

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bench.years import write_case
from optimiser.lp import model as seam
from optimiser.lp.data import Grade, LpData
from optimiser.lp.years_flows import settle
from optimiser.lp.years_rows import KINDS, MOVED_IN, MOVED_OUT, RECRUITS, REMOVED, YearsData
from optimiser.planning.years_check import identity_problems
from optimiser.planning.years_pipeline import plan_years
from optimiser.render.years_tables import years_dict
from tests.conftest import ROOT

THREE_YEARS = ROOT / "examples" / "lcr-2010" / "three-years.yaml"


def _absolute(given: str, home: Path) -> str:
    """A path made absolute; a shipped model's name (no folder, no suffix) is found from anywhere."""
    return given if "/" not in given and "." not in given else str((home / given).resolve())


def _horizon(places: int, years: int, grades: int = 1, leavers: float = 0.1, moves: bool = True) -> YearsData:
    names = tuple(f"L{i}" for i in range(places))
    grade = tuple(Grade(f"g{j}", 40_000.0 - 5_000 * j) for j in range(grades))
    base = LpData(names, grade, dict.fromkeys(names, 1000.0), 400.0, {}, {}, None, "children")
    labels = tuple(f"Y{i}" for i in range(years))
    start = {(loc, g.name): 10.0 for loc in names for g in grade}
    weighted = {y: dict(base.weighted) for y in labels}
    return YearsData(base, labels, weighted, start, (None,) * years, leaver_rate=leavers, moves=moves)


def _flow(laid: np.ndarray, kind: str) -> np.ndarray:
    return laid[KINDS.index(kind)]


def test_the_rule_by_hand():
    """Three localities with 10 WTE each, 10% leaving (9 kept).
    Y0: 12, 8 and 7 WTE: A grows 3, B falls 1, C falls 2; all 3 move, to A, from B (1) and C (2).
    Y1: 12 x 0.9 = 10.8 kept in A, 7.2 in B, 6.3 in C; planned 10.8, 9.2 and 7.3: B grows 2, C grows 1,
    nobody falls: 3 recruited (2 and 1), nothing moves.
    Y2: 9.72, 8.28 and 6.57 kept; planned 6.72, 9.28 and 7.57: A falls 3; B and C grow 1 each. The 2 that
    can move both go from A (which sends 2/3 of its fall and removes the other 1); B and C each take in
    all their growth."""
    d = _horizon(3, 3)
    wte = np.array([[12.0, 8.0, 7.0], [10.8, 9.2, 7.3], [6.72, 9.28, 7.57]])[:, :, None]
    laid = settle(d, wte)
    expected = {
        RECRUITS: [[0, 0, 0], [0, 2, 1], [0, 0, 0]],
        REMOVED: [[0, 0, 0], [0, 0, 0], [1, 0, 0]],
        MOVED_IN: [[3, 0, 0], [0, 0, 0], [0, 1, 1]],
        MOVED_OUT: [[0, 1, 2], [0, 0, 0], [2, 0, 0]],
    }
    for kind, figures in expected.items():
        assert _flow(laid, kind)[:, :, 0] == pytest.approx(np.array(figures, dtype=float), abs=1e-12), kind
    assert identity_problems(d, laid) == []


def test_shares_are_equal_when_more_fall_than_grow():
    """A grows 2; B falls 3 and C falls 1: the 2 that move come 3/4 x 2 = 1.5 from B and 0.5 from C (each
    sends half of its fall), and B and C remove the rest (1.5 and 0.5)."""
    d = _horizon(3, 1, leavers=0.0)
    laid = settle(d, np.array([[[12.0], [7.0], [9.0]]]))
    assert _flow(laid, MOVED_OUT)[0, :, 0] == pytest.approx([0.0, 1.5, 0.5])
    assert _flow(laid, REMOVED)[0, :, 0] == pytest.approx([0.0, 1.5, 0.5])
    assert _flow(laid, MOVED_IN)[0, :, 0] == pytest.approx([2.0, 0.0, 0.0])


def test_without_moves_every_locality_recruits_or_removes_its_own():
    d = _horizon(2, 1, leavers=0.0, moves=False)
    laid = settle(d, np.array([[[12.0], [7.0]]]))
    assert _flow(laid, RECRUITS)[0, :, 0] == pytest.approx([2.0, 0.0])
    assert _flow(laid, REMOVED)[0, :, 0] == pytest.approx([0.0, 3.0])
    assert not _flow(laid, MOVED_IN).any() and not _flow(laid, MOVED_OUT).any()


ESTABLISHMENTS = arrays(float, (3, 6, 2), elements=st.floats(0, 30, allow_subnormal=False))


@settings(max_examples=60, deadline=None)
@given(wte=ESTABLISHMENTS, leavers=st.floats(0, 0.5), order=st.permutations(range(6)))
def test_the_rule_is_the_fewest_flows_and_unique(wte, leavers, order):
    """On any establishment: stock and flow hold; recruits + removed + moved (a move counted once) is, per
    year and grade, the larger of the growth and the fall, which no flows can beat (every growing locality
    recruits or takes in at least its growth, every falling one removes or sends at least its fall); no
    locality both takes in and sends, or both recruits and removes; and the flows of the localities in
    another order are the same flows, to the last bit."""
    d = _horizon(6, 3, grades=2, leavers=leavers)
    laid = settle(d, wte)
    assert identity_problems(d, laid) == []
    before = np.concatenate([np.full((1, 6, 2), 10.0), wte[:-1]]) * (1 - leavers)
    net = wte - before
    bound = np.maximum(np.clip(net, 0, None).sum(axis=1), np.clip(-net, 0, None).sum(axis=1))
    count = (_flow(laid, RECRUITS) + _flow(laid, REMOVED) + _flow(laid, MOVED_IN)).sum(axis=1)
    assert count == pytest.approx(bound, rel=1e-9, abs=1e-9)
    assert not np.any((_flow(laid, MOVED_IN) > 0) & (_flow(laid, MOVED_OUT) > 0))
    assert not np.any((_flow(laid, RECRUITS) > 0) & (_flow(laid, REMOVED) > 0))
    d2 = _horizon(6, 3, grades=2, leavers=leavers)
    shuffled = settle(d2, wte[:, list(order), :])
    assert np.array_equal(shuffled, laid[:, :, list(order), :])


def _reordered(scenario: Path, folder: Path, seed: int) -> Path:
    """The scenario with its locality file's rows shuffled (paths made absolute)."""
    text = scenario.read_text(encoding="utf-8")
    text = re.sub(
        r"^(model|localities): *(.+)$",
        lambda m: f"{m[1]}: {_absolute(m[2].strip(), scenario.parent)}",
        text,
        flags=re.M,
    )
    source = Path(re.search(r"^localities: *(.+)$", text, re.M)[1])
    lines = source.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.lower().startswith("locality"))
    body = [line for line in lines[header + 1 :] if line.strip() and not line.startswith("#")]
    random.Random(seed).shuffle(body)
    shuffled = folder / f"localities-{seed}.csv"
    shuffled.write_text("\n".join([*lines[: header + 1], *body]) + "\n", encoding="utf-8")
    out = folder / f"scenario-{seed}.yaml"
    out.write_text(text.replace(str(source), str(shuffled)), encoding="utf-8")
    return out


def _by_locality(scenario: Path) -> dict:
    data = years_dict(plan_years(scenario))
    return {(r["locality"], r["year"]): r for r in data["localities"]}


def _simplex_first(monkeypatch) -> None:
    """Start the horizon's first stage by dual simplex, not interior point: another path, another basis."""
    monkeypatch.setattr(seam.Model, "_interior", lambda m: seam.run_highs(m.highs))


def _cases(folder: Path) -> list[Path]:
    """Tied cases: the three-year example (more staff fall than grow in 2010/11, so which localities send
    and which remove is a tie) and 200 synthetic localities over five years (the same, and recruits
    shared under limits)."""
    return [THREE_YEARS, write_case(folder / "synthetic", 200, "max-coverage")]


@pytest.mark.parametrize("case", [0, 1], ids=["three-years", "synthetic-200"])
def test_the_plan_does_not_depend_on_the_order_of_localities(tmp_path, case):
    scenario = _cases(tmp_path)[case]
    plain = _by_locality(scenario)
    moved = sum(r["moved_out"] > 0 for r in plain.values())
    assert moved >= 3, "the case has no tie to settle"
    for seed in (1, 2):
        assert _by_locality(_reordered(scenario, tmp_path, seed)) == plain


@pytest.mark.parametrize("case", [0, 1], ids=["three-years", "synthetic-200"])
def test_the_plan_does_not_depend_on_where_the_solver_starts(tmp_path, monkeypatch, case):
    scenario = _cases(tmp_path)[case]
    plain = _by_locality(scenario)
    _simplex_first(monkeypatch)
    assert _by_locality(scenario) == plain


def test_the_json_says_the_rule(tmp_path):
    """The flows in the JSON follow the rule: in 2010/11 of the three-year example every locality that
    falls sends the same share of its fall (the staff that move, over all the fall)."""
    data = years_dict(plan_years(THREE_YEARS))
    rows = [r for r in data["localities"] if r["year"] == "2010/11"]
    kept = [r["start_wte"] - r["leavers"] for r in rows]
    falls = [max(k - r["planned_wte"], 0.0) for k, r in zip(kept, rows, strict=True)]
    moved = sum(r["moved_in"] for r in rows)
    share = moved / sum(falls)
    for r, fall in zip(rows, falls, strict=True):
        assert r["moved_out"] == pytest.approx(share * fall, abs=2e-9), r["locality"]
    assert json.dumps(data)  # plain data
