"""Write a set of files into an output folder: whole files only, and never over someone else's files."""

import json
import os
import shutil
import tempfile
from pathlib import Path

from optimiser.errors import bad_input

MARKER = ".establishment-output.json"
"""Lists the files this tool wrote into a folder, so a rerun may replace them and nothing else."""


def _ours(folder: Path) -> set[str]:
    try:
        return set(json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def write_folder(
    files: dict[str, bytes], folder: Path, inputs: tuple[Path, ...], force: bool = False
) -> None:
    """A new folder appears whole (built beside it, then renamed); in an existing one each file is
    replaced whole. A folder holding files we did not write is refused unless `force`."""
    if folder.exists() and not folder.is_dir():
        raise bad_input(str(folder), "option -o", "is a file, not a folder", "a folder for the report")
    resolved_inputs = {p.resolve() for p in inputs}
    if any((folder / name).resolve() in resolved_inputs for name in files):
        raise bad_input(str(folder), "option -o", "would overwrite an input file", "a separate output folder")
    listing = {**files, MARKER: _marker(files)}
    if not folder.exists():
        if not folder.parent.is_dir():
            raise bad_input(
                str(folder), "option -o", f"folder '{folder.parent}' does not exist", "an existing parent"
            )
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
        try:
            _write_all(listing, staging)
            umask = os.umask(0)
            os.umask(umask)
            staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the pack is an ordinary folder
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    foreign = sorted(present - _ours(folder) - {MARKER})
    if foreign and not force:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise bad_input(
            str(folder),
            "option -o",
            f"holds files this command did not write ({shown})",
            "an empty or new folder, or --force to write beside them",
        )
    for name, data in listing.items():
        _write_one(folder / name, data)


def _marker(files: dict[str, bytes]) -> bytes:
    return (json.dumps({"files": sorted(files)}, indent=2) + "\n").encode("utf-8")


def _write_all(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _write_one(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
