"""JSON in C (orjson) only where its text is json.dumps's byte for byte, the column encoder elsewhere.

Every expected text here is the standard library's own `json.dumps(..., indent=2,
ensure_ascii=False, allow_nan=False)`, never the program's earlier output.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import write_synthetic
from optimiser.render import jsontext
from optimiser.render.jsontext import dumps
from optimiser.render.machine import _escaped

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=400, deadline=None)


def stdlib(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


def edges(x: float) -> list[float]:
    """x and the doubles either side of it, both signs."""
    near = [np.nextafter(x, -np.inf), x, np.nextafter(x, np.inf)]
    return [float(v) * sign for v in near for sign in (1.0, -1.0)]


BOUNDARY_FLOATS = [v for x in (1e-4, 1e-5, 1e15, 1e16, 1e17) for v in edges(x)]
floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True),
    st.floats(min_value=1e-7, max_value=1e-3),  # across the small end of orjson's plain range
    st.floats(min_value=1e14, max_value=1e18),  # across the large end
    st.sampled_from(BOUNDARY_FLOATS),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),  # beyond 64 bits orjson refuses, json.dumps writes
    floats,
    st.text(max_size=6),  # control characters, DEL, U+2028, any plane
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
    ),
    max_leaves=30,
)


@st.composite
def tables(draw):
    """Plan-shaped documents: rows with the same keys (column by column), some with keys in another
    order or one key fewer (the walk's other path), nested lists of rows."""
    keys = draw(st.lists(st.text(max_size=4), min_size=1, max_size=4, unique=True))
    count = draw(st.integers(1, 6))
    rows = [{key: draw(values) for key in keys} for _ in range(count)]
    if draw(st.booleans()):
        rows.append({key: draw(values) for key in reversed(keys)})
    if draw(st.booleans()):
        rows.append({key: draw(values) for key in keys[1:]})
    return {"localities": rows, "grades": [[r] for r in rows], "other": draw(values)}


@SETTINGS
@given(values)
def test_any_value_is_written_as_json_dumps_writes_it(value):
    assert dumps(value) == stdlib(value)
    assert dumps(value, _escaped) == _escaped(stdlib(value))


@SETTINGS
@given(tables())
def test_plan_shaped_documents_are_written_as_json_dumps_writes_them(document):
    assert dumps(document) == stdlib(document)
    assert dumps(document, _escaped) == _escaped(stdlib(document))


@SETTINGS
@given(st.one_of(values, tables()))
def test_what_the_walk_passes_to_orjson_orjson_writes_as_json_dumps(value):
    """The claim the C path rests on, tested on its own: when the walk says plain, orjson's text
    (unless orjson refuses the value) is json.dumps's."""
    if jsontext._Plain().values([value], 0):
        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:
            return
        assert text == stdlib(value)


@pytest.mark.parametrize("x", BOUNDARY_FLOATS)
def test_floats_at_the_ends_of_the_plain_range_are_plain_only_inside_it(x):
    inside = 1e-4 <= abs(x) < 1e16
    assert jsontext._Plain().values([{"x": [x]}], 0) is inside
    assert dumps({"x": [x]}) == stdlib({"x": [x]})
    if inside:
        assert orjson.dumps({"x": [x]}, option=orjson.OPT_INDENT_2).decode() == stdlib({"x": [x]})


REAL_DUMPS = orjson.dumps


class Counting:
    """orjson.dumps, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return REAL_DUMPS(*args, **kwargs)


PLAN_LIKE = {
    "status": "optimal",
    "cap": 400.0,
    "localities": [
        {"name": f"L{i}", "planned_wte": 12.5 + i, "load": None, "grades": [{"grade": "hv", "cost": 0.0}]}
        for i in range(50)
    ],
    "binding": [],
    "marginal": {},
}


def test_a_plan_shaped_document_goes_through_orjson(monkeypatch):
    counting = Counting()
    monkeypatch.setattr(jsontext.orjson, "dumps", counting)
    assert dumps(PLAN_LIKE) == stdlib(PLAN_LIKE)
    assert counting.calls == 1


class Word(str):
    """A str subclass: orjson would write it, json.dumps writes it too, but it is not plain."""


@pytest.mark.parametrize(
    ("what", "value"),
    [
        ("a float below 1e-4", 5e-05),
        ("a float of 1e16 or more", 2.5e16),
        ("a subclass", Word("x")),
        ("a numpy float", np.float64(0.5)),
        ("a key that is not text", {1: "a"}),
    ],
)
def test_values_orjson_would_write_differently_are_not_sent_to_it(monkeypatch, what, value):
    counting = Counting()
    monkeypatch.setattr(jsontext.orjson, "dumps", counting)
    document = {**PLAN_LIKE, "odd": [1.5, value]}
    assert dumps(document) == stdlib(document), what
    assert counting.calls == 0, what


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_figure_that_is_not_finite_is_refused_as_json_dumps_refuses_it(monkeypatch, bad):
    """orjson would write null; the walk sends it to json.dumps, which refuses it."""
    counting = Counting()
    monkeypatch.setattr(jsontext.orjson, "dumps", counting)
    document = {"rows": [{"x": 1.0}, {"x": bad}]}
    with pytest.raises(ValueError) as ours:
        dumps(document)
    with pytest.raises(ValueError) as theirs:
        stdlib(document)
    assert str(ours.value) == str(theirs.value)
    assert counting.calls == 0


@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, "lone \ud800 surrogate"])
def test_what_orjson_refuses_is_written_as_json_dumps_writes_it(value):
    assert dumps({"x": [value, 1.0]}) == stdlib({"x": [value, 1.0]})


def test_a_value_that_contains_itself_is_refused_as_json_dumps_refuses_it():
    loop: list = [1.0]
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps({"x": loop})


def test_text_to_escape_is_escaped_in_the_orjson_text(monkeypatch):
    counting = Counting()
    monkeypatch.setattr(jsontext.orjson, "dumps", counting)
    document = {**PLAN_LIKE, "note": "line\u2028sep \x7f del \u202e bidi", "key\x85": "x"}
    text = dumps(document, _escaped)
    assert text == _escaped(stdlib(document))
    assert "\\u2028" in text
    assert counting.calls == 1


def test_a_national_sized_plan_as_printed_is_json_dumps_text(tmp_path):
    """`plan --format json` on 3,000 synthetic localities, run as users run it: the text printed is
    the standard library's indented text of the same data."""
    scenario = write_synthetic(tmp_path, 3_000)
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "plan", str(scenario), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    data = json.loads(done.stdout)
    assert len(data["localities"]) == 3_000
    assert done.stdout == stdlib(data) + "\n"
