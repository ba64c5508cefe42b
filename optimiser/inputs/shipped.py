"""Where the shipped models, locality data and examples are, and the shipped models by name.

They stay at the top of the repository (`models/`, `inputs/`, `examples/`); pyproject.toml puts
them into the wheel as package data under `optimiser/shipped/`, so an installed tool finds them
from any folder. In a source checkout (an editable install) they are the repository's own folders
beside the package. A scenario names a shipped model by its name (`model: health-visiting`), so a
starter folder or a copied example plans the same wherever it is moved.
"""

from importlib.resources import files
from pathlib import Path

MODEL_SUFFIXES = (".yaml", ".yml")


def _folder(name: str) -> Path:
    """`optimiser/shipped/NAME` in an installed package, else the checkout's top-level `NAME/`."""
    package = Path(str(files("optimiser")))
    installed = package / "shipped" / name
    return installed if installed.is_dir() else package.parent / name


def models_folder() -> Path:
    """The shipped caseload models (YAML), one file a model, named by its file name."""
    return _folder("models")


def examples_folder() -> Path:
    """The shipped examples: one folder a service, scenarios and options files in each."""
    return _folder("examples")


def inputs_folder() -> Path:
    """The shipped locality data the examples plan (one folder a source)."""
    return _folder("inputs")


def shipped_copy(ref: str) -> Path | None:
    """The shipped data file a path like an example's `../../inputs/lcr-2010/x.csv` names, when
    the path does not reach it from where a copied example now is; else None."""
    parts = Path(ref).parts
    if "inputs" not in parts:
        return None
    tail = parts[len(parts) - parts[::-1].index("inputs") :]
    found = inputs_folder().joinpath(*tail) if tail else None
    return found if found is not None and found.is_file() else None


def model_names() -> list[str]:
    """The names `--model` and a scenario's `model:` take for the shipped models, sorted."""
    folder = models_folder()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def is_model_name(ref: str) -> bool:
    """A model given without a folder or a suffix names a shipped model ('health-visiting'); anything
    else is a path (which must end .yaml or .yml)."""
    return bool(ref.strip()) and "/" not in ref and "\\" not in ref and not Path(ref).suffix


def model_file(name: str) -> Path | None:
    """The shipped model called `name`, or None when there is none by that name."""
    return models_folder() / f"{name}.yaml" if name in model_names() else None


def shipped_name(path: Path) -> str | None:
    """The name of the shipped model `path` is (however the path is spelt), or None."""
    resolved = path.resolve()
    found = [name for name in model_names() if (models_folder() / f"{name}.yaml").resolve() == resolved]
    return found[0] if found else None
