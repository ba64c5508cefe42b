"""Columns, not rows (issue 15, item 3): the vectorised locality reader agrees with the row-by-row
one (tests/row_reader.py) on every corpus case, every example and random files, frame for frame
and message for message; the plan's JSON and CSV come from whole columns and reshapes."""

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.errors import InputError
from optimiser.inputs.bundle import model_location, named_columns
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.localities import LocalityTable, NamedColumn, load_localities
from optimiser.inputs.scenario import load_scenario
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare
from optimiser.render.machine import _grade_rows, _grade_rows_by_record
from tests.conftest import ROOT
from tests.row_reader import load_localities_by_row

CORPUS = ROOT / "tests" / "bad_inputs"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
EXAMPLES = sorted(
    p for p in (ROOT / "examples").rglob("*.yaml") if "\noptions:" not in p.read_text(encoding="utf-8")
)

MODELS = {
    "count": "name: count\ncase_unit: children\n",
    "categories": (
        "name: tiers\ncase_unit: children\ncategories:\n"
        "  - {name: low, weight: 1}\n  - {name: high, weight: 3}\n"
    ),
    "grades": (
        "name: grades\ncase_unit: children\ngrades:\n"
        "  - {name: nurse, cost_per_wte: 40000, capacity: 1.0}\n"
        "  - {name: assistant, cost_per_wte: 20000, capacity: 0.5}\n"
    ),
}


def _read(
    reader, csv_path: Path, model_path: Path, named: tuple[NamedColumn, ...]
) -> LocalityTable | list[str]:
    """The table, or the problems as the user reads them."""
    try:
        return reader(csv_path, load_caseload_model(model_path), model_path, named)
    except InputError as exc:
        return [str(p) for p in exc.problems]


def assert_same(csv_path: Path, model_path: Path, named: tuple[NamedColumn, ...] = ()) -> str:
    """Both readers give the same frame (values, dtypes, index) and lines, or the same problems."""
    fast = _read(load_localities, csv_path, model_path, named)
    slow = _read(load_localities_by_row, csv_path, model_path, named)
    if isinstance(slow, list) or isinstance(fast, list):
        assert fast == slow
        return "problems"
    pd.testing.assert_frame_equal(fast.frame, slow.frame, check_exact=True)
    assert list(fast.frame.dtypes) == list(slow.frame.dtypes)
    assert fast.frame.index.dtype == slow.frame.index.dtype
    assert fast.lines == slow.lines
    assert fast.count_columns == slow.count_columns
    for column in fast.frame.columns:  # no -0.0 anywhere, None where a column is wholly blank
        values = fast.frame[column].tolist()
        assert [repr(v) for v in values] == [repr(v) for v in slow.frame[column].tolist()]
    return "frame"


def _refs(scenario: Path) -> tuple[Path, Path, tuple[NamedColumn, ...]] | None:
    """The model, locality file and named columns a scenario gives, even when it is itself bad."""
    try:
        loaded = load_scenario(scenario)
        model, localities, named = loaded.model, loaded.localities, named_columns(loaded)
    except InputError:
        try:
            raw = load_yaml_mapping(scenario, "scenario file")[0]
        except InputError:
            return None
        model, localities, named = raw.get("model"), raw.get("localities"), named_columns(None, raw)
    if not (isinstance(model, str) and isinstance(localities, str)):
        return None
    try:  # a shipped model by its name, or a path from the scenario's folder
        model_path = model_location(scenario, model)
        load_caseload_model(model_path)
    except InputError:
        return None
    return scenario.parent / localities, model_path, named


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case_reads_the_same_by_column_and_by_row(case: Path, tmp_path: Path):
    for source in (CORPUS / "_base", case):
        shutil.copytree(source, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.yaml"))
    refs = _refs(tmp_path / "scenario.yaml")
    if refs is None:
        pytest.skip("the scenario or model is refused before the locality file is read")
    try:
        assert_same(*refs)
    except IsADirectoryError:  # pragma: no cover - both readers refuse the same way
        pytest.skip("not a file")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_reads_the_same_by_column_and_by_row(example: Path):
    refs = _refs(example)
    assert refs is not None
    assert assert_same(*refs) == "frame"


# Random files: numbers written in every plain way (and, in the second test, wrong ways too).

NAMES = st.text(alphabet="abAB -é", min_size=1, max_size=4).filter(lambda s: s.strip() != "")


@st.composite
def figure(draw, largest: int = 10**9) -> str:
    """A valid figure (0, or 1e-6 to `largest`), written as a person or a program might."""
    value = draw(
        st.one_of(
            st.just(0.0),
            st.floats(min_value=1e-6, max_value=largest),
            st.integers(min_value=1, max_value=largest).map(float),
        )
    )
    style = draw(st.sampled_from(["repr", "fixed3", "exp", "int", "long", "plus", "zeros", "negzero"]))
    if style == "fixed3":
        text = f"{value:.3f}"
    elif style == "exp":
        text = f"{value:e}"
    elif style == "int":
        text = str(int(value)) if value >= 1 or value == 0 else repr(value)
    elif style == "long":
        text = f"{value:.22f}"
    elif style == "plus":
        text = "+" + repr(value)
    elif style == "zeros":
        text = "00" + repr(value)
    elif style == "negzero" and value == 0:
        text = draw(st.sampled_from(["-0", "-0.0", "-0e3", "-.0"]))
    else:
        text = repr(value)
    return draw(st.sampled_from([text, f" {text}", f"{text} ", f'"{text}"']))


def _number(text: str) -> float:
    return float(text.strip().strip('"'))


BAD_CELLS = ["", "x", "-1", "1e10", "nan", "inf", "1_000", "7,240", "20%", "5e-7", "١٢", " ", "1e", "0x10"]


@st.composite
def locality_file(draw, bad: bool) -> tuple[str, str, tuple[NamedColumn, ...]]:
    """(model name, CSV text, named columns): a valid file, or with `bad`, one with wrong cells,
    repeated names, ragged rows and totals that do not add up among the good rows."""
    model = draw(st.sampled_from(sorted(MODELS)))
    optional = draw(st.lists(st.sampled_from(["deprivation", "floor_wte", "ceiling_wte"]), unique=True))
    header = ["locality", "in_post_wte"]
    header += (
        ["low", "high"] + (["caseload"] if draw(st.booleans()) else [])
        if model == "categories"
        else ["caseload"]
    )
    if model == "grades" and draw(st.booleans()):
        header += ["in_post_wte:nurse", "in_post_wte:assistant"]
    header += optional
    if draw(st.booleans()):
        header.append("area_code")
    named = (
        (NamedColumn("deprivation", "priority"),) if "deprivation" in header and draw(st.booleans()) else ()
    )
    rows, seen = [], set()
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        name = draw(NAMES)
        key = " ".join(name.split()).casefold()
        if key in seen and not bad:
            continue
        seen.add(key)
        cells = _row(draw, header, name, named)
        if bad and draw(st.integers(min_value=0, max_value=3)) == 0:
            column = draw(st.integers(min_value=0, max_value=len(cells) - 1))
            cells[column] = draw(st.sampled_from(BAD_CELLS))
        if bad and draw(st.integers(min_value=0, max_value=9)) == 0:
            cells = cells[:-1]
        rows.append(",".join(cells))
    lines = [",".join(header), *rows]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), "# a comment")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(min_value=1, max_value=len(lines))), "")
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return model, bom + ending.join(lines) + ending, named


def _row(draw, header: list[str], name: str, named: tuple[NamedColumn, ...]) -> list[str]:
    """One valid row for the header."""
    cells = {"locality": name, "area_code": draw(st.sampled_from(["", "E06000001", "W1"]))}
    for column in ("caseload", "low", "high", "deprivation"):
        cells[column] = draw(figure(largest=4 * 10**8))  # two of them add to less than 1e9
    if "low" in header:
        cells["caseload"] = repr(_number(cells["low"]) + _number(cells["high"]))
    if "deprivation" in header and not named and draw(st.booleans()):
        cells["deprivation"] = ""
    in_post_known = draw(st.booleans()) or "in_post_wte:nurse" in header
    cells["in_post_wte"] = draw(figure()) if in_post_known else ""
    if "in_post_wte:nurse" in header:  # given, the columns are filled in every row
        nurse, assistant = draw(figure(largest=4 * 10**8)), draw(figure(largest=4 * 10**8))
        cells["in_post_wte:nurse"], cells["in_post_wte:assistant"] = nurse, assistant
        cells["in_post_wte"] = repr(_number(nurse) + _number(assistant))
    floor, ceiling = sorted([draw(figure()), draw(figure())], key=_number)
    cells["floor_wte"] = draw(st.sampled_from([floor, ""]))
    cells["ceiling_wte"] = draw(st.sampled_from([ceiling, ""]))
    return [cells[column] for column in header]


def _compare(model: str, text: str, named: tuple[NamedColumn, ...]) -> str:
    with tempfile.TemporaryDirectory(prefix="columns-") as folder:
        model_path, csv_path = Path(folder) / "model.yaml", Path(folder) / "localities.csv"
        model_path.write_text(MODELS[model], encoding="utf-8")
        csv_path.write_bytes(text.encode("utf-8"))
        return assert_same(csv_path, model_path, named)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(locality_file(bad=False))
def test_random_valid_files_give_the_same_frame(drawn):
    assert _compare(*drawn) == "frame"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(locality_file(bad=True))
def test_random_bad_files_give_the_same_messages(drawn):
    _compare(*drawn)


def test_long_decimals_parse_exactly_as_pydantic_does(tmp_path: Path):
    """Numbers with more digits than a double holds round the same way in both readers."""
    rng = np.random.default_rng(15)
    digits = [f"{rng.integers(0, 10**18):018d}{rng.integers(0, 10**6):06d}" for _ in range(2000)]
    rows = [  # half of them signed: pandas alone reads "+x" a bit differently from "x"
        f"L{i},{'+' * (i % 2)}{rng.integers(0, 10**9)}.{tail},1" for i, tail in enumerate(digits)
    ]
    (tmp_path / "model.yaml").write_text(MODELS["count"], encoding="utf-8")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload\n" + "\n".join(rows) + "\n")
    assert assert_same(tmp_path / "localities.csv", tmp_path / "model.yaml") == "frame"


def test_a_cell_only_pydantic_reads_is_accepted_as_it_reads_it(tmp_path: Path):
    """`1_000` is not a plain number to the fast path; pydantic reads it as 1000, so the row stands."""
    (tmp_path / "model.yaml").write_text(MODELS["count"], encoding="utf-8")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload\nA,1_0,1_000\nB,2,3\n")
    assert assert_same(tmp_path / "localities.csv", tmp_path / "model.yaml") == "frame"
    table = load_localities(tmp_path / "localities.csv", load_caseload_model(tmp_path / "model.yaml"))
    assert table.frame["caseload"].tolist() == [1000.0, 3.0]


def test_problems_come_in_file_order_across_kinds(tmp_path: Path):
    (tmp_path / "model.yaml").write_text(MODELS["count"], encoding="utf-8")
    text = "locality,in_post_wte,caseload\nA,1,x\nB,1\na,2,3\nA,4,5\nC,-1,2\n"
    (tmp_path / "localities.csv").write_text(text)
    problems = _read(load_localities, tmp_path / "localities.csv", tmp_path / "model.yaml", ())
    assert [p.split(": ")[1].split(" (")[0].split(",")[0] for p in problems] == [
        "line 2",
        "line 3",
        "line 5",
        "line 6",
    ]
    assert assert_same(tmp_path / "localities.csv", tmp_path / "model.yaml") == "problems"


def test_grade_rows_from_a_reshape_match_record_by_record():
    plan = plan_scenario(prepare(ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"))
    assert len(plan.grade_names) == 2
    assert _grade_rows(plan) == _grade_rows_by_record(plan.by_grade)
