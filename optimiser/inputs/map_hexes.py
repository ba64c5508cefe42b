"""England's district hexagons and each district's upper-tier authority, for the board paper's map
(the what-if page's own files, `optimiser/app/data`, read as the page reads them)."""

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "app" / "data"
HEXES, LOOKUP = "england_districts_2023.hexjson", "ltla22_to_utla22_lookup.csv"


@dataclass(frozen=True)
class MapData:
    hexes: tuple[tuple[str, str, int, int], ...]
    """Each district: code, name, column q and row r ("odd-r" layout)."""
    authority: dict[str, str]
    """District code -> upper-tier authority code (a 2023 unitary authority missing from the 2022
    lookup is its own)."""


@cache
def england_map_data(folder: Path = DATA) -> MapData | None:
    """The map's data, or None where the files are not installed."""
    if not (folder / HEXES).is_file() or not (folder / LOOKUP).is_file():
        return None
    hexes = json.loads((folder / HEXES).read_text(encoding="utf-8"))["hexes"]
    with (folder / LOOKUP).open(encoding="utf-8-sig", newline="") as f:
        lookup = {row["LTLA22CD"]: row["UTLA22CD"] for row in csv.DictReader(f)}
    found = tuple((code, h["n"], int(h["q"]), int(h["r"])) for code, h in hexes.items())
    return MapData(found, {code: lookup.get(code, code) for code, *_ in found})
