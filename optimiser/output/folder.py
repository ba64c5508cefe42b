"""Write a set of files into an output folder: whole files only, and never over someone else's files.

A new folder is built beside its place and renamed into it, so it appears whole; when another
run got there first, the rename fails and this run writes nothing. In an existing folder every
file is first written beside its place, then all are renamed into place; a failure before the
renames leaves the folder as it was. The marker file lists what the tool wrote, so a rerun may
replace those files and nothing else, even with --force.
"""

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from optimiser.errors import OutputError, bad_input
from optimiser.output.files import current_umask, output_failed, same_file, staged

try:
    import fcntl
except ImportError:  # not POSIX: no folder lock
    fcntl = None

MARKER = ".establishment-output.json"
"""Lists the files this tool wrote into a folder, so a rerun may replace them and nothing else."""

RACED = {errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR}


def _ours(folder: Path) -> set[str]:
    try:
        files = json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"]
        return {name for name in files if isinstance(name, str)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _shown(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")


def write_folder(
    files: dict[str, bytes], folder: Path, inputs: tuple[Path, ...], force: bool = False
) -> None:
    """A new folder appears whole (built beside it, then renamed); in an existing one each file is
    replaced whole. A folder holding files we did not write is refused unless `force`, and even
    then none of them is replaced."""
    if folder.exists() and not folder.is_dir():
        raise bad_input(str(folder), "option -o", "is a file, not a folder", "a folder for the report")
    for name in files:
        for path in inputs:
            if same_file(folder / name, path):
                raise bad_input(
                    str(folder),
                    "option -o",
                    f"would overwrite the input file '{path}' with {name}",
                    "a separate output folder",
                )
    if not folder.exists():
        _new_folder({**files, MARKER: _marker(files)}, folder)
    else:
        _existing_folder(files, folder, force)


def _marker(names) -> bytes:
    return (json.dumps({"files": sorted(names)}, indent=2) + "\n").encode("utf-8")


def _new_folder(listing: dict[str, bytes], folder: Path) -> None:
    if not folder.parent.is_dir():
        raise bad_input(
            str(folder), "option -o", f"folder '{folder.parent}' does not exist", "an existing parent"
        )
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise output_failed(folder, exc) from None
    try:
        for name, data in listing.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; the pack is an ordinary folder
        os.replace(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in RACED and folder.exists():
            raise OutputError(
                str(folder),
                "appeared while this report was being written (another run writing the same folder?); "
                "this run wrote nothing, and the folder holds the other run's files",
                "one run per output folder",
            ) from None
        raise output_failed(folder, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _present(folder: Path) -> set[str]:
    """Every file (or link) under `folder`, as relative names."""
    found = set()
    for root, dirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        found.update(str(base / n) for n in names)
        found.update(str(base / d) for d in dirs if (Path(root) / d).is_symlink())
    return {str(Path(name)) for name in found}


def _clashes(folder: Path, names: list[str], ours: set[str]) -> list[str]:
    """Our file names (and folders on their way) taken by something we did not write."""
    taken = set()
    for name in names:
        parts = Path(name).parts
        for i in range(1, len(parts)):
            step = folder.joinpath(*parts[:i])
            if os.path.lexists(step) and (step.is_symlink() or not step.is_dir()):
                taken.add(str(Path(*parts[:i])))
        path = folder / name
        if os.path.lexists(path) and ((path.is_dir() and not path.is_symlink()) or name not in ours):
            taken.add(name)
    return sorted(taken)


def _existing_folder(files: dict[str, bytes], folder: Path, force: bool) -> None:
    with _locked(folder):
        _rewrite(files, folder, force)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (POSIX advisory): two runs writing one folder at once
    could otherwise leave a mix of their files. The second is refused at once."""
    if fcntl is None:
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise output_failed(folder, exc) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                str(folder),
                "is being written by another run now; this run wrote nothing",
                "one run per output folder",
            ) from None
        yield
    finally:
        os.close(handle)  # releases the lock


def _rewrite(files: dict[str, bytes], folder: Path, force: bool) -> None:
    present = _present(folder)
    ours = _ours(folder)
    foreign = sorted(present - ours - {MARKER})
    if foreign and not force:
        raise bad_input(
            str(folder),
            "option -o",
            f"holds files this command did not write ({_shown(foreign)})",
            "an empty or new folder, or --force to write beside them",
        )
    clashes = _clashes(folder, [MARKER, *files], ours | {MARKER})
    if clashes:
        raise bad_input(
            str(folder),
            "option -o",
            f"holds files with the report's names that this command did not write ({_shown(clashes)}); "
            "nothing was written",
            "another folder, or move those files away (--force never replaces them)",
        )
    # The marker goes first: it lists every file of ours still here, so none becomes foreign.
    listing = {MARKER: _marker((ours & present) | set(files)), **files}
    made: list[Path] = []
    temporaries: dict[Path, Path] = {}
    replaced = 0
    try:
        for name, data in listing.items():
            path = folder / name
            made.extend(_make_parents(folder, path.parent))
            temporaries[path] = staged(path, data)
        for path, temporary in list(temporaries.items()):
            os.replace(temporary, path)
            del temporaries[path]
            replaced += 1
    except BaseException as exc:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        if replaced == 0:
            for directory in reversed(made):
                with suppress(OSError):
                    directory.rmdir()
        if isinstance(exc, OSError):
            done = (
                "nothing was written"
                if replaced == 0
                else f"{replaced} of its {len(listing)} files were replaced, each whole"
            )
            raise output_failed(folder, exc, done) from None
        raise


def _make_parents(folder: Path, directory: Path) -> list[Path]:
    """Create `directory` (inside `folder`) and any parents missing; return those made, outermost first."""
    missing = []
    while directory != folder and not directory.is_dir():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))
