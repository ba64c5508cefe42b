"""Appendix D, the data the paper rests on: each input file once, by its title and file name, the
options (and the path over several years) that use it, and a short fingerprint of its contents; the
full fingerprints are in the workbook. No folder or path is printed."""

from pathlib import Path

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import HorizonPlan, Option
from optimiser.render.paper.document import Block, Heading, Paragraph, Table
from optimiser.render.paper.words import listing

SHORT = 12
"""Characters of a fingerprint shown in the paper."""
ROLES = {"scenario": "Option", "model": "Caseload model", "localities": "Locality data"}


def _title(role: str, option: Option) -> str:
    inputs = option.prepared.inputs
    if role == "scenario":
        return f"{ROLES[role]}: {option.plan.scenario}"
    if role == "model":
        return f"{ROLES[role]}: {inputs.model.name}"
    return f"{ROLES[role]}: {inputs.source_of('localities') or 'the localities planned'}"


def _rows(paper: Paper, options: list[Option], horizon: HorizonPlan | None, letter: str) -> list[list]:
    """[file, title, users, fingerprint] for each distinct file, in the order first met."""
    found: dict[str, list] = {}
    for label, option in zip(paper.labels, options, strict=True):
        for f in option.files:
            key = str(Path(f.path).resolve())
            row = found.setdefault(key, [Path(f.path).name, _title(f.role, option), [], f.sha256[:SHORT]])
            row[2].append(label)
    if horizon is not None:
        for f in horizon.files:
            title = f"The path over several years: {horizon.result.scenario}"
            row = found.setdefault(
                str(Path(f.path).resolve()), [Path(f.path).name, title, [], f.sha256[:SHORT]]
            )
            row[2].append(f"Appendix {letter}")
    return list(found.values())


def appendix(paper: Paper, options: list[Option], horizon: HorizonPlan | None, letter: str) -> list[Block]:
    rows = tuple(
        (
            name,
            title,
            "all" if len(users) == len(options) + (horizon is not None) > 1 else listing(users),
            short,
        )
        for name, title, users, short in _rows(paper, options, horizon, letter)
    )
    return [
        Heading("Appendix D: Data provenance", 2),
        Paragraph(
            "Every file the figures were worked out from, by its title and file name, with a "
            "fingerprint of its "
            f"contents (its first {SHORT} characters): any change to a file changes its fingerprint, so a "
            "reader can confirm the paper was made from the files they hold. The full fingerprints "
            "are in the "
            "workbook (report.xlsx, Assumptions sheet)."
        ),
        Table(("File", "What it is", "Used by", "Fingerprint"), rows, caption="Table D1: Input files"),
    ]
