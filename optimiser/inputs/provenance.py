"""Which data made a report: each input file with its SHA-256."""

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    role: str
    path: str
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(roles_and_paths: list[tuple[str, Path]]) -> tuple[InputFile, ...]:
    """Inputs named as given (relative paths stay relative, so reports do not depend on the machine)."""
    return tuple(InputFile(role, str(path), sha256_of(path)) for role, path in roles_and_paths)
