"""`establishment new` keeps a model's text as text (issue 20, class 1): names, titles, categories,
grades and columns with YAML syntax, line breaks, formula-like starts or control characters never
change a key or figure of the written scenario, never become a live formula in the workbook, and
the starter plans as written. Where a model's column names cannot be carried by a workbook to the
locality reader, `new` says so (exit 2) and writes nothing."""

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from optimiser.errors import InputError
from optimiser.inputs.caseload_model import CaseloadModel, load_caseload_model
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.starter import scenario_text, yaml_text
from tests.conftest import run_cli

AWKWARD = [
    "a: b",
    "x # y",
    "#start",
    "'",
    '"',
    "''",
    "- item",
    "-",
    "* star",
    "&anchor",
    "*alias",
    "!tag",
    "!!str",
    "%YAML 1.2",
    "@at",
    "`tick",
    "---",
    "...",
    "line\nbreak",
    "line\r\nbreak",
    "sep\u2028x",
    "para\u2029x",
    "nel\x85x",
    "=SUM(1,2)",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "",
    "1e5",
    "0o17",
    "0x1F",
    ".inf",
    "-.inf",
    ".nan",
    "6:40",
    "1_000",
    "0400",
    "true",
    "False",
    "{a: b}",
    "[x, y]",
    "|",
    ">",
    "? q",
    " lead",
    "trail ",
    "\ufeffbom",
    "tab\there",
    "\x1b[31mred",
    "a\x00b",
    "\ufffe",
    "#N/A",
    "_x0041_",
    "Ynys Môn \u2013 North",
    "\U0001f600",
]
"""Text that YAML, a spreadsheet or a terminal would read as more than text."""

MIXED = st.builds(
    lambda a, b, c: a + b + c, st.sampled_from(AWKWARD), st.text(max_size=6), st.sampled_from(AWKWARD)
)
TEXT = st.one_of(st.text(max_size=20), st.sampled_from(AWKWARD), MIXED)
NAME = st.one_of(
    st.text(min_size=1, max_size=20), st.sampled_from([t for t in AWKWARD if t]), MIXED.filter(bool)
)
"""Names are at least one character; descriptions may be empty."""
FOLDER = NAME.map(lambda t: t.replace("/", "|").replace("\x00", "0")).filter(lambda t: t not in (".", ".."))
"""A folder name a file system can hold (the model's folder, which the scenario names by path)."""


def _fold(name: str) -> str:
    """As the locality reader matches headers (README: case, spaces, underscores and hyphens)."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What no .xlsx cell can hold (XML 1.0 and openpyxl refuse them)."""
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}


@st.composite
def models(draw) -> dict:
    """A model file's mapping with arbitrary text in every field a person types."""
    model: dict = {
        "name": draw(NAME),
        "description": draw(TEXT),
        "case_unit": draw(NAME),
        "staff_title": draw(NAME),
    }
    names = draw(st.lists(NAME, max_size=3, unique_by=lambda t: " ".join(t.split()).casefold()))
    model["categories"] = [
        {"name": n, "weight": draw(st.sampled_from([1, 2.5, 4])), "description": draw(TEXT)} for n in names
    ]
    if draw(st.booleans()):
        model["cap"] = draw(st.sampled_from([25, 60, 400, 250.5]))
    grades = draw(st.lists(NAME, max_size=3, unique_by=lambda t: " ".join(t.split()).casefold()))
    if grades:
        model["grades"] = [
            {"name": g, "cost_per_wte": 30000 + i, "capacity": 0.7 if i else 1, "description": draw(TEXT)}
            for i, g in enumerate(grades)
        ]
    elif draw(st.booleans()):
        model["cost_per_wte"] = 38323
    if names and draw(st.booleans()):
        model["high_risk"] = {"categories": [names[-1]], "max_share": 0.15}
    if draw(st.booleans()):
        model["deprivation"] = draw(factors())
    model["multipliers"] = draw(st.lists(factors(), max_size=2))
    model["sources"] = draw(st.dictionaries(NAME, TEXT, max_size=2))
    return model


@st.composite
def factors(draw) -> dict:
    """A multiplier with arbitrary name, column and description."""
    factor = {
        "name": draw(NAME),
        "column": draw(NAME),
        "measure": draw(st.sampled_from(["score", "quintile", "quintile_counts"])),
        "description": draw(TEXT),
    }
    if factor["measure"] == "score":
        factor["linear"] = {"intercept": 0.8, "slope": 0.02}
    else:
        factor["bands"] = [{"from": 1, "to": 5, "multiplier": 1.0}]
    return factor


def _columns(model: CaseloadModel) -> list[str]:
    """Every column the starter names, worked out here from the model's own fields."""
    counts = [c.name for c in model.categories] or ["caseload"]
    factors = []
    for factor in (model.deprivation, *model.multipliers) if model.deprivation else model.multipliers:
        quintiles = factor.measure == "quintile_counts"
        own = [f"{factor.column}_q{q}" for q in range(1, 6)] if quintiles else [factor.column]
        factors += [c for c in own if _fold(c) not in {_fold(f) for f in factors}]  # shared: written once
    grades = [f"in_post_wte:{g.name}" for g in model.grades] if len(model.grades) > 1 else []
    return ["locality", "in_post_wte", *counts, *factors, *grades, "floor_wte", "ceiling_wte"]


def _writable(columns: list[str]) -> bool:
    """Whether a workbook can carry every column name to the reader as that column."""
    folds = [_fold(c) for c in columns]
    return (
        len(set(folds)) == len(folds)
        and not any(UNWRITABLE.search(c) for c in columns)
        and not any(c.strip() in EXCEL_ERRORS for c in columns)
    )


def _new_and_plan(model: dict, folder_name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / folder_name
        home.mkdir()
        model_file = home / "model.yaml"
        model_file.write_text(yaml_text(model), encoding="utf-8")
        try:
            loaded = load_caseload_model(model_file)
        except InputError:
            assume(False)  # the model itself is refused (validate says why): not the starter's concern
        for field in ("name", "description", "case_unit", "staff_title"):  # the test's model is as meant
            assert getattr(loaded, field) == model[field]
        out = Path(tmp) / "starter"
        made = run_cli("new", out, "--model", model_file)
        columns = _columns(loaded)
        event("refused" if not _writable(columns) else "planned")
        if not _writable(columns):
            assert made.exit_code == 2, made.stderr
            assert "column '" in made.stderr and "Traceback" not in made.stderr
            assert not out.exists()
            return
        assert made.exit_code == 0, made.stderr
        _check_scenario(out, model_file, loaded)
        _check_workbook(out, columns)
        planned = run_cli("plan", out / "scenario.yaml", "--format", "json")
        assert planned.exit_code == 0, planned.stderr
        (row,) = json.loads(planned.stdout)["localities"]
        assert row["name"] == "Example locality" and row["in_post_wte"] == 10


def _check_scenario(out: Path, model_file: Path, model: CaseloadModel) -> None:
    """The scenario reads back (with the tool's own YAML reader) as exactly the intended keys."""
    data, _ = load_yaml_mapping(out / "scenario.yaml", "scenario")
    cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    placeholders = {k for k, v in (("cap", model.cap), ("cost_per_wte", cost)) if v is None}
    assert set(data) == {
        "name",
        "description",
        "model",
        "localities",
        "localities_sheet",
        "objective",
        "data_date",
        "sources",
        *placeholders,
    }
    assert data["name"] == f"New scenario, {model.staff_title} establishment"
    # a model that is not shipped travels with the scenario, as a copy beside it
    assert data["model"] == "model.yaml"
    assert (out / "model.yaml").read_bytes() == model_file.read_bytes()
    assert data["localities"] == "localities.xlsx" and data["localities_sheet"] == "Localities"
    assert data["objective"] == "min-cost"
    assert set(data["sources"]) == {"localities", *placeholders}
    assert data.get("cap", 100) == 100 and data.get("cost_per_wte", 40000) == 40000


def _check_workbook(out: Path, columns: list[str]) -> None:
    """Every header is text that reads back exactly, and no cell of either sheet is a formula."""
    book = load_workbook(out / "localities.xlsx")
    header = [c.value for c in book["Localities"][1]]
    assert header == [c for c in columns if not c.startswith("in_post_wte:")]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} shows as a formula"
    explained = {row[0] for row in book["Instructions"].iter_rows(values_only=True)}
    assert set(columns) <= explained


LINEAR = {"intercept": 0.8, "slope": 0.02}
SHARED_COLUMN = {
    "name": "0",
    "description": "",
    "case_unit": "0",
    "staff_title": "0",
    "categories": [{"name": "00", "weight": 1, "description": ""}],
    "deprivation": {"name": "0", "column": "0", "measure": "score", "description": "", "linear": LINEAR},
    "multipliers": [{"name": "0", "column": "0", "measure": "score", "description": "", "linear": LINEAR}],
    "sources": {},
}
"""Found by the property: deprivation and a multiplier reading one column get that column once."""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models(), folder_name=FOLDER)
@example(model=SHARED_COLUMN, folder_name="0")
def test_any_model_text_makes_a_starter_that_plans_or_a_clear_refusal(model, folder_name):
    _new_and_plan(model, folder_name)


@settings(max_examples=300, deadline=None)
@given(title=NAME, ref=NAME)
def test_the_scenario_reads_back_as_written_whatever_the_title_and_path(tmp_path_factory, title, ref):
    model = CaseloadModel.model_validate({"name": "m", "staff_title": title, "cap": 400})
    path = tmp_path_factory.mktemp("s") / "scenario.yaml"
    path.write_text(scenario_text(model, ref), encoding="utf-8")
    data, _ = load_yaml_mapping(path, "scenario")
    assert data["name"] == f"New scenario, {title} establishment" and data["model"] == ref
    assert data["localities"] == "localities.xlsx" and "cap" not in data
    assert data["cost_per_wte"] == 40000 and data["objective"] == "min-cost"


@pytest.mark.parametrize("text", AWKWARD)
def test_yaml_text_reads_back_exactly(tmp_path, text):
    """Each awkward text as a value and as a key, read back by the tool's YAML 1.2 core reader."""
    path = tmp_path / "x.yaml"
    path.write_text(yaml_text({"k": text, text or "empty": [text], "n": 1.5}), encoding="utf-8")
    data, _ = load_yaml_mapping(path, "file")
    assert data == {"k": text, text or "empty": [text], "n": 1.5}
