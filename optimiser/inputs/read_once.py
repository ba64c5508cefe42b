"""Each input file parsed once per command. Within a reading session (the CLI opens one around each
command), a file asked for again, unchanged, gives back its first parse rather than being parsed again.

Several options share a model and a locality file, `report` plans its horizon scenario over the same
files, `validate` checks a scenario's files as `plan` would, and a message about a key finds its line
in the scenario read already. A file is known by its device, inode, size and modification time, so
one changed meanwhile is read afresh; what failed to parse is not kept (its error is raised again).
Outside a session (the library, the what-if page) every read parses.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PARSED: ContextVar[dict[tuple, object] | None] = ContextVar("parsed", default=None)


@contextmanager
def reading_session() -> Iterator[None]:
    """Parse each input file once until the block ends."""
    token = _PARSED.set({})
    try:
        yield
    finally:
        _PARSED.reset(token)


def parsed(path: Path, how: tuple[Hashable, ...], parse: Callable[[], T]) -> T:
    """`parse()`, or within a session its result for this file (and `how` it was read) when it was
    parsed before and the file has not changed since. The result is shared: callers only read it."""
    kept = _PARSED.get()
    if kept is None:
        return parse()
    try:
        status = path.stat()
    except OSError:
        return parse()  # not there, or not readable: the parser says so in its own words
    key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, *how)
    if key not in kept:
        kept[key] = parse()
    return kept[key]  # type: ignore[return-value]
