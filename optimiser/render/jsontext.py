"""Indented JSON text, byte for byte what `json.dumps(value, indent=2, ensure_ascii=False,
allow_nan=False)` writes, but in C where that is provably the same text.

The standard library's C encoder does not indent (before Python 3.13), so an indented national
plan (100,000 localities, a dozen figures each) went through its pure-Python encoder, one value
at a time. orjson indents in C and writes the same text for plain data: dicts with text keys,
lists, tuples, text, integers, booleans, None, and floats that are 0 or from 1e-4 to 1e16 in
size (its floats are shortest round-trip like `repr`, but outside that range its exponent form
differs: `1e-5` against `1e-05`). A walk over the value, one depth at a time, checks that;
anything else goes to a column encoder here (lists of dicts with the same keys encoded key by
key, a whole column of floats in one `map`). Anything unusual (keys that are not text, a value
of a type JSON does not know, a float that is not finite) is handed to `json.dumps` itself, so
its text and its errors are the standard library's.
"""

from collections.abc import Callable
from json import dumps as json_dumps
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

import numpy as np
import orjson

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
    that appear only inside JSON strings (the column encoder applies it to the strings and keys
    as encoded, which is the same)."""
    plain = _Plain()
    if plain.values([value], 0):
        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, text that is not UTF-8
            pass
        else:
            return text if escape is None or not plain.changed_by(escape) else escape(text)
    try:
        return _Encoder(escape).many([value], 0)[0]
    except (_UnusualError, RecursionError):
        text = json_dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
        return text if escape is None else escape(text)


_PLAIN_TYPES = frozenset({dict, list, tuple, str, int, float, bool, type(None)})
_DEEPEST = 200
"""Depths walked at most (orjson refuses more than 254; a value that contains itself never ends)."""


class _Plain:
    """Checks that orjson writes a value as json.dumps does: only the types JSON knows (exactly,
    not subclasses), text keys, and floats of 0 or from 1e-4 to 1e16 in size. Walks one depth at
    a time, dicts with the same keys a column at a time; keeps the text met, for `escape`."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def changed_by(self, escape: Callable[[str], str]) -> bool:
        """True when `escape` changes any text (key or string) met (it replaces single characters)."""
        joined = "".join(self.texts)
        return escape(joined) != joined

    def values(self, values: list[Any], depth: int) -> bool:
        """True when every one of `values` (all at one depth) is plain."""
        if depth > _DEEPEST:
            return False
        kinds = set(map(type, values))
        if not kinds <= _PLAIN_TYPES:
            return False
        if kinds == {float}:
            return _plain_floats(values)
        if kinds == {dict}:
            return self._dicts(values, depth)
        if float in kinds and not _plain_floats([v for v in values if type(v) is float]):
            return False
        if str in kinds:
            self.texts += [v for v in values if type(v) is str]
        if dict in kinds and not self._dicts([v for v in values if type(v) is dict], depth):
            return False
        if list in kinds or tuple in kinds:
            items = [x for v in values if type(v) is list or type(v) is tuple for x in v]
            return self.values(items, depth + 1)
        return True

    def _dicts(self, dicts: list[dict[Any, Any]], depth: int) -> bool:
        """Dicts at one depth: a column at a time when all have the first one's keys."""
        keys = list(dicts[0])
        if set(map(len, dicts)) == {len(keys)}:
            try:
                columns = [list(map(itemgetter(key), dicts)) for key in keys]
            except KeyError:
                columns = None
            if columns is not None:
                return self._keys(keys) and all(self.values(column, depth + 1) for column in columns)
        keys = [key for d in dicts for key in d]
        return self._keys(keys) and self.values([v for d in dicts for v in d.values()], depth + 1)

    def _keys(self, keys: list[Any]) -> bool:
        if not set(map(type, keys)) <= {str}:
            return False
        self.texts += keys
        return True


def _plain_floats(floats: list[float]) -> bool:
    """Every float 0, or finite from 1e-4 to (not including) 1e16 in size."""
    size = np.abs(np.fromiter(floats, dtype=float, count=len(floats)))
    return bool(((size == 0) | ((size >= 1e-4) & (size < 1e16))).all())


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
