"""The lock (constraints.txt) pins every dependency within pyproject's ranges, and is what is installed."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            assert pinned and re.fullmatch(r"[\w.+!-]+", pinned), f"not an exact pin: {line}"
            pins[canonicalize_name(name)] = pinned
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared but not in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name}=={pins[name]} is outside pyproject's {requirement.specifier}"
        )


def test_every_runtime_range_has_an_upper_bound():
    for requirement in _declared():
        assert any(s.operator in ("<", "<=", "==", "~=") for s in requirement.specifier) or (
            requirement.name == "packaging"
        ), f"{requirement} has no upper bound on untested major versions"


def test_installed_versions_are_the_locked_ones():
    """The README's commands install with -c constraints.txt: what runs is what was tested."""
    for name, pinned in _pins().items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            continue  # a pin for another platform's or extra's package
        assert installed == pinned, f"{name} {installed} is installed but constraints.txt pins {pinned}"
