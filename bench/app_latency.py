"""The what-if page's server time for a re-plan and re-render at England's 153 authorities: what a
control moving costs on the server, from the request arriving to the results fragment sent.

Run: .venv/bin/python -m bench.app_latency [--runs N]
Each request moves the cap to a value not asked before (so no plan is served from the page's
cache), through Starlette's test client in process (no network): the whole route, with the what-if
scenario written, planned as `establishment plan` plans it (checked, with its marginal figures),
the table, sentences and hex map rendered. Prints the median and the 95th percentile in
milliseconds for each England example and for the LCR example (target: under 100 ms at 153), and
how the time splits between planning and the rest. The chart, a separate request the browser
makes after the table is painted, is timed on its own.
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


def chart_ms(client, scenario: str, runs: int) -> list[float]:
    times = []
    for n in range(runs):
        began = time.perf_counter()
        assert client.get(f"/chart.svg?s={scenario}&cap={399 - n:g}").status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return times


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
            rest = [w - p for w, p in zip(whole, planning, strict=True)]
            verdict = "under" if percentile(whole, 0.95) < TARGET_MS else "OVER"
            print(
                f"  {scenario}: median {statistics.median(whole):.1f}, 95th percentile "
                f"{percentile(whole, 0.95):.1f} ({verdict} the {TARGET_MS:.0f} ms target); planning "
                f"median {statistics.median(planning):.1f}, the rest (route, table, sentences, map) "
                f"{statistics.median(rest):.1f}"
            )
        charts = chart_ms(client, SCENARIOS[0], max(5, runs // 6))
        print(
            f"  chart (a separate request, after the table): median {statistics.median(charts):.1f}, "
            f"95th percentile {percentile(charts, 0.95):.1f}"
        )


if __name__ == "__main__":
    main()
