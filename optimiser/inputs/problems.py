"""Turn pydantic validation errors into Problems that name the file, line or row, and key."""

import re
from collections.abc import Callable
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from optimiser.errors import Problem
from optimiser.inputs.schema import BUDGET_ERROR, BUDGET_EXPECTED
from optimiser.inputs.suggest import did_you_mean

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
    BUDGET_ERROR: BUDGET_EXPECTED,
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


Keys = tuple[str, ...] | type[BaseModel]
"""The keys a file may use: listed, or those of the pydantic model that reads it (at any depth)."""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (`Horizon | None`, `tuple[Band, ...]`, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]  # unions, lists, Annotated


def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """A model's keys as a file writes them: the alias where a field has one (`from`), else its name."""
    return tuple(info.alias or name for name, info in model.model_fields.items())


def keys_at(model: type[BaseModel], loc: tuple) -> tuple[str, ...]:
    """The keys allowed in the mapping that holds the last key of `loc`: the model's own at the top,
    a block's inside it (`horizon.leavers_rate` is checked against the horizon block's keys)."""
    current = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue  # an item of a list: the same models as the list
        inner = []
        for m in current:
            fields = {info.alias or name: info for name, info in m.model_fields.items()}
            if part in fields:
                inner += _models_in(fields[part].annotation)
        current = inner
    return tuple(dict.fromkeys(k for m in current for k in _field_names(m)))


def _known(allowed_keys: Keys, loc: tuple) -> tuple[str, ...]:
    if isinstance(allowed_keys, type):
        return keys_at(allowed_keys, loc)
    return allowed_keys


_QUOTED = re.compile(r"'([^']*)'")


def describe(error: dict[str, Any], allowed_keys: Keys = ()) -> tuple[str, str]:
    """Plain-English (what was wrong, what is expected) for one pydantic error; an unknown key or
    choice says which known one it is nearest to ("did you mean 'cap'?")."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is missing", "this key to be present"
    if kind == "extra_forbidden":
        known = _known(allowed_keys, tuple(error["loc"]))
        key = str(error["loc"][-1]) if error["loc"] else ""
        hint = did_you_mean(key, known) if key else ""
        return f"is not a known key{hint}", f"one of: {', '.join(known)}" if known else "no such key"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", ""))), ""
    if kind == "enum" or kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        value = error.get("input")
        hint = did_you_mean(value, _QUOTED.findall(expected)) if isinstance(value, str) else ""
        return f"is {_show(value)}{hint}", f"one of: {expected}"
    if kind.endswith("_type") and isinstance(error.get("input"), bool):
        return "is true/false", _EXPECTED.get(kind, "another type")
    template = _EXPECTED.get(kind)
    if template is not None:
        plain = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        return f"is {_show(error.get('input'))}", template.format(**plain)
    return f"is {_show(error.get('input'))} ({error.get('msg', kind)})", "a valid value"


def problems_from(
    exc: ValidationError,
    source: str,
    place: Callable[[tuple], str],
    allowed_keys: Keys = (),
) -> list[Problem]:
    """One Problem per pydantic error, placed by the caller's `place` function."""
    found = []
    for error in exc.errors(include_url=False):
        what, expected = describe(error, allowed_keys)
        found.append(Problem(source, place(tuple(error["loc"])), what, expected))
    return found
