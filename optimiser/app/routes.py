"""The page's routes: the start page, the what-if view (whole, or its results for htmx, charts
included), the downloads and the upload. Every figure comes through `engine`; every file a request may name
is checked against the page's folders first (`Config.resolve`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from optimiser.app import engine, state, uploads

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Only the page's own origin: nothing is fetched from another site, and no inline script runs."""
BUDGET_UNITS = (
    ("scenario", "As the scenario gives it"),
    ("pounds", "Pounds a year"),
    ("percent", "% change from today's cost"),
)
MEASURE_WORDS = (("per_1000", "WTE per 1,000"), ("change", "Change (WTE)"), ("load", "Load per WTE"))


@dataclass(frozen=True)
class Config:
    """What the page may read: its folders, the file it was started with, and its own temporary folder."""

    roots: tuple[Path, ...]
    workdir: Path
    start: Path | None = None
    examples: Path | None = None
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    """The names the page answers to: on this computer's own address, only its own names, so a web
    page elsewhere cannot reach it through a name it controls (DNS rebinding); "*" for any."""

    def ref(self, path: Path) -> str:
        """A file as the address names it: relative to the first folder holding it."""
        full = path.resolve()
        for root in (self.workdir, *self.roots):
            if full.is_relative_to(root.resolve()):
                prefix = "upload/" if root == self.workdir else ""
                return prefix + full.relative_to(root.resolve()).as_posix()
        raise state.StateError("s", f"{path} is outside the page's folders")

    def resolve(self, ref: str) -> Path:
        """The scenario file an address names: a YAML file inside the page's folders (or an upload)."""
        if not ref:
            raise state.StateError("s", "no scenario was named; expected s=PATH of a scenario file")
        roots = (self.workdir,) if ref.startswith("upload/") else self.roots
        name = ref.removeprefix("upload/")
        for root in roots:
            path = (root / name).resolve()
            inside = path.is_relative_to(root.resolve())
            if inside and path.suffix.lower() in (".yaml", ".yml") and path.is_file():
                return path
        raise state.StateError("s", f"'{ref}' is not a scenario file in the page's folders")


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("optimiser.app", "templates"), autoescape=select_autoescape())
    env.globals["static"] = lambda name: f"/static/{name}"
    env.globals["money"] = lambda v: f"£{v:,.0f}"
    return env


class SecurityHeaders:
    """The Content-Security-Policy and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class Pages:
    """The routes, with the page's config, templates and planner."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.env = _templates()
        self.planner = engine.Planner(config.workdir / "scenarios")
        self.max_upload = engine.MAX_LOCALITY_BYTES
        """The most an uploaded workbook may hold: the CLI's limit for a locality file."""

    def html(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(template).render(**context), status_code=status)

    async def start(self, request: Request) -> Response:
        if self.config.start is not None:
            first = engine.listing(self.config.start).scenarios[0][1]
            return RedirectResponse(f"/plan?s={self.config.ref(first)}", status_code=303)
        return self.start_page()

    async def start_only(self, request: Request) -> Response:
        """The start page (examples and upload), whatever file the page was started with."""
        return self.start_page()

    def start_page(self, upload_errors: list[str] | None = None, model: str = "", status: int = 200):
        examples = [
            {"name": name, "ref": self.config.ref(path), "href": f"/plan?s={self.config.ref(path)}"}
            for name, path in engine.examples(self.config.examples)
        ]
        return self.html(
            "start.html",
            status,
            examples=examples,
            models=engine.shipped_models(),
            chosen_model=model,
            upload_errors=upload_errors or [],
            max_mb=self.max_upload // 1_000_000,
        )

    def choices(self, current: Path) -> list[tuple[str, str]]:
        """The scenarios the page offers in its select: the start file's, and the current one."""
        found = engine.listing(self.config.start).scenarios if self.config.start else ()
        listed = [(label, self.config.ref(p)) for label, p in found]
        here = self.config.ref(current)
        return listed if any(r == here for _, r in listed) else [*listed, (current.stem, here)]

    async def plan(self, request: Request) -> Response:
        current = state.parse(request.url.query)
        action = request.query_params.get("action", "")
        moved = _act(current, action)
        partial = "HX-Request" in request.headers and "HX-History-Restore-Request" not in request.headers
        if moved != current and not partial:
            return RedirectResponse(f"/plan?{state.query(moved)}", status_code=303)
        try:
            path = self.config.resolve(moved.scenario)
            context = self.results(path, moved)
        except state.StateError as exc:
            return self.html("error.html", 404, heading="This view cannot be shown", lines=[str(exc)])
        except engine.EstablishmentError as exc:
            return self.html(
                "error.html", 400, heading="This scenario cannot be read", lines=engine.error_lines(exc)
            )
        if partial:
            response = self.html("_results.html", **context)
            response.headers["HX-Push-Url"] = f"/plan?{context['query']}"
            return response
        return self.html("plan.html", **context, choices=self.choices(path))

    def results(self, path: Path, current: state.State) -> dict[str, Any]:
        """Everything the results show: the plan (or why there is none), the map, the options kept."""
        defaults = self.planner.defaults(path)
        errors: dict[str, str] = {}
        view, problems, title, confirm = None, [], "", ""
        try:
            settings = state.settings(current.form, defaults)
        except state.StateError as exc:
            errors[exc.field_name] = str(exc)
            problems, title = list(errors.values()), "Check the figure you typed"
        else:
            view, problems, title, confirm = self.planned(path, current, settings)
        pins, comparison, pin_problems = self.pinned(current)
        map_svg, map_title = (None, "") if view is None else engine.england_map(view.plan, current.measure)
        return {
            "state": current,
            "query": state.query(current),
            "defaults": defaults,
            "form": state.form_for(defaults, current.form),
            "errors": errors,
            "view": view,
            "problems": problems + pin_problems,
            "problem_title": title or "The options kept cannot be compared",
            "confirm_query": confirm,
            "pins": pins,
            "comparison": comparison,
            "map_svg": map_svg,
            "map_title": map_title,
            "has_map": map_svg is not None,
            "measures": MEASURE_WORDS,
            "budget_units": BUDGET_UNITS,
            "objective_words": engine.OBJECTIVE_WORDS,
            "cap_range": (max(5, round(defaults.cap * 0.4 / 5) * 5), round(defaults.cap * 1.6 / 5) * 5),
        }

    def planned(
        self, path: Path, current: state.State, settings: engine.Settings
    ) -> tuple[engine.View | None, list[str], str, str]:
        """The what-if's view, or why there is none (in the page's words) under its title; and where
        a figure looks like a slip, the address that plans it as typed."""
        folder = self.planner.folder
        try:
            return self.planner.view(path, settings), [], "", ""
        except engine.InfeasibleError as exc:
            return None, engine.error_lines(exc, folder), "No plan meets these figures", ""
        except engine.EstablishmentError as exc:
            meant = state.query(state.confirming(current, settings)) if engine.asks_if_meant(exc) else ""
            return None, engine.error_lines(exc, folder), "These figures cannot be planned", meant

    def pinned(self, current: state.State) -> tuple[list[dict[str, str]], Any, list[str]]:
        """The options kept, labelled A, B, C...; their comparison with today, or why there is none."""
        labels = state.pin_labels(len(current.pins))
        pins, planned = [], []
        try:
            for label, pin in zip(labels, current.pins, strict=True):
                path, settings = self.pin_settings(pin)
                words = settings.words() or "as the scenario gives it"
                pins.append({"label": label, "value": pin, "words": f"{path.stem}, {words}"})
                planned.append(self.planner.option(path, settings))
            if not planned:
                return pins, None, []
            return pins, engine.comparison(planned, labels), []
        except (state.StateError, engine.EstablishmentError) as exc:
            if isinstance(exc, state.StateError):
                return pins, None, [str(exc)]
            return pins, None, engine.error_lines(exc, self.planner.folder)

    def pin_settings(self, pin: str) -> tuple[Path, engine.Settings]:
        kept = state.pinned(pin)
        path = self.config.resolve(kept.scenario)
        return path, state.settings(kept.form, self.planner.defaults(path))

    async def download(self, request: Request) -> Response:
        name = request.path_params["name"]
        current = state.parse(request.url.query)
        try:
            data, media = self.download_bytes(name, current)
        except state.StateError as exc:
            return self.html("error.html", 404, heading="Nothing to download", lines=[str(exc)])
        except engine.EstablishmentError as exc:
            lines = engine.error_lines(exc, self.planner.folder)
            return self.html("error.html", 400, heading="Nothing to download", lines=lines)
        disposition = f'attachment; filename="{name}"'
        return Response(data, media_type=media, headers={"Content-Disposition": disposition})

    def download_bytes(self, name: str, current: state.State) -> tuple[bytes, str]:
        """The file `name` for the view in `current`: this plan's, or the options kept."""
        if name in ("options.zip", "pack.zip"):
            if not current.pins:
                raise state.StateError("pin", "no option has been kept; 'Keep as option' keeps one")
            files = self.option_files(current)
            if name == "options.zip":
                return engine.zipped(files), "application/zip"
            folder = self.config.workdir / "packs" / secrets.token_hex(8)
            folder.mkdir(parents=True)
            for file_name, data in files.items():
                (folder / file_name).write_bytes(data)
            meant = any(self.pin_settings(pin)[1].confirmed for pin in current.pins)
            pack = engine.board_pack(folder / "options.yaml", confirmed=meant)
            return engine.zipped(pack), "application/zip"
        path = self.config.resolve(current.scenario)
        settings = state.settings(current.form, self.planner.defaults(path))
        if name == "scenario.yaml":
            return self.planner.derive(path, settings).read_bytes(), "application/yaml"
        option = self.planner.option(path, settings)
        if name == "plan.csv":
            return engine.plan_csv(option), "text/csv; charset=utf-8"
        if name == "plan.xlsx":
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return engine.plan_xlsx("This plan", option), media
        raise state.StateError("name", f"'{name}' is not a download this page offers")

    def option_files(self, current: state.State) -> dict[str, bytes]:
        labelled = []
        for label, pin in zip(state.pin_labels(len(current.pins)), current.pins, strict=True):
            path, settings = self.pin_settings(pin)
            words = settings.words()
            labelled.append(
                (
                    f"{label}: {words}"[:40] if words else label,
                    self.planner.derive(path, settings),
                )
            )
        title = self.planner.defaults(self.config.resolve(current.scenario)).name
        return engine.option_files(labelled, f"Options for {title}")

    async def upload(self, request: Request) -> Response:
        """A locality workbook with a shipped model: planned, or the CLI's messages beside the field."""
        got = await uploads.receive(request, self.config.workdir, self.max_upload, engine.STARTER_WORKBOOK)
        if got.workbook is None:
            return self.start_page(got.problems, got.model, status=400)
        try:
            scenario = engine.starter_scenario(got.model, got.workbook.parent)
            engine.check(scenario)
        except engine.EstablishmentError as exc:
            named = [line.replace(str(got.workbook), got.filename) for line in engine.error_lines(exc)]
            return self.start_page(named, got.model, status=400)
        return RedirectResponse(f"/plan?s={self.config.ref(scenario)}", status_code=303)


def _act(current: state.State, action: str) -> state.State:
    """The state after a button: keep the current figures as an option, or remove one."""
    if action == "pin" and len(current.pins) < state.MAX_PINS:
        return replace(current, pins=(*current.pins, state.pin_of(current)))
    if action.startswith("unpin:") and action[6:].isdigit():
        n = int(action[6:])
        return replace(current, pins=tuple(p for i, p in enumerate(current.pins) if i != n))
    return current


def create_app(config: Config) -> Starlette:
    pages = Pages(config)
    routes = [
        Route("/", pages.start),
        Route("/start", pages.start_only),
        Route("/plan", pages.plan),
        Route("/download/{name}", pages.download),
        Route("/upload", pages.upload, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=list(config.hosts)),
        Middleware(SecurityHeaders),
    ]
    return Starlette(routes=routes, middleware=middleware)
