"""The row-by-row locality reader the vectorised one replaced, kept as a test oracle.

It is the former `load_localities` loop: every row through the pydantic row model, then the
duplicate, blank, caseload-total and in-post-by-grade checks, row after row. It shares the
header checks and the row model with the package (neither is vectorised) and has the two rules
added since: a blank `in_post_wte` means "not known", and an optional `area_code` text column.
"""

import csv
import io
import re
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.caseload_model import CaseloadModel
from optimiser.inputs.localities import (
    IN_POST,
    MAX_CSV_BYTES,
    MAX_LOCALITIES,
    NAME,
    OPTIONAL,
    TOTAL,
    LocalityTable,
    NamedColumn,
    _allowed_columns,
    _header_problems,
    _row_fields,
    _row_model,
    expected_columns,
    in_post_columns,
    text_columns,
)
from optimiser.inputs.problems import problems_from
from optimiser.inputs.rows import Rows
from optimiser.inputs.table_rows import _data_lines, known_header
from optimiser.inputs.yamlio import read_text


def _normalised(name: str) -> str:
    """A locality name as names are compared: runs of whitespace as one space, case folded (written
    here, independently of the reader's one-pass version)."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def load_localities_by_row(
    path: Path, model: CaseloadModel, model_path: Path | None = None, named: tuple[NamedColumn, ...] = ()
) -> LocalityTable:
    """Read and validate a locality CSV one row at a time."""
    source = str(path)
    text = read_text(path, "locality file", MAX_CSV_BYTES)
    numbers, kept = _data_lines(text)
    if len(kept) - 1 > MAX_LOCALITIES:
        raise bad_input(
            source,
            "",
            f"the table has {len(kept) - 1:,} rows",
            f"at most {MAX_LOCALITIES:,} localities (see README)",
        )
    if not kept:
        raise bad_input(
            source, "", "the file has no header and no rows", f"a header line starting '{NAME},{IN_POST},...'"
        )
    rows = list(csv.reader(io.StringIO("\n".join(kept))))
    header_line = numbers[0]
    count_columns = expected_columns(model)
    allowed, extra = _allowed_columns(model, named)
    read = Rows(source, numbers, rows)  # headers mean what the package's reader says they mean
    header = known_header(read.header, allowed)
    problems = _header_problems(source, header, header_line, model, model_path, named, allowed, read)
    if problems:
        raise InputError(problems)
    if len(rows) == 1:
        raise bad_input(
            source, f"line {header_line}", "the locality table has no rows", "one row per locality"
        )

    row_model = _row_model(_row_fields(count_columns, set(header), model, extra))
    text_present = tuple(c for c in text_columns(model) if c in header)
    blank_allowed = (IN_POST, *OPTIONAL, *extra, *text_present)
    filled = [n for n in named if n.required and n.column in header and n.column != NAME]
    records, lines, seen = [], {}, {}
    for number, cells in zip(numbers[1:], rows[1:], strict=True):
        if len(cells) != len(header):
            problems.append(
                Problem(
                    source,
                    f"line {number}",
                    f"has {len(cells)} cells",
                    f"{len(header)}, one per header column",
                )
            )
            continue
        raw = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        label = f"line {number} (locality '{raw.get(NAME, '')}')"
        values = {k: (None if v == "" and k in blank_allowed else v) for k, v in raw.items()}
        try:
            row = row_model.model_validate(values)
        except ValidationError as exc:
            problems += problems_from(
                exc, source, lambda loc, label=label: f"{label}, column '{loc[0]}'" if loc else label, allowed
            )
            continue
        key = _normalised(row.locality)
        if key in seen:
            first_line, first_name = seen[key]
            problems.append(
                Problem(
                    source,
                    label,
                    f"repeats locality '{first_name}' from line {first_line}",
                    "each locality once (names are compared ignoring case and spaces)",
                )
            )
            continue
        seen[key] = (number, row.locality)
        lines[row.locality] = number
        record = row.model_dump()
        for n in filled:
            if record.get(n.column) is None:
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{n.column}'",
                        "is blank",
                        f"a number of 0 or more in every row (the scenario's key '{n.key}' names it)",
                    )
                )
        records.append({k: (0.0 if v == 0 else v) for k, v in record.items()})
        if TOTAL in record and TOTAL not in count_columns:
            total = sum(record[c] for c in count_columns)
            if abs(record[TOTAL] - total) > 1e-9 * max(1.0, total):
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{TOTAL}'",
                        f"is {record[TOTAL]:g} but the category counts add to {total:g}",
                        "the sum of the category columns, or no caseload column",
                    )
                )
        by_grade = [record[c] for c in in_post_columns(model) if c in record]
        if any(v is not None for v in by_grade):
            if any(v is None for v in by_grade):
                problems.append(
                    Problem(source, label, "gives in-post WTE for some grades only", "all grades, or none")
                )
            elif record[IN_POST] is None:
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{IN_POST}'",
                        f"is blank (not known) but in-post by grade adds to {sum(by_grade):g}",
                        "the sum of the in_post_wte:<grade> columns, or every in-post cell of the row blank",
                    )
                )
            elif abs(sum(by_grade) - record[IN_POST]) > 1e-9 * max(1.0, record[IN_POST]):
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{IN_POST}'",
                        f"is {record[IN_POST]:g} but in-post by grade adds to {sum(by_grade):g}",
                        "the sum of the in_post_wte:<grade> columns",
                    )
                )
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame.from_records(records).set_index(NAME)
    frame[IN_POST] = frame[IN_POST].astype(float)  # blank in every row: NaN (not known), not None
    return LocalityTable(path, frame, count_columns, lines)
