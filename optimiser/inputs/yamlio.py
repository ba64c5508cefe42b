"""Safe YAML loading that reads numbers as a person does and remembers the line of every key.

The loader follows the YAML 1.2 core schema, not PyYAML's YAML 1.1 default: `0400` is 400
(not octal 256), `6:40` is text (not base-60 400), only true/false are booleans (`yes`, `no`,
`on` and `off` are text), and `1_000` is text. A strict number or true/false field then refuses
the text with its line and key. Sizes are bounded before anything is built: the file by its
size on disk whatever its name, and the document by its number of values (after aliases) and
its depth, counted while it is composed, so a huge list or a deep nest stops at the limit.
"""

import copy
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from optimiser.errors import Problem, bad_input
from optimiser.inputs.read_once import parsed
from optimiser.inputs.schema import BUDGET_ERROR

MAX_YAML_BYTES = 1_000_000
"""Largest scenario, model or options file, whatever its name ends with; checked before reading."""
MAX_YAML_NODES = 20_000
"""Anchors and aliases can make a small file expand enormously; we refuse past this many values."""
MAX_YAML_DEPTH = 100
"""Deepest nesting of lists and mappings (a model is about 5 deep)."""

Lines = dict[tuple[str | int, ...], int]

_TAG = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR = (_TAG + t for t in ("null", "bool", "int", "float", "str"))

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), nothing more.
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o([0-7]+)\Z")
_HEX = re.compile(r"0x([0-9a-fA-F]+)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)


class CoreResolver(BaseResolver):
    """YAML 1.2 core-schema tags for plain scalars: null, bool, int, float; everything else is text."""

    yaml_implicit_resolvers: ClassVar[dict] = {}
    yaml_path_resolvers: ClassVar[dict] = {}


for _tag, _pattern in ((NULL, _NULL), (BOOL, _BOOL), (INT, _INT), (FLOAT, _FLOAT)):
    CoreResolver.add_implicit_resolver(_tag, _pattern, None)


class CoreConstructor(SafeConstructor):
    """Builds only text, numbers, true/false, null, lists and mappings; any other tag is refused."""

    yaml_constructors: ClassVar[dict] = {}
    yaml_multi_constructors: ClassVar[dict] = {}

    def _scalar(self, node: Node, pattern: re.Pattern, kind: str) -> str:
        value = self.construct_scalar(node)
        if not pattern.match(value):
            raise ConstructorError(None, None, f"'{value}' is not {kind}", node.start_mark)
        return value

    def construct_core_bool(self, node: Node) -> bool:
        return self._scalar(node, _BOOL, "true or false").lower() == "true"

    def construct_core_int(self, node: Node) -> int:
        value = self._scalar(node, _INT, "a whole number")
        if match := _OCTAL.match(value):
            return int(match.group(1), 8)
        if match := _HEX.match(value):
            return int(match.group(1), 16)
        return int(value, 10)  # leading zeros are decimal: 0400 is 400

    def construct_core_float(self, node: Node) -> float:
        value = self._scalar(node, _FLOAT, "a number").lower()
        if value.endswith(".inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        if value == ".nan":
            return float("nan")
        return float(value)

    def construct_core_null(self, node: Node) -> None:
        self._scalar(node, _NULL, "null")


CoreConstructor.add_constructor(NULL, CoreConstructor.construct_core_null)
CoreConstructor.add_constructor(BOOL, CoreConstructor.construct_core_bool)
CoreConstructor.add_constructor(INT, CoreConstructor.construct_core_int)
CoreConstructor.add_constructor(FLOAT, CoreConstructor.construct_core_float)
CoreConstructor.add_constructor(STR, SafeConstructor.construct_yaml_str)
CoreConstructor.add_constructor(_TAG + "seq", SafeConstructor.construct_yaml_seq)
CoreConstructor.add_constructor(_TAG + "map", SafeConstructor.construct_yaml_map)
CoreConstructor.add_constructor(None, SafeConstructor.construct_undefined)


class TooBig(yaml.YAMLError):
    """The document has too many values or is nested too deeply; raised while composing it."""

    def __init__(self, what: str, expected: str, mark: yaml.Mark | None) -> None:
        super().__init__(what)
        self.what, self.expected, self.mark = what, expected, mark


def _too_deep(mark: yaml.Mark | None) -> TooBig:
    return TooBig(
        f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep",
        "a plain scenario or model file",
        mark,
    )


class BoundedComposer(Composer):
    """Counts values (an alias counts as everything it stands for) and depth as nodes are composed.

    The count and the depth are checked before each node is built, so a 500,000-item list stops
    at item 20,001 and a 3,000-deep nest at level 101, without composing the rest of the file and
    without recursing deeply enough to exhaust Python's stack.
    """

    def __init__(self) -> None:
        super().__init__()
        self.values = 0
        self.depth = 0
        self._sizes: dict[int, int] = {}

    def _add(self, count: int, mark: yaml.Mark) -> None:
        self.values += count
        if self.values > MAX_YAML_NODES:
            raise TooBig(
                f"the YAML expands to more than {MAX_YAML_NODES:,} values (anchors and aliases?)",
                "a plain scenario or model file",
                mark,
            )

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if self.check_event(AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:
                if id(target) not in self._sizes:
                    raise TooBig(
                        f"alias *{event.anchor} is inside the value it stands for (a recursive alias)",
                        "aliases only to values defined before them",
                        event.start_mark,
                    )
                self._add(self._sizes[id(target)], event.start_mark)
            return super().compose_node(parent, index)
        self._add(1, event.start_mark)
        if self.depth >= MAX_YAML_DEPTH:
            raise _too_deep(event.start_mark)
        before = self.values - 1
        self.depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        self._sizes[id(node)] = self.values - before
        return node


class PythonCoreLoader(Reader, Scanner, Parser, BoundedComposer, CoreConstructor, CoreResolver):
    """The safe loader with YAML 1.2 core-schema numbers and bounded size and depth, in Python."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        BoundedComposer.__init__(self)
        CoreConstructor.__init__(self)
        CoreResolver.__init__(self)

    def fetch_flow_collection_start(self, TokenClass: type) -> None:  # noqa: N803 (PyYAML's name)
        """Stop a deep `[[[[...` as it is scanned: PyYAML's scanner slows with every open bracket."""
        if self.flow_level >= MAX_YAML_DEPTH:
            raise _too_deep(self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


CoreLoader: type = PythonCoreLoader
"""The loader used: libyaml's parser (PyYAML's wheels bundle it) where present, about 20 times
faster at scanning, with the same bounded composer, resolver and constructor on its events."""

if yaml.__with_libyaml__:  # pragma: no branch

    class LibyamlCoreLoader(BoundedComposer, yaml.cyaml.CParser, CoreConstructor, CoreResolver):
        """libyaml scans and parses; composing (counted and bounded) and building stay in Python."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            BoundedComposer.__init__(self)
            CoreConstructor.__init__(self)
            CoreResolver.__init__(self)

    CoreLoader = LibyamlCoreLoader


def read_text(path: Path, what: str, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text input (a BOM is accepted), refusing directories, binary junk and big files.

    The size is checked on disk before reading, whatever the file's name ends with, and the read
    itself stops one byte past the limit (a file that grows meanwhile is still refused).
    """
    max_bytes = MAX_YAML_BYTES if max_bytes is None else max_bytes
    if not path.exists():
        raise bad_input(str(path), "", f"{what} not found", "an existing file")
    if not path.is_file():
        raise bad_input(str(path), "", f"{what} is not a regular file", "a file, not a directory")
    size = path.stat().st_size
    too_big = bad_input(str(path), "", f"{what} is {size:,} bytes", f"at most {max_bytes:,} bytes")
    if size > max_bytes:
        raise too_big
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise too_big
    if b"\x00" in raw:
        raise bad_input(
            str(path),
            "",
            f"{what} contains binary data (NUL bytes)",
            "a UTF-8 text file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad_input(
            str(path),
            f"byte {exc.start}",
            f"{what} is not valid UTF-8",
            "a UTF-8 text file",
        ) from None


def _where(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def load_yaml_mapping(path: Path, what: str) -> tuple[dict[str, Any], Lines]:
    """Load a YAML mapping with the bounded core-schema loader; return it with each key path's line.
    Parsed once per reading session (inputs/read_once); each caller gets its own copy of the mapping."""
    data, lines = parsed(path, ("yaml",), lambda: _parse_yaml_mapping(path, what))
    return copy.deepcopy(data), lines


def _parse_yaml_mapping(path: Path, what: str) -> tuple[dict[str, Any], Lines]:
    text = read_text(path, what)
    loader = CoreLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise bad_input(str(path), "", f"{what} is empty", "a YAML mapping of keys to values")
        lines: Lines = {}
        _walk(node, (), lines, str(path))
        data = loader.construct_document(node)
    except TooBig as exc:
        raise bad_input(str(path), _where(exc.mark), exc.what, exc.expected) from None
    except ConstructorError as exc:
        raise bad_input(
            str(path),
            _where(exc.problem_mark),
            f"a YAML tag cannot be used here ({exc.problem})",
            "plain values: text, numbers, lists",
        ) from None
    except yaml.MarkedYAMLError as exc:
        detail = " ".join(str(s) for s in (exc.context, exc.problem) if s)
        where = _where(exc.problem_mark or exc.context_mark)
        if "nesting depth" in detail:  # libyaml's own limit (1,000), met while scanning ahead
            too_deep = _too_deep(exc.problem_mark)
            raise bad_input(str(path), where, too_deep.what, too_deep.expected) from None
        raise bad_input(str(path), where, f"not valid YAML ({detail})", "a YAML mapping") from None
    except yaml.YAMLError as exc:
        raise bad_input(str(path), "", f"not valid YAML ({exc})", "a YAML mapping") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise bad_input(
            str(path),
            "line 1",
            f"{what} is a YAML {type(data).__name__}",
            "a mapping of keys to values",
        )
    return data, lines


def _walk(node: Node, path: tuple, lines: Lines, source: str) -> None:
    """Record key lines and reject duplicate and non-text keys (the composer bounded the size)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = key_node.value if isinstance(key_node, ScalarNode) else "?"
            if key_node.tag != STR:
                raise bad_input(
                    source, f"line {line}", f"key '{key}' is not text", "text keys such as cap or name"
                )
            if key in seen:
                raise bad_input(
                    source,
                    f"line {line}",
                    f"key '{key}' appears twice (first on line {seen[key]})",
                    "each key once",
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _walk(item, (*path, i), lines, source)


def line_of(lines: Lines, loc: tuple) -> int | None:
    """The line of the deepest known key on a pydantic error location."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


_YAML11_BOOL = re.compile(r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\Z")
_YAML11_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_YAML11_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+)\Z")
_YAML11_BINARY = re.compile(r"[-+]?0b[01_]+\Z")
_TYPE_ERRORS = {
    "float_type",
    "int_type",
    "bool_type",
    "float_parsing",
    "int_parsing",
    "bool_parsing",
    BUDGET_ERROR,
}


def text_note(value: object) -> str:
    """Why a value that an older YAML reader took for a number or true/false is text here, or ''."""
    if not isinstance(value, str):
        return ""
    if _YAML11_BOOL.match(value):
        return "text: only true/false are read as true or false, not yes/no/on/off"
    if _YAML11_SEXAGESIMAL.match(value):
        return "text: numbers with a colon are not read as base 60"
    if "_" in value and _YAML11_NUMBER.match(value):
        return "text: write the number without _ separators"
    if _YAML11_BINARY.match(value):
        return "text: binary numbers are not read; write it in decimal"
    return ""


def with_text_notes(problems: list[Problem], errors: list[dict[str, Any]]) -> list[Problem]:
    """Add text_note to each problem whose value is text a YAML 1.1 reader would have read otherwise.

    `problems` are those `problems_from` made from `errors` (one each, in the same order).
    """
    noted = []
    for problem, error in zip(problems, errors, strict=True):
        note = text_note(error.get("input")) if error["type"] in _TYPE_ERRORS else ""
        noted.append(replace(problem, what=f"{problem.what} ({note})") if note else problem)
    return noted
