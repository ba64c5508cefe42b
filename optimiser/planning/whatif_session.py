"""What-ifs on one scenario, planned as `establishment plan` plans them, without reading or
weighting the locality file again for each.

The what-if page writes each what-if as a scenario file naming the same model and locality file as
the scenario it came from, with its own cap, budget, cost per WTE, objective or confidence level.
Planned from scratch, each would parse the model, read and check the locality table and weight every
locality again: at England's 153 authorities that is most of a what-if's planning time. A session
keeps the model, the table and its weighting (the audit), and the hashes of both files, until one of
the files changes on disk; the what-if's own scenario file is read and checked each time, and the
checks, the LP and everything after it are `plan`'s own (planning/prepare, planning/pipeline).

The LP is built afresh for each what-if, as `plan` builds it: at 153 authorities it is built and
solved in about a millisecond. A model kept between what-ifs and re-solved warm from the last one's
basis can end at another of several equally good plans (equal priorities, several grades) or another
of several shadow prices (a degenerate optimum) than `plan` reaches from a fresh model, and even with
its basis cleared HiGHS's answers differed from a fresh model's in the last binary digit; the page's
figures and downloads must be `plan`'s, so no model is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from optimiser.errors import InputError
from optimiser.inputs.bundle import bundle, load_locality_table, named_columns
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.provenance import input_files
from optimiser.inputs.scenario import read_scenario
from optimiser.inputs.weighting import weighted_caseload
from optimiser.inputs.years_keys import refuse_horizon
from optimiser.lp.status import SolverChoice
from optimiser.planning.pipeline import plan_with_risk
from optimiser.planning.prepare import Prepared, prepare_inputs
from optimiser.planning.results import Option

T = TypeVar("T")


def _signature(paths: tuple[Path, ...]) -> tuple[tuple[int, int, int, int], ...]:
    """Each file's device, inode, size and modification time: a file changed is read again."""
    stats = [p.stat() for p in paths]
    return tuple((s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns) for s in stats)


class Session:
    """The model, locality table and weighting of a scenario, read once for every what-if made of it."""

    def __init__(self, solver: SolverChoice = SolverChoice.AUTO) -> None:
        self.solver = solver
        self._read: dict[Hashable, tuple[tuple, object]] = {}

    def _kept(self, key: Hashable, paths: tuple[Path, ...], read: Callable[[], T]) -> T:
        """`read()`, or what it gave before for `key` when none of `paths` has changed since."""
        try:
            signature = _signature(paths)
        except OSError:
            return read()  # not there, or not readable: the reader says so in its own words
        kept = self._read.get(key)
        if kept is None or kept[0] != signature:
            self._read[key] = (signature, read())
        return self._read[key][1]  # type: ignore[return-value]

    def prepare(self, scenario_path: Path, confirmed: bool = False) -> Prepared:
        """`prepare(scenario_path)`, with the model file, the locality table and its weighting kept
        from earlier what-ifs where the files are unchanged; raises what `prepare` raises.
        `confirmed`: a figure that looks like a slip is meant (`plan --yes`)."""
        scenario, _ = read_scenario(scenario_path)
        model_path = scenario_path.parent / scenario.model
        model_file = self._kept(("model", model_path), (model_path,), lambda: load_caseload_model(model_path))
        named = named_columns(scenario)
        where = scenario_path.parent / str(scenario.localities)
        table_key = ("table", model_path, where, scenario.localities_sheet, named)
        table = self._kept(
            table_key,
            (model_path, where),
            lambda: load_locality_table(scenario_path, scenario, None, model_file, model_path),
        )
        inputs = bundle(
            scenario_path, scenario, model_path, model_file, table, Overrides(confirmed=confirmed)
        )
        refuse_horizon(scenario_path, scenario)
        try:
            audit = self._kept(
                ("audit", *table_key[1:-1]), (model_path, where), lambda: weighted_caseload(model_file, table)
            )
        except InputError:
            return prepare_inputs(inputs)  # its problems, in the order `plan` finds them
        return prepare_inputs(inputs, audit)

    def option(self, scenario_path: Path, confirmed: bool = False) -> Option:
        """The what-if planned, with its files and their hashes, as `plan_options` gives it."""
        prepared = self.prepare(scenario_path, confirmed)
        plan = plan_with_risk(prepared, self.solver)
        inputs = prepared.inputs
        kept = {"model": inputs.model_path, "localities": inputs.localities.path}
        files = input_files([("scenario", scenario_path)]) + tuple(
            self._kept(("sha256", role, path), (path,), lambda r=role, p=path: input_files([(r, p)])[0])
            for role, path in kept.items()
        )
        return Option(scenario_path, prepared, plan, files)
