"""Indented JSON text, byte for byte what `json.dumps(value, indent=2, ensure_ascii=False,
allow_nan=False)` writes, but encoded a column at a time.

The standard library's C encoder does not indent (before Python 3.13), so an indented national
plan (100,000 localities, a dozen figures each) went through its pure-Python encoder, one value
at a time. Here lists of dicts with the same keys (the locality rows) are encoded key by key, a
whole column of floats in one `map`. Anything unusual (keys that are not text, a value of a
type JSON does not know, a float that is not finite) is handed to `json.dumps` itself, so its
text and its errors are the standard library's.
"""

from collections.abc import Callable
from json import dumps as json_dumps
from json.encoder import encode_basestring
from typing import Any

_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    float: float.__repr__,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


class _UnusualError(Exception):
    """Something the column encoder leaves to the standard library."""


def dumps(value: Any, escape: Callable[[str], str] | None = None) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`, faster on long lists.

    `escape`, when given, is applied to the text as a whole; it must replace single characters
    that appear only inside JSON strings (it is applied to the strings and keys as encoded, which
    is the same and far shorter)."""
    try:
        return _Encoder(escape).many([value], 0)[0]
    except (_UnusualError, RecursionError):
        text = json_dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
        return text if escape is None else escape(text)


class _Encoder:
    """Encodes columns of values, text escaped with `escape` when given."""

    def __init__(self, escape: Callable[[str], str] | None) -> None:
        self.escape = escape
        self.encoders = dict(_SCALARS)
        if escape is not None:
            self.encoders[str] = lambda text: escape(encode_basestring(text))

    def texts(self, values: list[str]) -> list[str]:
        """A column of strings: escaped one by one only when escaping them all together changes them."""
        texts = list(map(encode_basestring, values))
        if self.escape is not None:
            whole = "".join(texts)
            if self.escape(whole) != whole:
                return list(map(self.escape, texts))
        return texts

    def many(self, values: list[Any], level: int) -> list[str]:
        """The text of each of `values`, all at the same depth `level`."""
        kinds = set(map(type, values))
        if kinds == {str}:
            return self.texts(values)
        if kinds <= _SCALARS.keys():
            if kinds == {float}:
                texts = list(map(float.__repr__, values))
                if "n" in "".join(texts):  # nan, inf: allow_nan=False refuses them
                    raise _UnusualError
                return texts
            texts = [self.encoders[type(v)](v) for v in values]
            if float in kinds and any(
                type(v) is float and "n" in t for v, t in zip(values, texts, strict=True)
            ):
                raise _UnusualError
            return texts
        if kinds <= {list, tuple}:
            return self._lists(values, level)
        if kinds == {dict}:
            return self._dicts(values, level)
        return [self._one(v, level) for v in values]

    def _one(self, value: Any, level: int) -> str:
        """One value of a subclass or a mixed column, tested in the order json's encoder tests."""
        if isinstance(value, str):
            return self.encoders[str](value)
        if value is None or value is True or value is False:
            return self.encoders[type(value)](value)
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            text = float.__repr__(value)
            if "n" in text:
                raise _UnusualError
            return text
        if isinstance(value, list | tuple):
            return self._lists([value], level)[0]
        if isinstance(value, dict):
            return self._dicts([dict(value)], level)[0]
        raise _UnusualError

    def _lists(self, values: list[Any], level: int) -> list[str]:
        """Lists at one depth: their items encoded together, then cut back into lists."""
        lengths = list(map(len, values))
        items = self.many([item for value in values for item in value], level + 1)
        inner = "\n" + "  " * (level + 1)
        close = "\n" + "  " * level + "]"
        if set(lengths) == {1}:  # one item each (one grade a locality)
            return ["[" + inner + item + close for item in items]
        texts, start = [], 0
        for length in lengths:
            end = start + length
            texts.append("[" + inner + ("," + inner).join(items[start:end]) + close if length else "[]")
            start = end
        return texts

    def _dicts(self, values: list[dict[str, Any]], level: int) -> list[str]:
        """Dicts at one depth; those with the same keys in the same order are encoded key by key."""
        shapes = set(map(tuple, values))
        if len(shapes) > 1:
            return [self._dicts([value], level)[0] for value in values]
        keys = shapes.pop()
        if not keys:
            return ["{}"] * len(values)
        if not all(type(key) is str for key in keys):
            raise _UnusualError
        inner = "  " * (level + 1)
        columns = []
        for key in keys:
            prefix = inner + self.encoders[str](key) + ": "
            column = self.many([value[key] for value in values], level + 1)
            columns.append([prefix + text for text in column])
        close = "\n" + "  " * level + "}"
        return ["{\n" + ",\n".join(parts) + close for parts in zip(*columns, strict=True)]
