"""Whether the locality reader accepts the England file yet: a blank `in_post_wte` ("not known") in
every row and an `area_code` column. Tests that run the real England examples skip, saying why,
only while the reader refuses the file for one of those two reasons; any other refusal fails."""

import csv
import io
import shutil
from functools import cache
from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.localities import load_localities
from tests.conftest import ROOT

CHILDREN = ROOT / "inputs" / "england" / "utla-children-0-4-mid2023.csv"
COUNT_MODEL = ROOT / "models" / "health-visiting-count.yaml"
ENGLAND = ROOT / "examples" / "england"
WAITING_FOR = "the locality reader does not yet accept a blank in_post_wte and an area_code column"


@cache
def refusal() -> str:
    """Why the reader refuses the England file for a blank in_post_wte or area_code; '' if it loads."""
    try:
        load_localities(CHILDREN, load_caseload_model(COUNT_MODEL))
    except InputError as exc:
        message = str(exc)
        if "in_post_wte" in message or "area_code" in message:
            return message
        raise
    return ""


def needs_england_file() -> None:
    """Skip the calling test while the reader refuses the England file's blank in-post."""
    if refusal():
        pytest.skip(WAITING_FOR)


def uses_england_file(scenario) -> bool:
    """Whether a shipped scenario reads the England children file."""
    return "inputs/england/utla-children-0-4-mid2023.csv" in scenario.read_text(encoding="utf-8")


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


ROWS = _rows(CHILDREN)
TOTAL_CHILDREN = sum(int(r["caseload"]) for r in ROWS)


def make_working_copy(folder: Path) -> Path:
    """The England examples in `folder`, over a copy of the children file with in post 0 and no
    area_code, which today's reader accepts: same children, deprivation, models, caps and costs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["locality", "in_post_wte", "caseload", "deprivation"])
    for r in ROWS:
        writer.writerow([r["locality"], "0", r["caseload"], r["deprivation"]])
    (folder / "children.csv").write_text(buffer.getvalue(), encoding="utf-8")
    models = folder / "models"
    shutil.copytree(ROOT / "models", models)
    for scenario in ENGLAND.glob("*.yaml"):
        text = scenario.read_text(encoding="utf-8")
        text = text.replace("../../inputs/england/utla-children-0-4-mid2023.csv", "children.csv")
        text = text.replace("../../models/", "models/")
        (folder / scenario.name).write_text(text, encoding="utf-8")
    return folder
