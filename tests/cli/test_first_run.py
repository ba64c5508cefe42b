"""First-run messages (issue 24): what a new user most often gets wrong, said plainly, with what to
do next, exit 2 and no traceback, run as they would from a folder of their own."""

import subprocess
import sys

PROGRAM = [sys.executable, "-m", "optimiser"]


def _run(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PROGRAM, *args], cwd=cwd, capture_output=True, text=True)


def test_a_scenario_that_is_not_there_says_where_it_looked_and_how_to_start_one(tmp_path):
    done = _run(tmp_path, "plan", "scenario.yaml")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    said = " ".join(done.stderr.split())
    assert f"scenario file not found (looked for {tmp_path.resolve() / 'scenario.yaml'})" in said
    assert "`establishment new DIR --model health-visiting` starts one" in said


def test_a_starters_folder_given_for_its_scenario_names_the_scenario(tmp_path):
    made = _run(tmp_path, "new", "my-plan", "--model", "health-visiting")
    assert made.returncode == 0, made.stderr
    done = _run(tmp_path, "plan", "my-plan")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (
        "my-plan: is a folder, not a scenario file; expected its scenario: my-plan/scenario.yaml"
        in done.stderr
    )
    (tmp_path / "empty").mkdir()
    other = _run(tmp_path, "plan", "empty")
    assert other.returncode == 2 and "expected the path of a scenario YAML file" in other.stderr


def test_models_lists_one_model_by_name_and_suggests_a_near_name(tmp_path):
    one = _run(tmp_path, "models", "health-visiting")
    assert one.returncode == 0, one.stderr
    names = [line for line in one.stdout.splitlines() if line and not line.startswith((" ", "1 shipped"))]
    assert names == ["health-visiting"]
    wrong = _run(tmp_path, "models", "health")
    assert wrong.returncode == 2 and "(did you mean 'health-visiting'?)" in wrong.stderr
