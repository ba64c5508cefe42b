"""Write outputs atomically (temporary file, then rename) and never over an input file."""

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from optimiser.errors import bad_input


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_text(text: str, target: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Print to stdout, or write `target` whole or not at all."""
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    for path in inputs:
        if _same_file(target, path) or target.resolve() == path.resolve():
            raise bad_input(
                str(target), "option -o", "is one of this run's input files", "a new output file name"
            )
    if target.is_dir():
        raise bad_input(str(target), "option -o", "is a directory", "a file name")
    if not target.parent.is_dir():
        raise bad_input(
            str(target), "option -o", f"folder '{target.parent}' does not exist", "an existing folder"
        )
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
