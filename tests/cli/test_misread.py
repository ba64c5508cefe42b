"""Input that cannot be misread (issue 9.4, and sweep ranges from 9.7).

1. YAML numbers mean what a person reads (YAML 1.2 core schema): 0400 is 400, 6:40 is text.
2. Reserved names cannot collide: categories, grades and multiplier columns against the locality
   columns the tool reads, and option names against each other and the comparison's own columns.
3. Size limits apply whatever a file is called and before anything is built: a file by its size on
   disk, a YAML document by its values and depth counted while it is composed.
4. A sweep's size and bounds are checked from its ranges' counts, before any list is built.

Nothing here is timed: where the issue asks for speed, the tests check the structure that makes
slowness impossible (the file is never opened, the composer stops at its limit, no list or
scenario is built), and the few subprocess runs have a generous timeout only as a hang guard.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import optimiser.cli.sweep_command as sweep_command
from optimiser.errors import InputError
from optimiser.inputs import sweep_ranges, yamlio
from optimiser.inputs.scenario import load_scenario
from optimiser.planning import sweep_run
from tests.conftest import EXAMPLE, ROOT, SCENARIO_TEXT, run_cli

HANG_GUARD = 20
"""Seconds a subprocess may take before the test fails as hung (the refusals take well under 1)."""


def _refused(result, *words: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, f"{word!r} not in {result.stderr!r}"


LOADERS = [yamlio.PythonCoreLoader] + (
    [yamlio.CoreLoader] if yamlio.CoreLoader is not yamlio.PythonCoreLoader else []
)


@pytest.fixture(params=LOADERS, ids=[loader.__name__ for loader in LOADERS])
def each_loader(request, monkeypatch):
    """Run the test with libyaml's parser (the default, where PyYAML has it) and with PyYAML's own."""
    monkeypatch.setattr(yamlio, "CoreLoader", request.param)
    return request.param


@pytest.fixture
def spy_composer(monkeypatch):
    """Count the nodes the YAML composer starts, and fail if the key walk (after composition) runs."""
    calls = [0]
    original = yamlio.BoundedComposer.compose_node

    def counting(self, parent, index):
        calls[0] += 1
        return original(self, parent, index)

    def walk_must_not_run(*args, **kwargs):
        raise AssertionError("the document was composed in full before being refused")

    monkeypatch.setattr(yamlio.BoundedComposer, "compose_node", counting)
    monkeypatch.setattr(yamlio, "_walk", walk_must_not_run)
    return calls


@pytest.fixture
def never_opened(monkeypatch):
    """Register paths that must be refused by their size on disk, without being opened or read."""
    guarded: set[Path] = set()
    original_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self.resolve() in guarded:
            raise AssertionError(f"{self} was opened")
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: guarded_open(self, "rb").read())
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: guarded_open(self, "r", *a, **k).read())
    return lambda path: guarded.add(Path(path).resolve())


# 1. Numbers mean what a person reads ----------------------------------------------------------

CORE = {
    "leading_zero": ("0400", 400),
    "signed_leading_zero": ("+0400", 400),
    "negative_leading_zero": ("-012", -12),
    "octal": ("0o620", 400),
    "hex": ("0x190", 400),
    "exponent": ("1e3", 1000.0),
    "exponent_no_dot": ("4e2", 400.0),
    "decimal": ("14.86", 14.86),
    "leading_dot": (".5", 0.5),
    "trailing_dot": ("1.", 1.0),
    "infinity": (".inf", math.inf),
    "minus_infinity": ("-.Inf", -math.inf),
    "true": ("true", True),
    "True": ("True", True),
    "FALSE": ("FALSE", False),
    "tilde": ("~", None),
    "null": ("null", None),
    "empty": ("", None),
    "base_60": ("6:40", "6:40"),
    "time": ("12:30:00", "12:30:00"),
    "yes": ("yes", "yes"),
    "no": ("no", "no"),
    "on": ("on", "on"),
    "Off": ("Off", "Off"),
    "underscore": ("1_000", "1_000"),
    "binary": ("0b101", "0b101"),
    "comma": ("1,000", "1,000"),
    "date": ("2010-01-15", "2010-01-15"),
    "quoted_number": ('"0400"', "0400"),
    "nan_word": ("nan", "nan"),
}


def test_yaml_follows_the_core_schema(tmp_path, each_loader):
    path = tmp_path / "values.yaml"
    path.write_text("".join(f"k_{key}: {text}\n" for key, (text, _) in CORE.items()), encoding="utf-8")
    data, lines = yamlio.load_yaml_mapping(path, "test file")
    for number, (key, (text, expected)) in enumerate(CORE.items(), start=1):
        value = data[f"k_{key}"]
        assert value == expected and type(value) is type(expected), (text, value)
        assert lines[(f"k_{key}",)] == number
    nan = tmp_path / "nan.yaml"
    nan.write_text("a: .nan\nb: .NaN\n", encoding="utf-8")
    assert all(math.isnan(v) for v in yamlio.load_yaml_mapping(nan, "test file")[0].values())


SHIPPED = sorted([*ROOT.glob("examples/*/*.yaml"), *ROOT.glob("models/*.yaml")])


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(ROOT)) for p in SHIPPED])
def test_shipped_files_read_as_before(path, each_loader):
    """Every shipped scenario and model means the same under the YAML 1.2 reader as under PyYAML's."""
    assert yamlio.load_yaml_mapping(path, "shipped file")[0] == yaml.safe_load(path.read_text("utf-8"))


def test_leading_zero_cap_is_400_not_octal_256(case):
    plain = run_cli("plan", case.scenario, "--format", "json")
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400", "cap: 0400"))
    before = case.snapshot()
    padded = run_cli("plan", case.scenario, "--format", "json")
    assert padded.exit_code == 0, padded.stderr
    assert json.loads(padded.stdout)["cap"] == 400
    assert padded.stdout == plain.stdout
    assert case.snapshot() == before


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("cap: 6:40", ["line 4", "key 'cap'", "is '6:40'", "base 60", "expected a number"]),
        ("cap: 1_000", ["line 4", "key 'cap'", "is '1_000'", "expected a number"]),
        ("cap: yes", ["line 4", "key 'cap'", "is 'yes'", "expected a number"]),
        ("cap: 2010-01-15", ["line 4", "key 'cap'", "is '2010-01-15'", "expected a number"]),
        ("no_cuts: yes", ["line 7", "key 'no_cuts'", "is 'yes'", "expected true or false"]),
        ("no_cuts: off", ["line 7", "key 'no_cuts'", "is 'off'", "expected true or false"]),
        ('no_cuts: "true"', ["line 7", "key 'no_cuts'", "is 'true'", "expected true or false"]),
        ("no_cuts: 1", ["line 7", "key 'no_cuts'", "is 1", "expected true or false"]),
        ("budget: 3_500_000", ["line 7", "key 'budget'", "'3_500_000'", "pounds a year"]),
    ],
)
@pytest.mark.parametrize("command", ["plan", "validate"])
def test_what_yaml_1_1_misread_is_refused_with_its_place(case, line, words, command):
    key = line.split(":")[0]
    text = SCENARIO_TEXT.replace("cap: 400\n", line + "\n") if key == "cap" else SCENARIO_TEXT + line + "\n"
    case.write("scenario.yaml", text)
    before = case.snapshot()
    _refused(run_cli(command, case.scenario), "scenario.yaml", *words)
    assert case.snapshot() == before


def test_true_is_still_a_boolean_and_a_date_still_a_data_date(case):
    case.write("scenario.yaml", SCENARIO_TEXT + "no_cuts: True\ndata_date: 2010-01-15\n")
    scenario = load_scenario(case.scenario)
    assert scenario.no_cuts is True
    assert scenario.data_date == "2010-01-15"


@pytest.mark.parametrize(
    "value", ["!!int 6:40", "!!bool maybe", "!!float 1_0", "!!timestamp soon", "!!set {a}", "!!binary aGk="]
)
def test_explicit_tags_outside_the_core_schema_are_refused(case, value):
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400", f"cap: {value}"))
    _refused(run_cli("plan", case.scenario), "scenario.yaml", "line 4")


# 2. Reserved names cannot collide -------------------------------------------------------------

CATEGORIES = """\
name: reserved-names model
case_unit: children
categories:
  - name: universal
    weight: 1
  - name: {name}
    weight: 2
"""


@pytest.mark.parametrize(
    "name",
    [
        "locality",
        "in_post_wte",
        "caseload",
        "floor_wte",
        "ceiling_wte",
        "deprivation",
        "'in_post_wte:health visitor'",
        "Locality",
        "' ceiling_wte '",
    ],
)
def test_a_category_named_like_a_locality_column_is_refused(case, name):
    case.write("model.yaml", CATEGORIES.format(name=name))
    before = case.snapshot()
    for command in ("plan", "validate"):
        _refused(
            run_cli(command, case.scenario), "model.yaml", "line 6", "key 'categories.1.name'", "reserved"
        )
    assert case.snapshot() == before


def test_a_category_named_like_a_multiplier_column_is_refused(case):
    model = CATEGORIES.format(name="Rural_Percent") + (
        "multipliers:\n  - name: rurality\n    column: rural_percent\n"
        "    linear: {intercept: 1, slope: 0.01}\n"
    )
    case.write("model.yaml", model)
    _refused(run_cli("plan", case.scenario), "model.yaml", "line 8", "key 'multipliers'", "'rural_percent'")


@pytest.mark.parametrize(
    ("first", "second"),
    [("universal", "universal"), ("universal", "Universal"), ("'universal plus'", "'universal   plus '")],
)
def test_categories_that_differ_only_in_case_or_spaces_are_refused(case, first, second):
    case.write("model.yaml", CATEGORIES.format(name=second).replace("name: universal", f"name: {first}"))
    _refused(run_cli("plan", case.scenario), "model.yaml", "line 3", "key 'categories'", "repeated")


def test_grades_that_differ_only_in_case_are_refused(case):
    case.write(
        "model.yaml",
        "name: m\ngrades:\n  - name: band 6\n    cost_per_wte: 38323\n"
        "  - name: Band  6\n    cost_per_wte: 30000\n",
    )
    _refused(run_cli("plan", case.scenario), "model.yaml", "line 2", "key 'grades'", "'band 6' and 'Band  6'")


def _option(folder: Path, file: str, name: str) -> Path:
    path = folder / file
    path.write_text(SCENARIO_TEXT.replace("name: test scenario", f"name: {name}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["Today (in post)", "'today  (IN POST)'", "In post (WTE)", "measure"])
def test_an_option_named_like_the_baseline_column_is_refused(case, name):
    other = _option(case.folder, "other.yaml", name)
    before = case.snapshot()
    _refused(run_cli("compare", case.scenario, other), "other.yaml", "line 1, key 'name'", "comparison's")
    _refused(run_cli("report", case.scenario, other, "-o", case.folder / "pack"), "other.yaml", "line 1")
    assert case.snapshot() == before


@pytest.mark.parametrize("second", ["test scenario", "Test  Scenario", "' test scenario '"])
def test_two_options_with_colliding_names_are_refused(case, second):
    other = _option(case.folder, "other.yaml", second)
    _refused(run_cli("compare", case.scenario, other), "other.yaml", "line 1, key 'name'", "option 1's name")


def test_an_options_file_listing_one_scenario_twice_is_refused(case):
    listing = case.write("options.yaml", "name: board\noptions: [scenario.yaml, scenario.yaml]\n")
    _refused(run_cli("compare", listing), "scenario.yaml", "line 1, key 'name'", "option 1's name")


# 3. Size limits, whatever the suffix, before expanding anything ---------------------------------


def _padded_yaml(path: Path, size: int) -> Path:
    """A valid scenario padded with comment lines to `size` bytes."""
    head = SCENARIO_TEXT.encode()
    line = b"# padding padding padding padding padding padding padding padding padding\n"
    path.write_bytes(head + line * ((size - len(head)) // len(line) + 1))
    return path


@pytest.mark.parametrize("suffix", [".txt", ".yaml", ""])
def test_a_big_scenario_is_refused_by_its_size_before_it_is_read(case, never_opened, suffix):
    big = _padded_yaml(case.folder / f"big{suffix}", 20_000_000)
    never_opened(big)
    for command in ("plan", "validate"):
        _refused(run_cli(command, big), f"big{suffix}", "20,000,0", "bytes", "at most 1,000,000 bytes")


def test_a_big_options_file_is_refused_by_its_size_before_it_is_read(case, never_opened):
    big = _padded_yaml(case.folder / "options.txt", 20_000_000)
    never_opened(big)
    _refused(run_cli("compare", big), "options.txt", "at most 1,000,000 bytes")
    _refused(run_cli("report", big, "-o", case.folder / "pack"), "options.txt", "at most 1,000,000 bytes")
    assert not (case.folder / "pack").exists()


def test_a_big_locality_file_is_refused_by_its_size_before_it_is_read(case, never_opened):
    with case.localities.open("r+b") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60_000_000)
    never_opened(case.localities)
    _refused(run_cli("plan", case.scenario), "localities.csv", "60,000,000 bytes", "at most 50,000,000 bytes")


def test_a_file_that_grows_after_its_size_is_checked_is_still_refused(tmp_path, monkeypatch):
    """The read stops one byte past the limit, whatever stat said a moment before."""
    path = tmp_path / "scenario.yaml"
    path.write_text("x" * 200, encoding="utf-8")
    real_stat = Path.stat

    def small(self, **kwargs):
        s = real_stat(self, **kwargs)
        return os.stat_result((s.st_mode, s.st_ino, s.st_dev, s.st_nlink, s.st_uid, s.st_gid, 10, 0, 0, 0))

    monkeypatch.setattr(Path, "stat", small)
    with pytest.raises(InputError, match="at most 100 bytes"):
        yamlio.read_text(path, "scenario file", 100)


def test_a_500000_item_list_stops_at_the_value_limit(case, spy_composer, each_loader):
    items = 499_000
    text = "name: [" + ",".join(["1"] * items) + "]\n"
    assert len(text.encode()) <= yamlio.MAX_YAML_BYTES  # past the size check: the counter must stop it
    case.write("scenario.yaml", text)
    before = case.snapshot()
    _refused(run_cli("plan", case.scenario), "scenario.yaml", "line 1, column", "more than 20,000 values")
    assert spy_composer[0] <= yamlio.MAX_YAML_NODES + 1 < items
    assert case.snapshot() == before


@pytest.mark.parametrize(
    "nest",
    [
        "[" * 3000 + "]" * 3000,
        "{a: " * 3000 + "1" + "}" * 3000,
        "\n" + "".join(" " * (i + 1) + "a:\n" for i in range(1000)) + " " * 1001 + "x",
    ],
    ids=["lists", "flow-mappings", "block-mappings"],
)
def test_deep_nesting_stops_at_the_depth_limit(case, spy_composer, nest, each_loader):
    case.write("scenario.yaml", "name: " + nest + "\n")
    before = case.snapshot()
    _refused(run_cli("plan", case.scenario), "scenario.yaml", "line", "nested more than 100 levels")
    assert spy_composer[0] <= 2 * yamlio.MAX_YAML_DEPTH + 4  # a mapping level is a key and a value
    assert case.snapshot() == before


def test_an_alias_bomb_stops_while_it_is_composed(case, spy_composer, each_loader):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    case.write("scenario.yaml", bomb)
    _refused(run_cli("plan", case.scenario), "scenario.yaml", "more than 20,000 values", "aliases")
    assert spy_composer[0] < 100  # the aliases were counted, not expanded


def test_a_recursive_alias_is_refused_not_a_recursion_error(case, each_loader):
    case.write("scenario.yaml", SCENARIO_TEXT + "sources: &s {cap: *s}\n")
    _refused(run_cli("plan", case.scenario), "scenario.yaml", "line 7", "recursive alias")


def test_big_inputs_end_to_end_in_a_fresh_process(tmp_path):
    """The same refusals from the installed command, with a timeout only as a hang guard."""
    cases = {
        "list.yaml": "name: [" + ",".join(["1"] * 499_000) + "]\n",
        "deep.yaml": "name: " + "[" * 3000 + "]" * 3000 + "\n",
        "nest.yaml": "name: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _padded_yaml(tmp_path / "big.txt", 20_000_000)
    for name in [*cases, "big.txt"]:
        done = subprocess.run(
            [sys.executable, "-m", "optimiser", "plan", str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            cwd=tmp_path,
        )
        assert done.returncode == 2, (name, done.stderr)
        assert name in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*cases, "big.txt"])


# 4. Sweeps: size from the counts alone, and the same bounds as plan ----------------------------


@pytest.fixture
def nothing_built(monkeypatch):
    """Fail if a sweep builds its values or loads its scenario before refusing."""

    def forbidden(*args, **kwargs):
        raise AssertionError("built before the size was checked")

    monkeypatch.setattr(sweep_ranges.Range, "values", forbidden)
    monkeypatch.setattr(sweep_command, "prepare", forbidden)
    monkeypatch.setattr(sweep_run, "grid", forbidden)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("--cap", "1:1000000:1", "--budget", "1:1000000:1"),
            ["--cap/--budget", "1,000,000,000,000 points", "--yes"],
        ),
        (
            ("--cap", "1:1000000:1", "--budget", "1:1000000:1", "--yes"),
            ["1,000,000,000,000 points", "at most 1,000,000 points, even with --yes"],
        ),
        (("--cap", "1:2000000:1", "--yes"), ["--cap", "more than 1,000,000 points", "even with --yes"]),
        (("--cap", "1:1000:1", "--budget", "0:1000:1"), ["1,001,000 points"]),
        (("--cap", "1:1e300:1e-300"), ["--cap", "more than 1,000,000 points"]),
        (("--cap", "1:2:1e-320"), ["--cap", "more than 1,000,000 points"]),
        (("--cap", "1e999"), ["--cap", "too large"]),
        (("--cap", "1e12:3e12:1e12"), ["--cap", "a cap of 3e+12", "at most 1e+12"]),
        (("--cap", "2e12"), ["--cap", "at most 1e+12"]),
        (("--cap", "-5"), ["--cap", "above 0"]),
        (("--budget", "0:2e12:1e12"), ["--budget", "2e+12", "at most 1e+12"]),
        (("--budget", "-1"), ["--budget", "0 or more"]),
        (("--budget", "-120%:0%:10%"), ["--budget", "-120%", "above -100%"]),
        (("--budget", "-100%"), ["--budget", "above -100%"]),
    ],
)
def test_sweep_ranges_are_checked_before_anything_is_built(case, nothing_built, args, words):
    before = case.snapshot()
    _refused(run_cli("sweep", case.scenario, *args, "-o", case.folder / "out.csv"), "command line", *words)
    assert case.snapshot() == before


def test_sweep_percentages_past_the_largest_budget_are_refused(case):
    before = case.snapshot()
    result = run_cli(
        "sweep", case.scenario, "--budget", "0%:100000000%:50000000%", "-o", case.folder / "o.csv"
    )
    _refused(result, "option --budget", "100000000%", "at most 1e+12")
    assert case.snapshot() == before


GRID = ("--cap", "1:1000000:1", "--budget", "1:1000000:1")


def test_a_grid_of_a_trillion_points_is_refused_in_a_fresh_process(case):
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "sweep", str(EXAMPLE), *GRID, "--yes"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=case.folder,
    )
    assert done.returncode == 2, done.stderr
    assert "1,000,000,000,000 points" in done.stderr and "Traceback" not in done.stderr


def test_sweep_values_and_counts_are_as_before():
    spec = sweep_ranges.cap_spec("250:450:50")
    assert (spec.count, spec.values()) == (5, [250, 300, 350, 400, 450])
    assert sweep_ranges.cap_spec("0.1:0.3:0.1").values() == [0.1, 0.2, 0.3]
    assert sweep_ranges.budget_range("-20%:0%:10%", 1000.0) == [800.0, 900.0, 1000.0]
    assert sweep_ranges.cap_spec("400").values() == [400]


def test_an_options_file_problem_names_its_line_and_key(case):
    listing = case.write("options.yaml", "options: [scenario.yaml, 5]\n")
    result = run_cli("compare", listing)
    _refused(result, "options.yaml", "line 1, key 'options.2.scenario'", "is 5", "expected text")
    assert "None" not in result.stderr


def test_an_options_file_without_a_title_says_so(case):
    listing = case.write("options.yaml", "options: [scenario.yaml]\n")
    _refused(run_cli("compare", listing), "options.yaml", "needs a title (or a name)")


def test_a_small_size_limit_applies_to_yaml_whatever_the_suffix(case, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_YAML_BYTES", 50)
    renamed = case.folder / "scenario.cfg"
    renamed.write_text(SCENARIO_TEXT, encoding="utf-8")
    _refused(run_cli("plan", renamed), "scenario.cfg", "at most 50 bytes")
