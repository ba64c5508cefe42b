"""Write outputs whole or not at all, never over an input, and without harming what is there.

- A regular file is replaced atomically: the text goes to a temporary file beside it, which is
  then renamed into place. The replaced file keeps its permissions (and, where allowed, its
  owner); a new file gets the permissions the umask gives any new file.
- A symbolic link is followed, as the shell's `>` does: the file it points to is replaced and
  the link stays.
- A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written through, never
  replaced; a name for the file standard output (or error) already goes to writes to that stream.
- An output that is one of the run's inputs (by any spelling, link or hard link) is refused.
- A failure (a read-only folder, a full disk) leaves no temporary file and the target unchanged,
  and is an OutputError naming the path.
"""

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from optimiser.errors import OutputError, bad_input

HINTS = {
    errno.EACCES: "the folder or file is not writable by this user",
    errno.EPERM: "the folder or file is not writable by this user",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


def output_failed(path: Path | str, exc: OSError, done: str = "nothing was written") -> OutputError:
    """An OSError met while writing `path`, as one clear sentence naming the path."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    name = errno.errorcode.get(exc.errno or 0, "")
    hint = HINTS.get(exc.errno or 0)
    what = f"cannot be written: {reason}" + (f" ({name})" if name else "") + (f", {hint}" if hint else "")
    return OutputError(str(path), f"{what}; {done}", "a writable place with free space for -o")


def same_file(a: Path, b: Path) -> bool:
    """True when `a` and `b` are the same file: the same spelling resolved, a link or a hard link."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def refuse_inputs(target: Path, inputs: Iterable[Path], where: str = "option -o") -> None:
    """Exit 2 when `target` is one of the run's input files."""
    for path in inputs:
        if same_file(target, path):
            raise bad_input(
                str(target), where, f"is this run's input file '{path}'", "a new output file name"
            )


def write_text(text: str, target: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Print to stdout, or write `target` whole or not at all."""
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_bytes(text.encode("utf-8"), target, inputs)


def write_bytes(data: bytes, target: Path, inputs: Iterable[Path] = (), where: str = "option -o") -> None:
    """Write `target` whole or not at all: never over an input, through a device or pipe, keeping an
    existing file's permissions (text outputs, charts and any other file the tool writes)."""
    refuse_inputs(target, inputs, where)
    try:
        status = os.stat(target)  # follows links: what the name stands for
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise output_failed(target, exc) from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise bad_input(str(target), where, "is a directory", "a file name")
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_through(target, data)
        return
    stream = _standard_stream(status)
    if stream is not None:
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
        return
    real = Path(os.path.realpath(target))
    if not real.parent.is_dir():
        raise bad_input(str(target), where, f"folder '{real.parent}' does not exist", "an existing folder")
    try:
        replace_file(real, data)
    except OSError as exc:
        done = "nothing was written" + ("; the file there is unchanged" if status is not None else "")
        raise output_failed(target, exc, done) from None


def _standard_stream(status: os.stat_result | None):
    """Standard output or error when `status` is the regular file it already goes to."""
    if status is None:
        return None
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            mine = os.fstat(fd)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (status.st_dev, status.st_ino):
            return stream
    return None


def _write_through(target: Path, data: bytes) -> None:
    """Write into a device, FIFO or terminal in place (no create, no truncate, no rename)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise output_failed(target, exc, "the output may be incomplete there") from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def new_file_mode() -> int:
    """The permissions a new file gets from open(): 0666 less the umask."""
    return 0o666 & ~current_umask()


def staged(path: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file beside `path`, with the permissions (and owner) `path`
    has, or a new file's; return it. On failure nothing is left behind and the OSError is raised."""
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            if existing is not None and (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                with suppress(PermissionError):  # not root: the file becomes ours, as any rewrite's
                    os.fchown(fd, existing.st_uid, existing.st_gid)
            os.fchmod(fd, stat.S_IMODE(existing.st_mode) if existing is not None else new_file_mode())
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def replace_file(path: Path, data: bytes) -> None:
    """Replace (or create) the regular file `path` with `data` atomically; raises OSError."""
    temporary = staged(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
