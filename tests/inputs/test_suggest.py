"""The nearest known names to a typo."""

from optimiser.inputs.suggest import did_you_mean, folded, nearest


def test_a_transposed_key_suggests_the_key():
    assert nearest("cpa", ["cap", "budget", "cost_per_wte"]) == ["cap"]
    assert did_you_mean("cpa", ["cap", "budget"]) == " (did you mean 'cap'?)"


def test_case_spaces_and_underscores_are_ignored():
    assert folded("In Post_WTE") == folded("in_post_wte")
    assert nearest("Weighted Caseload", ["weighted_caseload", "locality"]) == ["weighted_caseload"]


def test_nothing_close_suggests_nothing():
    assert nearest("zzzz", ["cap", "budget"]) == []
    assert did_you_mean("zzzz", ["cap", "budget"]) == ""
