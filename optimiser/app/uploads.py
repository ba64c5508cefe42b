"""A locality workbook uploaded from the start page, read within a size limit (the CLI's, handed in
by the routes) into a new folder under the page's temporary folder. Nothing is written anywhere
else; checking it is the engine's (as `establishment plan` checks a workbook)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request

CHUNK = 1 << 20


@dataclass(frozen=True)
class Received:
    """The saved workbook (in a folder of its own) and the name the user gave it, or the problems."""

    workbook: Path | None = None
    filename: str = ""
    model: str = ""
    problems: list[str] = field(default_factory=list)


async def receive(request: Request, workdir: Path, max_bytes: int, saved_as: str) -> Received:
    """The uploaded .xlsx saved as `saved_as` in a new folder, or why it was not."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + 100_000:
        return Received(problems=[f"The upload is {int(declared):,} bytes; at most {max_bytes:,} bytes"])
    async with request.form(max_files=1, max_fields=4) as form:
        model = str(form.get("model") or "")
        upload = form.get("workbook")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return Received(
                model=model, problems=["No workbook was chosen; expected a .xlsx locality workbook"]
            )
        if not upload.filename.lower().endswith(".xlsx"):
            expected = "expected the workbook `establishment new` writes"
            return Received(model=model, problems=[f"{upload.filename}: not a .xlsx file; {expected}"])
        folder = workdir / "uploads" / secrets.token_hex(8)
        folder.mkdir(parents=True)
        target = folder / saved_as
        if not await _save(upload, target, max_bytes):
            target.unlink()
            too_big = f"{upload.filename}: more than {max_bytes:,} bytes; at most {max_bytes:,}"
            return Received(model=model, problems=[too_big])
        return Received(target, upload.filename, model)


async def _save(upload: UploadFile, target: Path, max_bytes: int) -> bool:
    """Copy the upload to `target` a chunk at a time; False as soon as it passes `max_bytes`."""
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                return False
            out.write(chunk)
    return True
