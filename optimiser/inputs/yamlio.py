"""Safe YAML loading that remembers the line of every key, so errors can name it."""

from pathlib import Path
from typing import Any

import yaml

from optimiser.errors import bad_input

MAX_YAML_BYTES = 1_000_000
MAX_YAML_NODES = 20_000
"""Anchors and aliases can make a small file expand enormously; we refuse past this."""

Lines = dict[tuple[str | int, ...], int]


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text input (a BOM is accepted), refusing directories and binary junk."""
    if not path.exists():
        raise bad_input(str(path), "", f"{what} not found", "an existing file")
    if not path.is_file():
        raise bad_input(str(path), "", f"{what} is not a regular file", "a file, not a directory")
    size = path.stat().st_size
    if size > MAX_YAML_BYTES and path.suffix.lower() in {".yaml", ".yml"}:
        raise bad_input(
            str(path),
            "",
            f"{what} is {size:,} bytes",
            f"at most {MAX_YAML_BYTES:,} bytes",
        )
    raw = path.read_bytes()
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


def load_yaml_mapping(path: Path, what: str) -> tuple[dict[str, Any], Lines]:
    """Load a YAML mapping with the safe loader; return it with the line of each key path."""
    text = read_text(path, what)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise bad_input(str(path), "", f"{what} is empty", "a YAML mapping of keys to values")
        lines: Lines = {}
        _walk(node, (), lines, [0], str(path))
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise bad_input(
            str(path),
            where,
            f"a YAML tag cannot be used here ({exc.problem})",
            "plain values: text, numbers, lists",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        detail = " ".join(str(s) for s in (exc.context, exc.problem) if s)
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


def _walk(node: yaml.Node, path: tuple, lines: Lines, count: list[int], source: str) -> None:
    """Record key lines, reject duplicate and non-text keys, and bound the node count."""
    count[0] += 1
    if count[0] > MAX_YAML_NODES:
        raise bad_input(
            source,
            f"line {node.start_mark.line + 1}",
            f"the YAML expands to more than {MAX_YAML_NODES:,} values (anchors and aliases?)",
            "a plain scenario or model file",
        )
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            if key_node.tag != "tag:yaml.org,2002:str":
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
            _walk(value_node, (*path, key), lines, count, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _walk(item, (*path, i), lines, count, source)


def line_of(lines: Lines, loc: tuple) -> int | None:
    """The line of the deepest known key on a pydantic error location."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None
