"""The package's imports go one way and name real modules.

The rule: every `from optimiser... import` and `import optimiser...` counts, at the top of a module
or inside a function; the stages' one-way rule (tests/test_layers.py) leaves out those under
`if TYPE_CHECKING:` (annotations only: no runtime dependency). Cycles are refused over every import,
TYPE_CHECKING ones included. (Issue 21 dropped the limit on the depth of import chains: modules were
being split to meet it rather than for a job of their own.)
"""

import ast
from pathlib import Path

import optimiser

PACKAGE = Path(optimiser.__file__).parent


def _modules(root: Path) -> dict[str, Path]:
    """Every module of the package under `root`, by dotted name (a package by its own name)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _nodes(node: ast.AST, skip_type_checking: bool):
    """Every node below `node`; the body of `if TYPE_CHECKING:` left out when asked (its else kept)."""
    for child in ast.iter_child_nodes(node):
        if skip_type_checking and _type_checking(child):
            for other in child.orelse:
                yield other
                yield from _nodes(other, skip_type_checking)
            continue
        yield child
        yield from _nodes(child, skip_type_checking)


def imports_of(source: str, name: str, modules: set[str], skip_type_checking: bool = True) -> set[str]:
    """The package's modules that `source` (the module `name`) imports, by the rule above."""
    found = set()
    for node in _nodes(ast.parse(source), skip_type_checking):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & modules
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names} & modules
    return found - {name, "optimiser"}


def graph(root: Path, skip_type_checking: bool = True) -> dict[str, set[str]]:
    modules = _modules(root)
    names = set(modules)
    return {
        name: imports_of(path.read_text(encoding="utf-8"), name, names, skip_type_checking)
        for name, path in modules.items()
    }


def cycle(deps: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules around it, or None."""
    state: dict[str, int] = {}

    def visit(module: str, stack: list[str]) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for dep in sorted(deps[module]):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (found := visit(dep, stack)):
                return found
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(deps):
        if module not in state and (found := visit(module, [])):
            return found
    return None


def test_no_import_cycle_even_counting_type_checking_imports():
    assert cycle(graph(PACKAGE, skip_type_checking=False)) is None


def test_every_import_of_the_package_names_one_of_its_modules():
    """Annotation-only imports too: they run under type checkers and are read by newcomers."""
    modules = set(_modules(PACKAGE))
    missing = []
    for name, path in _modules(PACKAGE).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0):
                continue
            if (node.module or "").startswith("optimiser") and node.module not in modules:
                missing.append(f"{name}: from {node.module} import ...")
    assert not missing


def test_the_rule_counts_imports_in_functions_but_not_those_for_annotations_only():
    source = """
from typing import TYPE_CHECKING
from optimiser.b import thing
from optimiser import c
if TYPE_CHECKING:
    from optimiser.d import Type
else:
    from optimiser import e
def f():
    from optimiser.f import later
"""
    modules = {"optimiser.a", "optimiser.b", "optimiser.c", "optimiser.d", "optimiser.e", "optimiser.f"}
    assert imports_of(source, "optimiser.a", modules) == {
        "optimiser.b",
        "optimiser.c",
        "optimiser.e",
        "optimiser.f",
    }
    every = imports_of(source, "optimiser.a", modules, skip_type_checking=False)
    assert every == modules - {"optimiser.a"}


def test_cycle_on_a_small_graph():
    deps = {"top": {"mid", "low"}, "mid": {"low"}, "low": set()}
    assert cycle(deps) is None
    assert cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
