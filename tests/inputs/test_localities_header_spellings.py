"""Property: for any spelling of a locality table's headers (case, spaces, underscores, hyphens,
column order), CSV or .xlsx, the table reads as the same figures as under the usual headers; or,
where two headers fold to one name, it is refused naming both headers and their columns. Never a
column silently merged with another, never one silently dropped (issue 20, class 2)."""

import random
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.errors import InputError
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.localities import LocalityTable, NamedColumn, load_localities
from optimiser.inputs.years_columns import read_columns
from tests.header_tables import FORMATS, letter, write_table

MODEL = """\
name: spellings
case_unit: children
categories:
  - {name: low, weight: 1}
  - {name: high risk, weight: 3}
deprivation:
  name: deprivation
  column: imd_score
  linear: {intercept: 0.8, slope: 0.02}
grades:
  - {name: nurse, cost_per_wte: 40000}
  - {name: assistant-practitioner, cost_per_wte: 20000, capacity: 0.5}
"""
NAMED = (
    NamedColumn("Need Score", "priority"),
    NamedColumn("rel_error", "uncertainty.column", required=False),
)
HORIZON = ("caseload:Y2", "growth_rate")
COLUMNS = {
    "locality": ["North", "South", "East"],
    "in_post_wte": [4.75, 2.5, 0.0],
    "low": [3000, 2000, 10],
    "high risk": [400, 100, 0],
    "imd_score": [30.5, 10, 45],
    "in_post_wte:nurse": [3.5, 2.5, 0.0],
    "in_post_wte:assistant-practitioner": [1.25, 0.0, 0.0],
    "floor_wte": [1, None, 0],
    "area_code": ["E06000001", None, "W1"],
    "Need Score": [1, 5, 0.5],
    "rel_error": [0.1, None, 0.3],
    "caseload:Y2": [3600, None, 12],
    "growth_rate": [0.02, -0.1, 0],
}
SEPARATORS = ["_", " ", "-", "", "__", " - ", "  "]


@st.composite
def spelling(draw, name: str) -> str:
    """`name` as a person might head the column: any case, any separators between the words, now
    and then one more separator inside a word or around the text."""
    out = [draw(st.sampled_from(["", " ", "_", "-"]))]
    for char in name:
        if char in "_ -":
            out.append(draw(st.sampled_from(SEPARATORS)))
        else:
            out.append(char.upper() if draw(st.booleans()) else char.lower())
        if draw(st.integers(min_value=0, max_value=11)) == 0:
            out.append(draw(st.sampled_from(["_", " ", "-"])))
    out.append(draw(st.sampled_from(["", " ", "_"])))
    return "".join(out)


@st.composite
def table(draw) -> tuple[str, list[tuple[str, str]], list[str]]:
    """(format, [(header as written, usual name)] in the file's order, the usual names written twice)."""
    fmt = draw(st.sampled_from(FORMATS))
    columns = [(draw(spelling(name)), name) for name in COLUMNS]
    twice = draw(st.lists(st.sampled_from(list(COLUMNS)), max_size=2, unique=True))
    columns += [(draw(spelling(name)), name) for name in twice]
    order = draw(st.permutations(range(len(columns))))
    return fmt, [columns[i] for i in order], twice


def _read(folder: Path, fmt: str, columns: list[tuple[str, str]]) -> tuple[LocalityTable, dict]:
    """The table as the loader and the horizon's reader read it; a column written twice holds
    other figures the second time, so that a merge would show."""
    seen: set[str] = set()
    values = []
    for _, name in columns:
        figures = COLUMNS[name]
        if name in seen and name != "locality":
            figures = [f"{v}x" if isinstance(v, str) else (v or 0) + 1 for v in figures]
        seen.add(name)
        values.append(figures)
    rows = [[v[i] if v[i] is not None else "" for v in values] for i in range(len(COLUMNS["locality"]))]
    name = write_table(folder, fmt, [h for h, _ in columns], rows)
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    model = load_caseload_model(folder / "model.yaml")
    loaded = load_localities(folder / name, model, folder / "model.yaml", NAMED, HORIZON)
    return loaded, read_columns(loaded, HORIZON, -1.0, False)


def _usual(fmt: str) -> tuple[LocalityTable, dict]:
    with tempfile.TemporaryDirectory(prefix="usual-") as folder:
        return _read(Path(folder), fmt, [(name, name) for name in COLUMNS])


def _where(fmt: str, positions: list[int]) -> str:
    """How the refusal places these header cells."""
    names = [str(i + 1) if fmt == "csv" else letter(i) for i in positions]
    return ", ".join(names[:-1]) + " and " + names[-1]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table())
def test_any_spelling_reads_the_same_figures_or_is_refused_naming_both(drawn):
    fmt, columns, twice = drawn
    with tempfile.TemporaryDirectory(prefix="spelt-") as folder:
        try:
            found = _read(Path(folder), fmt, columns)
        except InputError as exc:
            said = [str(p) for p in exc.problems]
            assert twice, f"refused, with no header written twice: {said}"
            for name in twice:
                at = [i for i, (_, usual) in enumerate(columns) if usual == name]
                written = list(dict.fromkeys(columns[i][0].strip() for i in at))
                named = " and ".join(f"'{w}'" for w in written)
                assert any(
                    f"columns {_where(fmt, at)}: header" in p and named in p and "more than once" in p
                    for p in said
                ), (name, said)
            return
    assert not twice, f"{twice} written twice and read without a word"
    usual = _usual(fmt)
    pd.testing.assert_frame_equal(found[0].frame, usual[0].frame, check_exact=True)
    assert found[1] == usual[1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_usual_table_reads_as_written(fmt: str):
    """The baseline the property compares with: every column read, with its own figures."""
    loaded, horizon = _usual(fmt)
    frame = loaded.frame
    assert frame["imd_score"].tolist() == [30.5, 10, 45]
    assert frame["in_post_wte:assistant-practitioner"].tolist() == [1.25, 0, 0]
    assert frame["Need Score"].tolist() == [1, 5, 0.5]
    assert frame["rel_error"].tolist()[0::2] == [0.1, 0.3]
    assert frame["area_code"].tolist()[0::2] == ["E06000001", "W1"] and pd.isna(frame["area_code"].iloc[1])
    assert horizon == {
        "caseload:Y2": {"North": 3600, "South": None, "East": 12},
        "growth_rate": {"North": 0.02, "South": -0.1, "East": 0},
    }


def test_a_spelling_example_that_once_merged_two_year_columns(tmp_path: Path):
    """The issue's example, `caseload:Y2` beside `Caseload: y2`: the first was read, the second ignored."""
    columns = [(name, name) for name in COLUMNS] + [("Caseload: y2", "caseload:Y2")]
    random.Random(20).shuffle(columns)
    at = sorted(i for i, (_, name) in enumerate(columns) if name == "caseload:Y2")
    with pytest.raises(InputError) as refused:
        _read(tmp_path, "csv", columns)
    (problem,) = refused.value.problems
    assert problem.where == f"line 1, columns {at[0] + 1} and {at[1] + 1}"
    assert "'caseload:Y2'" in problem.what and "'Caseload: y2'" in problem.what
    assert "name the same column" in problem.what
