"""The England hex map: pure renderer checks, and the map the page draws for England's authorities."""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from itertools import pairwise

from optimiser.render import hexmap
from optimiser.render.hexmap import Hex
from tests.app.helpers import client
from tests.conftest import ROOT

DATA = ROOT / "optimiser" / "app" / "data"


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2): what a greyscale print keeps of a colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_steps_get_lighter_one_after_another_so_greyscale_keeps_their_order():
    lights = [_luminance(c) for c in hexmap.STEPS]
    assert all(b > a * 1.25 for a, b in pairwise(lights)), lights


def test_thresholds_split_the_figures_into_steps_of_about_equal_count():
    values = [float(v) for v in range(1, 61)]
    limits = hexmap.thresholds(values)
    counts = [sum(hexmap.step_of(v, limits) == s for v in values) for s in range(len(limits) + 1)]
    assert counts == [10] * 6
    assert hexmap.thresholds([2.5] * 9) == []
    assert hexmap.thresholds([1.0, 5, 5, 5, 5, 5]) == [1.0]  # two figures: two steps, whatever the counts


def test_only_sides_between_authorities_or_at_the_edge_are_outlined():
    # three hexagons in a row: two in one authority, one in another
    row = [Hex("a", "A", 0, 0), Hex("b", "B", 1, 0), Hex("c", "C", 2, 0)]
    authority = {"a": "X", "b": "X", "c": "Y"}
    edges = hexmap.outline_edges(row, authority, hexmap.Grid.of(row))
    assert len(edges) == 3 * 6 - 2 * 2 + 1  # every side but the two shared ones, and the X|Y side once


def test_each_hexagon_names_its_district_authority_and_figure_for_hover_and_screen_readers():
    hexes = [Hex("d1", "Riverside", 0, 0), Hex("d2", "Hilltop", 1, 0)]
    svg = hexmap.hex_map(
        hexes, {"d1": "U", "d2": "V"}, {"U": 2.5, "V": None}, {"U": "Upper", "V": "Vale"}, "t", str
    )
    assert "<title>Riverside (in Upper): 2.5</title>" in svg
    assert 'aria-label="Hilltop (in Vale): not known"' in svg
    assert f'fill="{hexmap.NO_FIGURE}"' in svg and ">not known</text>" in svg


def test_the_map_copies_carry_their_notices():
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2017- Open Innovations" in sources and "Open Government Licence v3.0" in sources
    shared = ROOT.parent / "shared" / "data" / "england" / "england_districts_2023.hexjson"
    if shared.exists():
        assert shared.read_bytes() == (DATA / "england_districts_2023.hexjson").read_bytes()


def test_englands_map_colours_every_district_by_its_authoritys_planned_wte_per_1000(tmp_path):
    """Every district of the hexjson is drawn, named with its authority and that authority's figure,
    computed here from the locality file: WTE = weighted caseload / cap, per 1,000 children."""
    hexes = json.loads((DATA / "england_districts_2023.hexjson").read_text(encoding="utf-8"))["hexes"]
    with (DATA / "ltla22_to_utla22_lookup.csv").open(encoding="utf-8-sig") as f:
        lookup = {r["LTLA22CD"]: r["UTLA22CD"] for r in csv.DictReader(f)}
    lines = (
        (ROOT / "inputs" / "england" / "utla-children-0-4-mid2023.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    children = {r["area_code"]: (r["locality"], float(r["caseload"])) for r in rows}
    with client(tmp_path) as c:
        page = c.get("/plan?s=examples/england/cap-400.yaml&cap=350").text
    labels = [unescape(x) for x in re.findall(r'<g role="img" aria-label="([^"]+)">', page)]
    assert len(labels) == len(hexes) == 296
    for code, h in hexes.items():
        authority = lookup.get(code, code)
        name, _ = children[authority]
        per_1000 = 1000 / 350  # unweighted: every child counts once, whatever the authority
        assert f"{h['n']} (in {name}): {per_1000:,.2f}" in labels


def test_the_map_is_drawn_only_for_englands_authorities(tmp_path):
    with client(tmp_path) as c:
        assert "app-hexmap" not in c.get("/plan?s=examples/lcr-2010/appendix3.yaml").text
        weighted = c.get("/plan?s=examples/england/cap-400-imd2025.yaml&measure=load").text
    assert "app-hexmap" in weighted and "weighted children per WTE after the plan" in weighted


def test_each_district_shows_its_own_authoritys_figure_where_figures_differ(tmp_path):
    """With deprivation weighting the authorities' figures differ: each district must carry its own
    authority's (as `establishment plan --format csv` gives it), not a neighbour's."""
    import subprocess
    import sys

    scenario = "examples/england/cap-400-imd2025.yaml"
    out = subprocess.run(
        [sys.executable, "-m", "optimiser", "plan", scenario, "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    per_1000 = {r["locality"]: float(r["planned_wte_per_1000"]) for r in csv.DictReader(out.splitlines())}
    assert len({round(v, 2) for v in per_1000.values()}) > 50
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={scenario}").text
    labels = [unescape(x) for x in re.findall(r'<g role="img" aria-label="([^"]+)">', page)]
    for label in labels:
        name, figure = re.fullmatch(r".+ \(in (.+)\): ([\d.,]+)", label).groups()
        assert figure == f"{per_1000[name]:,.2f}", label
