"""The fast paths write what the slow ones did: JSON text byte for byte as json.dumps, and every
rounded figure exactly as Python's round(), checked against the standard library itself."""

import json
import math
from collections import OrderedDict
from enum import StrEnum

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.planning.precision import rounded_array
from optimiser.render.jsontext import dumps

SETTINGS = settings(max_examples=300, deadline=None)


def stdlib(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
    ),
    max_leaves=30,
)


@st.composite
def rows(draw):
    """A list of dicts with the same keys (the shape of the plan's localities), some nested."""
    keys = draw(st.lists(st.text(max_size=4), min_size=0, max_size=4, unique=True))
    count = draw(st.integers(0, 6))
    return [{key: draw(values) for key in keys} for _ in range(count)]


@SETTINGS
@given(values)
def test_any_value_is_written_as_json_dumps_writes_it(value):
    assert dumps(value) == stdlib(value)


@SETTINGS
@given(rows(), values)
def test_rows_with_the_same_keys_are_written_as_json_dumps_writes_them(table, other):
    document = {"localities": table, "other": other, "grades": [table, []]}
    assert dumps(document) == stdlib(document)


class Status(StrEnum):
    OPTIMAL = "optimal"


def test_subclasses_tuples_and_awkward_text_are_written_as_json_dumps_writes_them():
    document = {
        "status": Status.OPTIMAL,
        "numbers": (np.float64(0.1), 1, True, None, 2.5),
        "ordered": OrderedDict([("b", 1), ("a", [])]),
        "text": 'quote " backslash \\ tab \t line \u2028 pound £ \x7f',
        "empty": {},
        "rows": [{"a": 1.5, "b": None}, {"a": None, "b": "x"}, {"b": 1, "a": 2}],
    }
    assert dumps(document) == stdlib(document)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_figure_that_is_not_finite_is_refused_as_json_dumps_refuses_it(bad):
    with pytest.raises(ValueError) as ours:
        dumps({"rows": [{"x": 1.0}, {"x": bad}]})
    with pytest.raises(ValueError) as theirs:
        stdlib({"rows": [{"x": 1.0}, {"x": bad}]})
    assert str(ours.value) == str(theirs.value)


def test_keys_and_values_json_does_not_know_are_left_to_json_dumps():
    assert dumps({1: "a", None: [2]}) == stdlib({1: "a", None: [2]})
    with pytest.raises(TypeError):
        dumps({"x": object()})


def python_round(value: float, digits: int) -> float:
    return round(value, digits) + 0.0 if math.isfinite(value) else math.nan


def same(a: float, b: float) -> bool:
    """Equal, NaN equal to NaN, and the same sign of zero."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_subnormal=True), max_size=50), st.sampled_from([0, 1, 2, 6, 9, 12]))
def test_rounded_array_is_pythons_round(floats, digits):
    ours = rounded_array(np.array(floats, dtype=float), digits).tolist()
    assert all(same(a, python_round(v, digits)) for a, v in zip(ours, floats, strict=True))


def test_rounded_array_is_pythons_round_at_halves_and_near_them():
    """Ties (exact halves such as 2**-10 at 9 places), decimals a unit in the last place either
    side of a half, negative zero, huge and tiny figures: the cases a scaled rint gets wrong."""
    halves = [(k + 0.5) / 10**d for k in range(-300, 300, 7) for d in (2, 9)]
    near = [x for h in halves for x in (np.nextafter(h, -np.inf), h, np.nextafter(h, np.inf))]
    special = [
        2.0**-10,
        -(2.0**-10),
        0.0,
        -0.0,
        -1e-12,
        5e-324,
        1e300,
        -1e300,
        2.0**52,
        2.0**53 + 2,
        4503599.6275,
    ]
    floats = np.array([*near, *special], dtype=float)
    for digits in (2, 9):
        ours = rounded_array(floats, digits).tolist()
        assert all(same(a, python_round(v, digits)) for a, v in zip(ours, floats.tolist(), strict=True))


@SETTINGS
@given(rows(), values)
def test_text_escaped_string_by_string_is_the_whole_text_escaped(table, other):
    """to_json escapes invisible characters in each string as it is encoded: the same text as
    escaping the whole of json.dumps's output (they can only occur inside strings)."""
    from optimiser.render.machine import _escaped, to_json

    document = {"rows": table, "other": other, "\u202e\x85key": "\u2028\x7f"}
    assert to_json(document) == _escaped(stdlib(document)) + "\n"
