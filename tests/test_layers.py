"""The stage folders depend one way (ARCHITECTURE.md): inputs -> lp -> planning -> render -> output,
with cli on top; and no renderer can reach the code that solves, even through another module."""

import pytest

from tests.test_imports import PACKAGE, graph

DEPS = graph(PACKAGE)
SOLVING = {
    "optimiser.lp.model",
    "optimiser.lp.objectives",
    "optimiser.lp.pulp_route",
    "optimiser.lp.years_objectives",
    "optimiser.planning.pipeline",
    "optimiser.planning.prepare",
}
"""The solver seam, the PuLP route, and the stages that load or solve a scenario."""

NEVER = {
    "inputs": {"lp", "planning", "render", "output", "cli"},
    "lp": {"planning", "render", "output", "cli"},
    "planning": {"render", "output", "cli"},
    "render": {"output", "cli"},
    "output": {"inputs", "lp", "planning", "render", "cli"},
}


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _reach(module: str) -> set[str]:
    seen, todo = set(), [module]
    while todo:
        for dep in DEPS[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


@pytest.mark.parametrize("stage", sorted(NEVER))
def test_a_stage_imports_no_later_stage(stage):
    wrong = sorted(
        f"{m} -> {d}"
        for m, deps in DEPS.items()
        if _stage(m) == stage
        for d in deps
        if _stage(d) in NEVER[stage]
    )
    assert not wrong, "\n".join(wrong)


def test_no_renderer_reaches_the_code_that_solves():
    renderers = [m for m in DEPS if _stage(m) == "render"]
    assert len(renderers) > 20
    wrong = {m: sorted(_reach(m) & SOLVING) for m in renderers if _reach(m) & SOLVING}
    assert not wrong, wrong


def test_the_rule_sees_a_solver_reached_through_another_module():
    """The check is transitive: a renderer that imports a helper that imports the pipeline fails."""
    DEPS["optimiser.render.fake"] = {"optimiser.render.fake_helper"}
    DEPS["optimiser.render.fake_helper"] = {"optimiser.planning.pipeline"}
    try:
        assert "optimiser.planning.pipeline" in _reach("optimiser.render.fake")
        with pytest.raises(AssertionError):
            test_no_renderer_reaches_the_code_that_solves()
    finally:
        del DEPS["optimiser.render.fake"], DEPS["optimiser.render.fake_helper"]
