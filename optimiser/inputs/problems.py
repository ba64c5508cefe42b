"""Turn pydantic validation errors into Problems that name the file, line or row, and key."""

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from optimiser.errors import Problem
from optimiser.inputs import budget

_EXPECTED = {
    "greater_than": "a number greater than {gt}",
    "greater_than_equal": "a number of at least {ge}",
    "less_than_equal": "a number of at most {le}",
    "less_than": "a number less than {lt}",
    "finite_number": "a finite number",
    "float_parsing": "a plain number such as 7240 or 14.86 (no commas, units or % signs)",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "string_type": "text",
    "missing": "this key to be present",
    "bool_type": "true or false",
    "dict_type": "a mapping of keys to values",
    "list_type": "a list",
    "string_too_short": "non-empty text",
    budget.ERROR_TYPE: budget.EXPECTED,
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(error: dict[str, Any], allowed_keys: tuple[str, ...] = ()) -> tuple[str, str]:
    """Plain-English (what was wrong, what is expected) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is missing", "this key to be present"
    if kind == "extra_forbidden":
        known = ", ".join(allowed_keys)
        return "is not a known key", f"one of: {known}" if known else "no such key"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", ""))), ""
    if kind == "enum" or kind == "literal_error":
        return f"is {_show(error.get('input'))}", f"one of: {ctx.get('expected', '')}"
    if kind.endswith("_type") and isinstance(error.get("input"), bool):
        return "is true/false", _EXPECTED.get(kind, "another type")
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", ""))), ""
    template = _EXPECTED.get(kind)
    if template is not None:
        plain = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        return f"is {_show(error.get('input'))}", template.format(**plain)
    return f"is {_show(error.get('input'))} ({error.get('msg', kind)})", "a valid value"


def problems_from(
    exc: ValidationError,
    source: str,
    place: Callable[[tuple], str],
    allowed_keys: tuple[str, ...] = (),
) -> list[Problem]:
    """One Problem per pydantic error, placed by the caller's `place` function."""
    found = []
    for error in exc.errors(include_url=False):
        what, expected = describe(error, allowed_keys)
        found.append(Problem(source, place(tuple(error["loc"])), what, expected))
    return found
