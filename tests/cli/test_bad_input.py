"""Every bad input of the foundation issue: exit 2, a message naming the place, no traceback."""

import pytest

from tests.conftest import SCENARIO_TEXT, run_cli

GOOD_CSV = "locality,in_post_wte,caseload\nA,10,4000\nB,5,2500\n"

CASES = {
    # name: (file to write, its text, words the message must contain)
    "unknown scenario key": (
        "scenario.yaml",
        SCENARIO_TEXT + "capp: 350\n",
        ["scenario.yaml", "line 7", "capp"],
    ),
    "cap zero": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("cap: 400", "cap: 0"),
        ["line 4", "'cap'", "greater than 0"],
    ),
    "cap negative": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("cap: 400", "cap: -400"),
        ["'cap'", "greater than 0"],
    ),
    "cap text": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("cap: 400", "cap: four hundred"),
        ["'cap'", "number"],
    ),
    "cost zero": ("scenario.yaml", SCENARIO_TEXT.replace("38323", "0"), ["'cost_per_wte'", "greater than 0"]),
    "cost negative": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("38323", "-1"),
        ["'cost_per_wte'", "greater than 0"],
    ),
    "budget negative": ("scenario.yaml", SCENARIO_TEXT + "budget: -5\n", ["'budget'", "at least 0"]),
    "unknown objective": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("min-cost", "cheapest"),
        ["'objective'", "cheapest", "min-cost"],
    ),
    "missing name": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("name: test scenario\n", ""),
        ["'name'", "missing"],
    ),
    "duplicate key": ("scenario.yaml", SCENARIO_TEXT + "cap: 350\n", ["line 7", "'cap' appears twice"]),
    "not yaml": ("scenario.yaml", "name: [unclosed\n", ["scenario.yaml", "line", "not valid YAML"]),
    "python tag": (
        "scenario.yaml",
        "name: !!python/object/apply:os.system ['true']\n",
        ["scenario.yaml", "YAML"],
    ),
    "scenario is a list": ("scenario.yaml", "- a\n- b\n", ["scenario.yaml", "mapping"]),
    "empty scenario": ("scenario.yaml", "", ["scenario.yaml", "empty"]),
    "missing model file": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("model.yaml", "nowhere.yaml"),
        ["nowhere.yaml", "not found"],
    ),
    "missing locality file": (
        "scenario.yaml",
        SCENARIO_TEXT.replace("localities.csv", "nowhere.csv"),
        ["nowhere.csv", "not found"],
    ),
    "unknown model key": ("model.yaml", "name: m\nweights: 3\n", ["model.yaml", "line 2", "'weights'"]),
    "zero category weight": (
        "model.yaml",
        "name: m\ncategories:\n  - name: tier1\n    weight: 0\n",
        ["model.yaml", "categories.0.weight", "greater than 0"],
    ),
    "missing column": (
        "localities.csv",
        "locality,in_post_wte\nA,10\n",
        ["localities.csv", "'caseload' is missing"],
    ),
    "unknown column": (
        "localities.csv",
        "locality,in_post_wte,caseload,caselod\nA,10,4000,1\n",
        ["localities.csv", "'caselod'", "not a known column"],
    ),
    "non-number": (
        "localities.csv",
        "locality,in_post_wte,caseload\nA,10,lots\n",
        ["line 2", "'A'", "'caseload'"],
    ),
    "thousands separator": (
        "localities.csv",
        'locality,in_post_wte,caseload\nA,10,"7,240"\n',
        ["line 2", "'caseload'", "no commas"],
    ),
    "negative caseload": (
        "localities.csv",
        "locality,in_post_wte,caseload\nA,10,-1\n",
        ["line 2", "'caseload'"],
    ),
    "negative wte": (
        "localities.csv",
        "locality,in_post_wte,caseload\nA,-2,100\n",
        ["line 2", "'in_post_wte'"],
    ),
    "nan caseload": ("localities.csv", "locality,in_post_wte,caseload\nA,2,nan\n", ["line 2", "'caseload'"]),
    "duplicate names": (
        "localities.csv",
        "locality,in_post_wte,caseload\nNorth,1,100\n north ,2,200\n",
        ["line 3", "repeats locality 'North' from line 2"],
    ),
    "empty table": (
        "localities.csv",
        "# a source line\nlocality,in_post_wte,caseload\n",
        ["line 2", "no rows"],
    ),
    "empty file": ("localities.csv", "", ["localities.csv", "no header"]),
    "floor above ceiling": (
        "localities.csv",
        "locality,in_post_wte,caseload,floor_wte,ceiling_wte\nA,10,4000,12,11\n",
        ["line 2", "floor_wte 12 is above ceiling_wte 11"],
    ),
    "ragged row": ("localities.csv", "locality,in_post_wte,caseload\nA,10\n", ["line 2", "2 cells", "3"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_refused_clearly(case, name):
    filename, text, words = CASES[name]
    if filename != "localities.csv":
        case.write("localities.csv", GOOD_CSV)
    case.write(filename, text)
    before = case.snapshot()
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    message = result.stderr
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert case.snapshot() == before


def test_missing_scenario_file(tmp_path):
    result = run_cli("plan", tmp_path / "absent.yaml")
    assert result.exit_code == 2
    assert "absent.yaml" in result.stderr and "not found" in result.stderr


def test_scenario_path_is_a_directory(tmp_path):
    result = run_cli("plan", tmp_path)
    assert result.exit_code == 2
    assert "is a folder, not a scenario file" in result.stderr


def test_all_problems_in_a_file_are_reported_together(case):
    case.write("localities.csv", "locality,in_post_wte,caseload\nA,-1,100\nB,2,x\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_override_on_command_line_is_named(case):
    case.write("localities.csv", GOOD_CSV)
    result = run_cli("plan", case.scenario, "--cap", "-3")
    assert result.exit_code == 2
    assert "option --cap" in result.stderr


def test_debug_shows_traceback(case):
    case.write("localities.csv", "locality,in_post_wte,caseload\nA,-1,100\n")
    result = run_cli("plan", case.scenario, "--debug")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_no_cost_anywhere(case):
    case.write("localities.csv", GOOD_CSV)
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cost_per_wte: 38323\n", ""))
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "cost_per_wte" in result.stderr


def test_never_overwrites_an_input(case):
    case.write("localities.csv", GOOD_CSV)
    before = case.snapshot()
    for target in (case.localities, case.scenario, case.model):
        result = run_cli("plan", case.scenario, "--format", "csv", "-o", target)
        assert result.exit_code == 2
        assert "input" in result.stderr
    assert case.snapshot() == before


def test_tables_past_the_documented_limit_are_refused(case, monkeypatch):
    import optimiser.inputs.localities as localities

    monkeypatch.setattr(localities, "MAX_LOCALITIES", 2)
    case.write("localities.csv", GOOD_CSV + "C,1,100\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "3 rows" in result.stderr and "at most 2 localities" in result.stderr


def test_files_past_the_size_limit_are_refused(case, monkeypatch):
    import optimiser.inputs.localities as localities

    monkeypatch.setattr(localities, "MAX_CSV_BYTES", 10)
    case.write("localities.csv", GOOD_CSV)
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "at most 10 bytes" in result.stderr
