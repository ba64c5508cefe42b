"""ARCHITECTURE.md names every module of the package, so a newcomer finds each one's job there."""

import re
from pathlib import Path

import optimiser

PACKAGE = Path(optimiser.__file__).parent
DOC = PACKAGE.parent / "ARCHITECTURE.md"


def test_every_module_is_named_in_architecture_md():
    named = set()
    for quoted in re.findall(r"`([A-Za-z_][\w./]*)`", DOC.read_text(encoding="utf-8")):
        named.add(quoted)
        named.update(re.split(r"[/.]", quoted))
    modules = sorted(p for p in PACKAGE.rglob("*.py") if p.stem != "__init__")
    unnamed = [str(p.relative_to(PACKAGE)) for p in modules if p.stem not in named]
    assert not unnamed, f"ARCHITECTURE.md does not name: {', '.join(unnamed)}"
