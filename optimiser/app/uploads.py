"""A locality workbook uploaded from the start page: read within the CLI's size limit into the
page's temporary folder, beside the scenario `establishment new` writes for the chosen model, then
checked as `establishment plan` checks it. Nothing is written anywhere else."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request

from optimiser.app import engine

MAX_BYTES = engine.MAX_LOCALITY_BYTES
"""The most a locality file may hold, as the CLI reads one."""
CHUNK = 1 << 20


@dataclass(frozen=True)
class Received:
    scenario: Path | None = None
    problems: list[str] = field(default_factory=list)
    model: str = ""


async def receive(request: Request, workdir: Path) -> Received:
    """The uploaded workbook planned-ready, or the problems to show beside the field."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES + 100_000:
        return Received(problems=[f"The upload is {int(declared):,} bytes; at most {MAX_BYTES:,} bytes"])
    async with request.form(max_files=1, max_fields=4) as form:
        model = str(form.get("model") or "")
        upload = form.get("workbook")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return Received(
                problems=["No workbook was chosen; expected a .xlsx locality workbook"], model=model
            )
        if not upload.filename.lower().endswith(".xlsx"):
            return Received(
                problems=[
                    f"{upload.filename}: not a .xlsx file; expected the workbook `establishment new` writes"
                ],
                model=model,
            )
        folder = workdir / "uploads" / secrets.token_hex(8)
        folder.mkdir(parents=True)
        target = folder / engine.STARTER_WORKBOOK
        size = 0
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    out.close()
                    target.unlink()
                    return Received(
                        problems=[f"{upload.filename}: more than {MAX_BYTES:,} bytes; at most {MAX_BYTES:,}"],
                        model=model,
                    )
                out.write(chunk)
    try:
        scenario = engine.starter_scenario(model, folder)
        engine.check(scenario)
    except engine.EstablishmentError as exc:
        named = [line.replace(str(target), upload.filename) for line in engine.error_lines(exc)]
        return Received(problems=named, model=model)
    return Received(scenario, model=model)
