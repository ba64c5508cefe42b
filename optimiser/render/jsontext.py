"""Indented JSON text, byte for byte what `json.dumps(value, indent=2, ensure_ascii=False,
allow_nan=False)` writes, but encoded a column at a time.

The standard library's C encoder does not indent (before Python 3.13), so an indented national
plan (100,000 localities, a dozen figures each) went through its pure-Python encoder, one value
at a time. Here lists of dicts with the same keys (the locality rows) are encoded key by key, a
whole column of floats in one `map`. Anything unusual (keys that are not text, a value of a
type JSON does not know, a float that is not finite) is handed to `json.dumps` itself, so its
text and its errors are the standard library's.
"""

from json import dumps as json_dumps
from json.encoder import encode_basestring
from typing import Any

_SCALARS = {
    str: encode_basestring,
    float: float.__repr__,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


class _UnusualError(Exception):
    """Something the column encoder leaves to the standard library."""


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`, faster on long lists."""
    try:
        return _many([value], 0)[0]
    except (_UnusualError, RecursionError):
        return json_dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


def _many(values: list[Any], level: int) -> list[str]:
    """The text of each of `values`, all at the same depth `level`."""
    kinds = set(map(type, values))
    if kinds <= _SCALARS.keys():
        if kinds == {float}:
            texts = list(map(float.__repr__, values))
            if "n" in "".join(texts):  # nan, inf: allow_nan=False refuses them
                raise _UnusualError
            return texts
        texts = [_SCALARS[type(v)](v) for v in values]
        if float in kinds and any(type(v) is float and "n" in t for v, t in zip(values, texts, strict=True)):
            raise _UnusualError
        return texts
    if kinds <= {list, tuple}:
        return _lists(values, level)
    if kinds == {dict}:
        return _dicts(values, level)
    return [_one(v, level) for v in values]


def _one(value: Any, level: int) -> str:
    """One value of a subclass or a mixed column, tested in the order json's encoder tests."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return _SCALARS[type(value)](value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        text = float.__repr__(value)
        if "n" in text:
            raise _UnusualError
        return text
    if isinstance(value, list | tuple):
        return _lists([value], level)[0]
    if isinstance(value, dict):
        return _dicts([dict(value)], level)[0]
    raise _UnusualError


def _lists(values: list[Any], level: int) -> list[str]:
    """Lists at one depth: their items encoded together, then cut back into lists."""
    lengths = list(map(len, values))
    items = _many([item for value in values for item in value], level + 1)
    inner = "\n" + "  " * (level + 1)
    close = "\n" + "  " * level + "]"
    texts, start = [], 0
    for length in lengths:
        end = start + length
        texts.append("[" + inner + ("," + inner).join(items[start:end]) + close if length else "[]")
        start = end
    return texts


def _dicts(values: list[dict[str, Any]], level: int) -> list[str]:
    """Dicts at one depth; those with the same keys in the same order are encoded key by key."""
    shapes = set(map(tuple, values))
    if len(shapes) > 1:
        return [_dicts([value], level)[0] for value in values]
    keys = shapes.pop()
    if not keys:
        return ["{}"] * len(values)
    if not all(type(key) is str for key in keys):
        raise _UnusualError
    inner = "  " * (level + 1)
    columns = []
    for key in keys:
        prefix = inner + encode_basestring(key) + ": "
        columns.append([prefix + text for text in _many([value[key] for value in values], level + 1)])
    close = "\n" + "  " * level + "}"
    return ["{\n" + ",\n".join(parts) + close for parts in zip(*columns, strict=True)]
