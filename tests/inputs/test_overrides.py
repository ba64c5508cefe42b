"""Figures set on the command line carry the figure each replaced, taken when the scenario is read,
so a plan states its source without reading the scenario again."""

from optimiser.inputs.bundle import load_inputs
from optimiser.inputs.overrides import Overrides
from tests.conftest import EXAMPLE, SCENARIO_TEXT


def test_each_override_says_what_it_replaced():
    inputs = load_inputs(EXAMPLE, Overrides(cap=350.0, budget="-8%", cost_per_wte=40000.0))
    assert inputs.cap == 350.0 and inputs.cost_per_wte == 40000.0
    assert (
        inputs.stated_source("cap") == "set on the command line (--cap 350), in place of the scenario's 400"
    )
    assert inputs.stated_source("budget") == (
        "set on the command line (--budget -8%), in place of no budget in the scenario"
    )
    assert inputs.stated_source("cost_per_wte") == (
        "set on the command line (--cost-per-wte 40000), in place of the scenario's £38,323"
    )
    assert inputs.overrides.figures() == {"cap": 350.0, "budget": "-8%", "cost_per_wte": 40000.0}


def test_a_figure_left_to_the_model_is_the_models(case):
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400\n", ""))
    inputs = load_inputs(case.scenario, Overrides(cap=300.0))
    assert inputs.model.cap is not None  # the model sets the cap the scenario leaves out
    expected = f"set on the command line (--cap 300), in place of the model's {inputs.model.cap:g}"
    assert inputs.stated_source("cap") == expected


def test_without_overrides_the_sources_are_the_files():
    inputs = load_inputs(EXAMPLE)
    assert inputs.overrides == Overrides()
    assert inputs.stated_source("cap") == inputs.source_of("cap")
    assert Overrides().in_words() == ""


def test_objective_and_confidence_are_given_but_not_stated():
    given = Overrides(objective="max-coverage", confidence=0.9)
    assert given.given() == {"objective": "max-coverage", "confidence": 0.9}
    assert given.figures() == {}
    assert given.source("cap") is None


def test_a_comparison_names_every_figure_set():
    assert Overrides(cap=350.0, budget=4000000.0).in_words() == (
        "Set on the command line for every option, in place of each option's own figure: "
        "--cap 350, --budget 4000000."
    )
