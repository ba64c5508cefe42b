"""Derive per-authority files for England from the raw public files beside this script.

One row per English upper-tier local authority (UTLA, the tier that commissions health
visiting), mid-2023:

- `utla-children-0-4-mid2023.csv`: `locality,area_code,in_post_wte,caseload,deprivation`, where
  caseload is the children aged 0-4 (ONS mid-2023 estimates, columns `0` ... `4`) and
  deprivation is the IMD 2025 average score of the authority's districts, weighted by those
  children. `in_post_wte` is blank: health visitors in post per authority are not published.
- `utla-population-5-17-mid2023.csv`: `locality,area_code,population_5_17`, the children and
  young people aged 5-17 (columns `5` ... `17`).

Districts (lower-tier authorities, England rows of the ages file: codes starting `E`) map to
upper-tier authorities with the ONS December 2022 lookup. The four unitary authorities created
in April 2023 are not in that lookup: a district that is not in the lookup and whose code starts
`E06` (a unitary authority) is its own upper-tier authority. Any other district missing from the
lookup stops the script with an error naming it.

Usage: python inputs/england/derive.py [--out PATH] [--out-5-17 PATH]
Standard library and pandas only. Outputs are written atomically and never over an input file.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import secrets
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent

AGES = "ons_age_by_local_authority.csv"
IMD2025 = "imd2025_england_ltla24.csv"
IMD2019 = "imd2019_england_ltla23.csv"
LOOKUP = "ltla22_to_utla22_lookup.csv"
RAW_FILES = (AGES, IMD2025, IMD2019, LOOKUP)
# Files in the folder that the script must never replace.
PROTECTED = (*RAW_FILES, "SOURCES.md", "derive.py")

CHILDREN_FILE = "utla-children-0-4-mid2023.csv"
POPULATION_5_17_FILE = "utla-population-5-17-mid2023.csv"

CHILD_AGES = [str(age) for age in range(0, 5)]
AGES_5_17 = [str(age) for age in range(5, 18)]
UNITARY_PREFIX = "E06"
DEPRIVATION_PLACES = Decimal("0.001")

SOURCES_COMMENT = """\
# Sources (all Open Government Licence v3.0; see inputs/england/SOURCES.md):
# - ONS, mid-year population estimates by single year of age, local authority districts,
#   mid-2023 (2023 boundaries); file ons_age_by_local_authority.csv, England rows (codes E...).
# - ONS Open Geography Portal, Lower Tier Local Authority to Upper Tier Local Authority
#   (December 2022) Lookup in England and Wales; file ltla22_to_utla22_lookup.csv. The four
#   unitary authorities created in April 2023 (E06000063 Cumberland, E06000064 Westmorland and
#   Furness, E06000065 North Yorkshire, E06000066 Somerset) are not in it: a unitary authority
#   (code E06...) missing from the lookup is its own upper-tier authority.
# Contains public sector information licensed under the Open Government Licence v3.0.
# rebuild with: python inputs/england/derive.py
"""

CHILDREN_HEADER = (
    """\
# England: every upper-tier local authority (UTLA, the commissioner of health visiting),
# mid-2023. One row per authority, sorted by area_code.
# locality: UTLA name; area_code: UTLA code (ONS).
# in_post_wte: BLANK in every row. Health visitors in post per authority are not published;
# supply them before planning, do not invent them.
# caseload: children aged 0-4, mid-2023 (ONS estimates, ages 0 to 4 summed over the
# authority's districts).
# deprivation: IMD 2025 average score, the mean of the authority's districts weighted by
# children aged 0-4 (higher = more deprived), rounded to 3 decimal places. IMD source: MHCLG,
# English Indices of Deprivation 2025, local authority district summaries; file
# imd2025_england_ltla24.csv.
"""
    + SOURCES_COMMENT
)

POPULATION_5_17_HEADER = (
    """\
# England: children and young people aged 5-17 per upper-tier local authority (UTLA), mid-2023.
# One row per authority, sorted by area_code.
# locality: UTLA name; area_code: UTLA code (ONS).
# population_5_17: people aged 5 to 17, mid-2023 (ONS estimates, ages 5 to 17 summed over the
# authority's districts).
"""
    + SOURCES_COMMENT
)


class DeriveError(Exception):
    """The raw files cannot be turned into the per-authority files as they stand."""


def _read_ages(folder: Path) -> pd.DataFrame:
    ages = pd.read_csv(folder / AGES, dtype={"code": str, "name": str})
    missing = [c for c in ("code", "name", *CHILD_AGES, *AGES_5_17) if c not in ages.columns]
    if missing:
        raise DeriveError(f"{AGES}: missing columns {', '.join(missing)}")
    england = ages[ages["code"].str.startswith("E")].copy()
    if england.empty:
        raise DeriveError(f"{AGES}: no England rows (codes starting E)")
    if england["code"].duplicated().any():
        codes = sorted(set(england.loc[england["code"].duplicated(), "code"]))
        raise DeriveError(f"{AGES}: district codes repeated: {', '.join(codes)}")
    for column in (*CHILD_AGES, *AGES_5_17):
        values = pd.to_numeric(england[column], errors="coerce")
        bad = england.loc[values.isna() | (values < 0) | (values % 1 != 0), "code"]
        if not bad.empty:
            raise DeriveError(
                f"{AGES}: column {column!r} is not a whole number of people 0 or more "
                f"for district {bad.iloc[0]}"
            )
        england[column] = values.astype("int64")
    return england.reset_index(drop=True)


def _read_lookup(folder: Path) -> dict[str, tuple[str, str]]:
    # The ONS lookup starts with a UTF-8 byte-order mark.
    lookup = pd.read_csv(folder / LOOKUP, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    missing = [c for c in ("LTLA22CD", "UTLA22CD", "UTLA22NM") if c not in lookup.columns]
    if missing:
        raise DeriveError(f"{LOOKUP}: missing columns {', '.join(missing)}")
    if lookup["LTLA22CD"].duplicated().any():
        codes = sorted(set(lookup.loc[lookup["LTLA22CD"].duplicated(), "LTLA22CD"]))
        raise DeriveError(f"{LOOKUP}: district codes repeated: {', '.join(codes)}")
    names = lookup.groupby("UTLA22CD")["UTLA22NM"].nunique()
    if (names > 1).any():
        raise DeriveError(f"{LOOKUP}: upper-tier code {names[names > 1].index[0]} has more than one name")
    return {
        row.LTLA22CD: (row.UTLA22CD, row.UTLA22NM)
        for row in lookup.itertuples(index=False)
        if row.LTLA22CD.startswith("E")
    }


def _read_imd2025(folder: Path) -> dict[str, Decimal]:
    # Scores are read as text and kept exact, so the weighted mean does not depend on floats.
    imd = pd.read_csv(folder / IMD2025, dtype=str, keep_default_na=False)
    missing = [c for c in ("ltla24_code", "imd_average_score") if c not in imd.columns]
    if missing:
        raise DeriveError(f"{IMD2025}: missing columns {', '.join(missing)}")
    scores: dict[str, Decimal] = {}
    for code, text in zip(imd["ltla24_code"], imd["imd_average_score"], strict=True):
        try:
            score = Decimal(text)
        except ArithmeticError:
            raise DeriveError(f"{IMD2025}: district {code}: score {text!r} is not a number") from None
        if not score.is_finite():
            raise DeriveError(f"{IMD2025}: district {code}: score {text!r} is not a number")
        if code in scores:
            raise DeriveError(f"{IMD2025}: district code {code} repeated")
        scores[code] = score
    return scores


def districts(folder: Path) -> pd.DataFrame:
    """England districts with their upper-tier authority, ages 0-4 and 5-17, and IMD 2025 score."""
    folder = Path(folder)
    ages = _read_ages(folder)
    lookup = _read_lookup(folder)
    scores = _read_imd2025(folder)
    rows = []
    for district in ages.to_dict("records"):
        code, name = district["code"], district["name"]
        if code in lookup:
            utla_code, utla_name = lookup[code]
        elif code.startswith(UNITARY_PREFIX):
            # A unitary authority created after the 2022 lookup is its own upper tier.
            utla_code, utla_name = code, name
        else:
            raise DeriveError(
                f"district {code} ({name}) is not in {LOOKUP} and is not a unitary authority "
                f"(code {UNITARY_PREFIX}...): its upper-tier authority is unknown"
            )
        if code not in scores:
            raise DeriveError(f"district {code} ({name}) has no IMD 2025 score in {IMD2025}")
        rows.append(
            {
                "district_code": code,
                "district_name": name,
                "area_code": utla_code,
                "locality": utla_name,
                "children_0_4": sum(int(district[a]) for a in CHILD_AGES),
                "population_5_17": sum(int(district[a]) for a in AGES_5_17),
                "imd_average_score": scores[code],
            }
        )
    table = pd.DataFrame(rows)
    names = table.groupby("area_code")["locality"].nunique()
    if (names > 1).any():
        raise DeriveError(f"upper-tier code {names[names > 1].index[0]} has more than one name")
    return table


def _weighted_mean(weights: list[int], scores: list[Decimal], area_code: str) -> Decimal:
    total = sum(weights)
    if total <= 0:
        raise DeriveError(f"{area_code}: no children aged 0-4, so no child-weighted deprivation score")
    mean = sum((Fraction(w) * Fraction(s) for w, s in zip(weights, scores, strict=True)), Fraction(0)) / total
    exact = Decimal(mean.numerator) / Decimal(mean.denominator)
    return exact.quantize(DEPRIVATION_PLACES, rounding=ROUND_HALF_UP)


def derive(folder: Path) -> pd.DataFrame:
    """One row per England UTLA: locality, area_code, in_post_wte (blank), caseload, deprivation."""
    table = districts(folder)
    rows = []
    for (area_code, locality), group in table.groupby(["area_code", "locality"], sort=True):
        rows.append(
            {
                "locality": locality,
                "area_code": area_code,
                "in_post_wte": "",
                "caseload": int(group["children_0_4"].sum()),
                "deprivation": _weighted_mean(
                    [int(c) for c in group["children_0_4"]], list(group["imd_average_score"]), area_code
                ),
            }
        )
    return pd.DataFrame(rows, columns=["locality", "area_code", "in_post_wte", "caseload", "deprivation"])


def derive_population_5_17(folder: Path) -> pd.DataFrame:
    """One row per England UTLA: locality, area_code, population_5_17."""
    table = districts(folder)
    grouped = table.groupby(["area_code", "locality"], sort=True)["population_5_17"].sum().reset_index()
    return grouped[["locality", "area_code", "population_5_17"]].astype({"population_5_17": "int64"})


def _csv_text(header: str, frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    buffer.write(header)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow([f"{value:f}" if isinstance(value, Decimal) else value for value in row])
    return buffer.getvalue()


def children_csv(folder: Path) -> str:
    return _csv_text(CHILDREN_HEADER, derive(folder))


def population_5_17_csv(folder: Path) -> str:
    return _csv_text(POPULATION_5_17_HEADER, derive_population_5_17(folder))


def _check_target(path: Path, folder: Path) -> None:
    """Refuse to write over an input file (by name or, for links, by identity) or a directory."""
    target = path.resolve()
    for name in PROTECTED:
        source = folder / name
        if target == source.resolve() or (
            target.exists() and source.exists() and os.path.samefile(target, source)
        ):
            raise DeriveError(f"refusing to write over the input file {source}")
    if target.is_dir():
        raise DeriveError(f"output {path} is a directory")


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and os.replace."""
    target = path.resolve()
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE / CHILDREN_FILE, help=f"children 0-4 file (default {CHILDREN_FILE})"
    )
    parser.add_argument(
        "--out-5-17",
        dest="out_5_17",
        type=Path,
        default=HERE / POPULATION_5_17_FILE,
        help=f"population 5-17 file (default {POPULATION_5_17_FILE})",
    )
    args = parser.parse_args(argv)
    try:
        if args.out.resolve() == args.out_5_17.resolve():
            raise DeriveError("--out and --out-5-17 name the same file")
        _check_target(args.out, HERE)
        _check_target(args.out_5_17, HERE)
        # Derive both before writing either, so a failure leaves no half-updated pair.
        children = children_csv(HERE)
        population = population_5_17_csv(HERE)
        write_atomic(args.out, children)
        write_atomic(args.out_5_17, population)
    except (DeriveError, OSError) as error:
        print(f"derive.py: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
