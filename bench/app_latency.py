"""The what-if page's server time for a re-plan and re-render at England's 153 authorities: what a
control moving costs on the server, from the request arriving to the results fragment sent.

Run: .venv/bin/python -m bench.app_latency [--runs N]
Each request moves the cap to a value not asked before (so no plan is served from the page's
cache), through Starlette's test client in process (no network): the whole route, with the what-if
scenario written, planned as `establishment plan` plans it (checked, with its marginal figures),
the table, sentences, SVG charts and hex map rendered. Prints the median and the 95th percentile
in milliseconds for each England example and for the LCR example (target: under 100 ms at 153), how
the time splits between planning and the rest, and the load average beside them (2 cores shared:
the figures move with it). The baseline, timed in turn with the page on the same what-ifs, is
`establishment plan`'s own work in process (planning/options' plan_options on the what-if's
scenario file, from reading it to the checked plan, nothing rendered); the ratio, the page's median
over the baseline's, says what the page costs beyond planning, whatever the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.conftest import ROOT

SCENARIOS = (
    "examples/england/cap-400.yaml",
    "examples/england/cap-400-imd2025.yaml",
    "examples/england/ihv-250-imd2025.yaml",
    "examples/lcr-2010/appendix3.yaml",
)
TARGET_MS = 100.0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95: the 95th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def timed(client, scenario: str, runs: int, start_cap: float) -> tuple[list[float], list[float]]:
    """Milliseconds for each htmx request (the whole route), and the planning part of each."""
    from optimiser.app import engine

    planning: list[float] = []
    original = engine.Planner.option

    def option(self, path, settings):
        began = time.perf_counter()
        try:
            return original(self, path, settings)
        finally:
            planning.append((time.perf_counter() - began) * 1000)

    engine.Planner.option = option
    try:
        client.get(f"/plan?s={scenario}", headers={"HX-Request": "true"})  # warm: files read, code loaded
        planning.clear()
        whole = []
        for n in range(runs):
            cap = start_cap - 0.5 * (n + 1)
            began = time.perf_counter()
            answer = client.get(f"/plan?s={scenario}&cap={cap:g}", headers={"HX-Request": "true"})
            whole.append((time.perf_counter() - began) * 1000)
            assert answer.status_code == 200 and 'id="establishment"' in answer.text, answer.text[:500]
    finally:
        engine.Planner.option = original
    return whole, planning


def baseline_ms(folder: Path, runs: int) -> list[float]:
    """`establishment plan`'s work on each what-if scenario file the page wrote, from scratch."""
    from optimiser.planning.options import plan_options

    files = sorted(folder.glob("scenario-*.yaml"), key=lambda p: p.stat().st_mtime_ns)[-runs:]
    times = []
    for path in files:
        began = time.perf_counter()
        plan_options([path])
        times.append((time.perf_counter() - began) * 1000)
    return times


def _line(scenario: str, whole: list[float], planning: list[float], plan_alone: list[float]) -> str:
    rest = [w - p for w, p in zip(whole, planning, strict=True)]
    median, p95 = statistics.median(whole), percentile(whole, 0.95)
    verdict = "under" if p95 < TARGET_MS else "OVER"
    ratio = median / statistics.median(plan_alone)
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    return (
        f"  {scenario}: median {median:.1f}, 95th percentile {p95:.1f} (95th percentile {verdict} the "
        f"{TARGET_MS:.0f} ms target); planning median {statistics.median(planning):.1f}, the rest "
        f"(route, table, sentences, charts, map) {statistics.median(rest):.1f}; baseline (plan's own "
        f"work) median {statistics.median(plan_alone):.1f}, ratio {ratio:.2f}; load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    runs = parser.parse_args().runs
    os.chdir(ROOT)
    from starlette.testclient import TestClient

    from optimiser.app.routes import create_app
    from optimiser.app.server import config_for

    with (
        tempfile.TemporaryDirectory() as work,
        TestClient(create_app(config_for(None, Path(work))), base_url="http://127.0.0.1") as client,
    ):
        print(f"Server time for a re-plan and re-render, {runs} requests each (milliseconds):")
        for scenario in SCENARIOS:
            whole, planning = timed(client, scenario, runs, 399)
            plan_alone = baseline_ms(Path(work) / "scenarios", runs)
            print(_line(scenario, whole, planning, plan_alone))


if __name__ == "__main__":
    main()
