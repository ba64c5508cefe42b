"""The what-if page's one door into the engine: every import of inputs, planning and the plan
renderers is here, behind a small typed interface, so the page's routes never reach past it.

A what-if is a scenario file with some figures changed. The page never plans with figures it only
holds in memory: it writes the scenario with the figures it changed (`derive`) into its own
temporary folder and plans that file exactly as `establishment plan` would, so the scenario it
offers for download plans to the figures shown, and the board pack of pinned options is what
`establishment report` writes for the options file offered beside it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from optimiser.app.settings import Defaults, Settings
from optimiser.errors import EstablishmentError as EstablishmentError  # re-exported for the routes
from optimiser.errors import InfeasibleError as InfeasibleError
from optimiser.errors import InputError, Problem, Slip
from optimiser.errors import bad_input as bad_input
from optimiser.inputs import budget as budgets
from optimiser.inputs.costs import today_cost
from optimiser.inputs.options_file import lists_options, read_paper
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.rows import MAX_CSV_BYTES
from optimiser.inputs.scenario import Objective
from optimiser.inputs.shipped import model_names
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.lp.status import SolverChoice
from optimiser.planning.diagnosis import FOR_THAT_PLAN
from optimiser.planning.objective_choice import stated
from optimiser.planning.options import plan_options
from optimiser.planning.plan import Plan
from optimiser.planning.prepare import prepare
from optimiser.planning.results import Option
from optimiser.planning.whatif_session import Session
from optimiser.render.answer import answer_sentences
from optimiser.render.columns import summary_sentences
from optimiser.render.compare_tables import compare_cells, locality_cells
from optimiser.render.limit_words import limit_words
from optimiser.render.paper import words
from optimiser.render.paper.words import one_wte_holds
from optimiser.render.whatif_chart import Chart, page_charts
from optimiser.render.whatif_table import plan_table, table_html

BUDGET_DECIDES = ""
"""The page's objective when the scenario names none: the budget says which question is asked."""
OBJECTIVE_WORDS = {
    BUDGET_DECIDES: "Meet the cap at least cost if the budget pays for it, else the lowest cap it buys",
    Objective.MIN_COST.value: "Meet the cap everywhere at least cost",
    Objective.MAX_COVERAGE.value: "Buy the lowest cap the budget allows, no locality left behind",
    Objective.PRIORITY.value: "Spend the budget where the priority column is highest",
}
"""The objectives in plain words, as the page offers them."""
if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs

STARTER_WORKBOOK = "localities.xlsx"
"""The workbook's name beside the scenario `establishment new` writes (starter.WORKBOOK)."""
MAX_LOCALITY_BYTES = MAX_CSV_BYTES
"""The most a locality file may hold (CSV or workbook), as the CLI reads one."""
CACHED_PLANS = 64
"""Plans kept in memory (by file and figures): a pinned option or a chart is not planned twice."""


@dataclass(frozen=True)
class Listing:
    """What a file offers the page: one scenario, or an options file's scenarios with their labels."""

    title: str
    scenarios: tuple[tuple[str, Path], ...]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    body: list[list[str]]
    total: list[str] | None = None


@dataclass(frozen=True)
class View:
    """One plan as the page shows it: the establishment table (its cells, and as HTML), the headline
    sentences and the charts (SVG), each drawn from the plan's figures."""

    plan: Plan
    option: Option
    table: Table
    table_html: str
    sentences: list[str]
    """The answer first, in plain words (as `plan` prints it on a terminal)."""
    details: list[str]
    """The rest of what `plan --details` says: binding limits, marginal figures, risk."""
    charts: list[Chart]


TABLE_CAPTION = "Establishment by locality: today, required, planned, change, load and cost"


def listing(path: Path) -> Listing:
    """An options file's scenarios (labels as its paper gives them), or the one scenario."""
    if lists_options(path):
        paper = read_paper([path])
        return Listing(paper.title, tuple(zip(paper.labels, paper.paths, strict=True)))
    return Listing(path.stem, ((path.stem, path),))


def check(path: Path) -> Listing:
    """Everything the page will plan from `path` loads and validates (as `establishment validate`
    would refuse it, with the same messages): raises the engine's own errors otherwise."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "not found"
        raise bad_input(str(path), "", what, "a scenario or options YAML file")
    found = listing(path)
    for _, scenario in found.scenarios:
        prepare(scenario)
    return found


@dataclass(frozen=True)
class Loaded:
    """A scenario read once: its YAML as written, the files it names, and its figures in force."""

    path: Path
    data: dict[str, Any]
    model: Path
    localities: Path
    defaults: Defaults

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.path, self.model, self.localities)


def load(path: Path) -> Loaded:
    """Read and check a scenario as `establishment plan` does, keeping what the page needs."""
    data, _ = load_yaml_mapping(path, "scenario")
    inputs = prepare(path, Overrides(confirmed=True)).inputs  # a slip is asked about as it is planned
    model, localities = inputs.model_path.resolve(), inputs.localities.path.resolve()
    return Loaded(path, data, model, localities, _defaults(inputs))


def _defaults(inputs: Inputs) -> Defaults:
    """The scenario's figures in force (scenario, else model), and what the controls may offer."""
    s = inputs.scenario
    cost_today = today_cost(inputs)
    objectives = tuple(o.value for o in Objective if o is not Objective.PRIORITY or s.priority is not None)
    named = stated(s)  # no objective named: the budget decides, and the page offers that choice first
    return Defaults(
        name=s.name,
        cap=inputs.cap,
        cost_per_wte=inputs.cost_per_wte,
        budget=None if s.budget is None else str(s.budget),
        objective=s.objective.value if named else BUDGET_DECIDES,
        objectives=objectives if named else (BUDGET_DECIDES, *objectives),
        uncertain=s.uncertainty is not None,
        confidence=s.confidence,
        today_cost=None if math.isnan(cost_today) else cost_today,
        case_unit=inputs.model.case_unit,
    )


def derive(loaded: Loaded, settings: Settings, folder: Path) -> Path:
    """The scenario with the settings' figures in place of its own, written into `folder` (named by
    its content, so the same figures give the same file) and returned. Its model and locality file
    are named by absolute path, so it plans wherever it is saved on this machine; each changed
    figure's source says what it replaced."""
    data = dict(loaded.data)
    data["model"] = str(loaded.model)
    data["localities"] = str(loaded.localities)
    given = settings.given()
    if given:
        data["name"] = f"{data.get('name', loaded.path.stem)} (what-if: {settings.words()})"
        sources = dict(data.get("sources") or {})
        for key, value in given.items():
            was = data.get(key)
            data[key] = _plain(budgets.parse_option(value) if key == "budget" else value)
            sources[key] = "set on the what-if page (establishment app), in place of " + (
                f"the scenario's {was}" if was is not None else "the model's figure or none"
            )
        data["sources"] = sources
    text = "# Written by the what-if page (establishment app) from " + str(loaded.path.resolve()) + "\n"
    text += yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    target = folder / f"scenario-{name}.yaml"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    return target


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe dumper where PyYAML was built with it (the same YAML, faster)."""


def _signature(files: tuple[Path, ...]) -> tuple[tuple[int, int], ...]:
    """When and how big each file was: a scenario is read again when any of its files changes."""
    stats = [f.stat() for f in files]
    return tuple((s.st_mtime_ns, s.st_size) for s in stats)


def _plain(value: Any) -> Any:
    """A whole number as the YAML a person writes (350, not 350.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class Planner:
    """Plans what-ifs through the pipeline `establishment plan` runs, keeping the latest plans."""

    def __init__(self, folder: Path, solver: SolverChoice = SolverChoice.AUTO) -> None:
        self.folder = folder
        self.solver = solver
        self._plans: OrderedDict[tuple[Path, bool], Option] = OrderedDict()
        self._sessions: dict[Path, Session] = {}
        self._loaded: dict[Path, tuple[tuple, Loaded]] = {}

    def loaded(self, path: Path) -> Loaded:
        """The scenario, read once and again only when one of its files changes."""
        kept = self._loaded.get(path)
        if kept is not None:
            try:
                if _signature(kept[1].files) == kept[0]:
                    return kept[1]
            except OSError:
                pass
        found = load(path)
        self._loaded[path] = (_signature(found.files), found)
        return found

    def defaults(self, path: Path) -> Defaults:
        return self.loaded(path).defaults

    def derive(self, path: Path, settings: Settings) -> Path:
        return derive(self.loaded(path), settings, self.folder)

    def option(self, path: Path, settings: Settings) -> Option:
        """The scenario with the settings' figures, planned and checked as `establishment plan`
        plans its file (cached by that file), on the scenario's session: its locality file read and
        weighted once, its models built once and changed in place (planning/whatif_session)."""
        derived = self.derive(path, settings)
        key = (derived, settings.confirmed)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        session = self._sessions.setdefault(path, Session(self.solver))
        found = session.option(derived, settings.confirmed)
        self._plans[key] = found
        if len(self._plans) > CACHED_PLANS:
            self._plans.popitem(last=False)
        return found

    def view(self, path: Path, settings: Settings) -> View:
        """The what-if's plan with its table, sentences and charts: the cells `plan` shows
        (render/whatif_table formats them a column at a time) and SVG charts drawn on the server."""
        option = self.option(path, settings)
        plan = option.plan
        table = Table(*plan_table(plan))
        html = table_html("establishment", TABLE_CAPTION, table.headers, table.body, table.total)
        charts = page_charts(plan, one_wte_holds(option))
        answer = answer_sentences(plan)
        details = [_limits(option) if s.startswith(BINDING) else s for s in summary_sentences(plan)]
        return View(plan, option, table, html, answer, [s for s in details if s not in answer], charts)


BINDING = "Binding constraints"
"""How the command line's sentence of binding rows by name begins; the page says it in words."""


def _limits(option: Option) -> str:
    """What holds the plan where it is, in the board paper's words (no row names)."""
    plan, keep = option.plan, option.prepared.inputs.scenario.keep_share_of_in_post
    figures = {"cap": f"{plan.cap:,g}", "keep": f"{keep:.0%}" if keep else ""}
    limits = limit_words(plan.binding, [str(n) for n in plan.localities.index], (), figures)
    return f"What holds this plan where it is: {words.listing(limits)}."


def comparison(options: list[Option], labels: list[str]) -> tuple[Table, Table]:
    """Today and every pinned option, measure by measure and locality by locality, as `compare`
    shows them; each option's column headed by its label."""
    relabelled = [
        replace(o, plan=replace(o.plan, scenario=label)) for o, label in zip(options, labels, strict=True)
    ]
    headers, rows = compare_cells(relabelled)
    loc_headers, loc_rows = locality_cells(relabelled)
    return Table(headers, rows), Table(loc_headers, loc_rows[:-1], loc_rows[-1])


FIELD_WORDS = {
    "cap": "The cap",
    "budget": "The budget",
    "cost_per_wte": "The cost of one WTE",
    "objective": "What to aim for",
    "confidence": "The confidence level",
}
"""The page's words for the fields it sets, by scenario key."""
ASK_AGAIN = "If it is meant, choose “Plan these figures as typed” below."


def error_lines(exc: EstablishmentError, folder: Path | None = None) -> list[str]:
    """An error as the CLI prints it, one line per problem; a problem in a what-if the page wrote
    (in `folder`) is said in the page's words: its field rather than the file, a slip's question
    without the command line's answer to it (the page asks it its own way)."""
    if isinstance(exc, InfeasibleError) and folder is not None:
        best = OBJECTIVE_WORDS[Objective.MAX_COVERAGE.value]
        return [str(exc).replace(FOR_THAT_PLAN, f"choose “{best}” for that plan")]
    if not isinstance(exc, InputError):
        return [str(exc)]
    return [_page_words(p, folder) for p in exc.problems]


def asks_if_meant(exc: EstablishmentError) -> bool:
    """Whether the error is a question the user answers by saying the figures are meant."""
    return isinstance(exc, InputError) and any(isinstance(p, Slip) for p in exc.problems)


def _page_words(problem: Problem, folder: Path | None) -> str:
    if folder is None or Path(problem.source).parent != folder:
        return str(problem)
    if isinstance(problem, Slip):
        return f"{problem.plain} {ASK_AGAIN}"
    key = next((k for k in FIELD_WORDS if f"key '{k}'" in problem.where), None)
    place = FIELD_WORDS[key] if key else "These figures"
    return str(replace(problem, source=place, where=""))


def zipped(files: dict[str, bytes]) -> bytes:
    """Files by relative name as one zip (fixed dates, so the same files give the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def option_files(pinned: list[tuple[str, Path]], title: str) -> dict[str, bytes]:
    """An options file listing the pinned what-ifs (label, derived scenario), with each scenario
    beside it: `establishment compare` or `report` plans the files as the page did."""
    entries, files = [], {}
    for n, (label, derived) in enumerate(pinned):
        name = f"option-{chr(ord('a') + n) if n < 26 else n + 1}.yaml"
        files[name] = derived.read_bytes()
        entries.append({"scenario": name, "label": label})
    listing_text = yaml.safe_dump({"title": title, "options": entries}, sort_keys=False, allow_unicode=True)
    files["options.yaml"] = (
        "# Options kept on the what-if page (establishment app)\n" + listing_text
    ).encode()
    return files


def board_pack(
    options_file: Path, solver: SolverChoice = SolverChoice.AUTO, confirmed: bool = False
) -> dict[str, bytes]:
    """The board pack of an options file, by the steps `establishment report` takes (no horizon:
    the page's options files name none; `confirmed`: as `report --yes`, for figures kept as
    typed although they looked like a slip); nothing is written here."""
    from optimiser.planning.options import paper_frontier
    from optimiser.planning.uncertain_sweep import confidence_curves
    from optimiser.render.report import pack  # charts and documents load only for a pack

    paper = read_paper([options_file])
    options = plan_options(paper.paths, solver, Overrides(confirmed=confirmed))
    return pack(paper, options, paper_frontier(options), confidence_curves(options))


def plan_csv(option: Option) -> bytes:
    """The plan as `establishment plan --format csv` writes it."""
    from optimiser.planning.precision import rounded_plan
    from optimiser.render.machine import plan_csv as csv_of
    from optimiser.render.uncertain_figures import with_risk_columns

    return with_risk_columns(csv_of(rounded_plan(option.plan)), option.plan).encode("utf-8")


def plan_xlsx(label: str, option: Option) -> bytes:
    """The plan as a workbook: the sheets the board pack's workbook gives one option."""
    from optimiser.render.workbook_book import workbook

    return workbook([label], [option])


def examples(folder: Path | None) -> list[tuple[str, Path]]:
    """The scenarios and options files under `folder` (an examples folder), by name, that the page
    can plan: a scenario with a horizon is for `establishment years`, and is left out, as is any
    file that does not load."""
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*/*.y*ml")):
        try:
            data, _ = load_yaml_mapping(path, "scenario")
        except EstablishmentError:
            continue
        if "horizon" in data and "options" not in data:
            continue
        name = data.get("title") or data.get("name") or path.stem
        found.append((f"{name} (options)" if "options" in data else str(name), path))
    return found


def shipped_models() -> list[str]:
    """The names of the shipped models `establishment new --model` takes."""
    return model_names()


def starter_scenario(model: str, folder: Path) -> Path:
    """The scenario `establishment new --model MODEL` writes, in `folder`, beside the workbook
    (`STARTER_WORKBOOK`) it reads; a model that is not there raises the CLI's own error."""
    from optimiser import starter

    model_file = starter.model_path(model).resolve()
    path = folder / starter.SCENARIO
    path.write_bytes(starter.starter_files(model_file, folder)[starter.SCENARIO])
    return path


MAP_DATA = Path(__file__).parent / "data"
MAP_MEASURES = {
    "per_1000": ("planned_wte_per_1000", "planned WTE per 1,000 {unit}", lambda v: f"{v:,.2f}"),
    "change": ("change_wte", "change in WTE from today", lambda v: f"{v:+,.1f}"),
    "load": ("load_per_wte", "weighted {unit} per WTE after the plan", lambda v: f"{v:,.0f}"),
}
"""What the map can colour by: the plan's column, its words, and how a figure is shown."""


@cache
def _england() -> tuple[list[Any], dict[str, str], list[tuple]]:
    """England's district hexagons, each district's upper-tier authority (a 2023 unitary authority
    missing from the 2022 lookup is its own), and the sides between authorities (drawn once)."""
    from optimiser.render.hexmap import Grid, Hex, outline_edges

    hexes = json.loads((MAP_DATA / "england_districts_2023.hexjson").read_text(encoding="utf-8"))["hexes"]
    with (MAP_DATA / "ltla22_to_utla22_lookup.csv").open(encoding="utf-8-sig", newline="") as f:
        lookup = {row["LTLA22CD"]: row["UTLA22CD"] for row in csv.DictReader(f)}
    found = [Hex(code, h["n"], int(h["q"]), int(h["r"])) for code, h in hexes.items()]
    authority = {h.code: lookup.get(h.code, h.code) for h in found}
    return found, authority, outline_edges(found, authority, Grid.of(found))


def england_map(plan: Plan, measure: str) -> tuple[str | None, str]:
    """The hex map of England's districts coloured by their upper-tier authority's figure, when
    the plan's localities are England's authorities (every authority on the map found by its
    area code); else (None, "")."""
    from optimiser.render.hexmap import hex_map

    if plan.area_codes is None:
        return None, ""
    hexes, authority, edges = _england()
    codes = dict(zip(plan.area_codes, plan.localities.index, strict=True))
    if not set(authority.values()) <= set(codes):
        return None, ""
    column, words, shown = MAP_MEASURES[measure]
    title = words.format(unit=plan.case_unit)
    values = plan.localities[column].to_dict()
    figures = {code: float(values[name]) for code, name in codes.items()}
    names = {c: str(n) for c, n in codes.items()}
    return hex_map(hexes, authority, figures, names, title, shown, edges), title
