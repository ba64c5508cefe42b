"""Keep C libraries off stdout: HiGHS (1.16 prints a banner when a model is made) and CBC write
to file descriptor 1 behind Python's back, where they would corrupt JSON, CSV and markdown."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def solver_output_silenced() -> Iterator[None]:
    """Point file descriptor 1 at /dev/null while a solver runs, then put it back.

    Python's own buffered stdout is flushed first, so nothing already printed is lost or reordered.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all (closed descriptor): nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        with suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
