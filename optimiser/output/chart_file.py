"""Write a chart's bytes atomically, with the same refusals as text outputs (never over an input)."""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from optimiser.output.files import write_text


def write_bytes(data: bytes, target: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse the targets write_text refuses (an input, a folder), then write whole or not at all."""
    inputs = tuple(inputs)
    for path in inputs:
        if target.resolve() == path.resolve():
            write_text("", target, inputs)  # raises the same "is one of this run's input files" error
    if target.is_dir() or not target.parent.is_dir():
        write_text("", target, inputs)  # raises the directory or missing-folder error
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
