"""The weighting audit's answer first (issue 24): on a terminal, one row per locality (raw caseload,
weighted caseload, required WTE and the factor that moves it most), a total, and a few sentences
generated from the audit; every count, weight and rule waits for `--details`."""

import math

import pandas as pd
from rich.console import Group

from optimiser.render import numbers
from optimiser.render.columns import MANY_LOCALITIES, SHOWN_EACH_END, more_row
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit

EXPLAIN_HINT = "--details adds every count, weight and factor, and the rules."
HEADERS = ["Locality", "Raw caseload", "Weighted caseload", "Required WTE", "Moved most by"]
FITS = [Fit("Raw\ncaseload"), Fit("Weighted\ncaseload"), Fit("Required\nWTE"), Fit("Moved\nmost by", 1)]
"""On a narrow terminal the factor column goes first (a footnote says so)."""


def factors(frame: pd.DataFrame) -> pd.DataFrame:
    """Each step from raw to weighted caseload as a ratio, one column a step: the category weights,
    each named multiplier (or the combined one when none is named), the episode months / 12; named
    short ('weights', the factor's name, 'episode') to fit 80 columns."""
    steps = pd.DataFrame(index=frame.index)
    if "category-weighted" in frame.columns:
        steps["weights"] = frame["category-weighted"] / frame["raw caseload"].where(frame["raw caseload"] > 0)
    named = [c for c in frame.columns if c.endswith(" multiplier")]
    for column in named or [c for c in ("multiplier",) if c in frame.columns]:
        steps[column.removesuffix(" multiplier")] = frame[column]
    if "episode months / 12" in frame.columns:
        steps["episode"] = frame["episode months / 12"]
    return steps


def _most(ratios: pd.Series) -> tuple[str, float] | None:
    """The step that moves the caseload furthest from where it started (x2 as far as x0.5), if any."""
    moved = {name: abs(math.log(r)) for name, r in ratios.items() if pd.notna(r) and r > 0}
    name = max(moved, key=lambda n: moved[n], default=None)
    return None if name is None or moved[name] < 1e-12 else (str(name), float(ratios[name]))


def _moved(ratios: pd.Series) -> str:
    found = _most(ratios)
    return "none" if found is None else f"{found[0]} x{found[1]:.2f}"


def answer_rows(frame: pd.DataFrame) -> list[list[str]]:
    """One row a locality (above `MANY_LOCALITIES`, those needing the most and the least WTE and a
    row counting the rest), then the total over every locality."""
    steps = factors(frame)
    names = list(frame.index)
    if len(names) > MANY_LOCALITIES:
        order = list(frame["required WTE"].sort_values(ascending=False, kind="stable").index)
        names = [*order[:SHOWN_EACH_END], None, *order[-SHOWN_EACH_END:]]
    rows = [
        more_row(len(frame) - 2 * SHOWN_EACH_END, len(HEADERS))
        if name is None
        else [
            str(name),
            numbers.count(frame.at[name, "raw caseload"]),
            f"{frame.at[name, 'weighted caseload']:,.1f}",
            numbers.wte(frame.at[name, "required WTE"], 2),
            _moved(steps.loc[name]),
        ]
        for name in names
    ]
    total = [
        "Total",
        numbers.count(frame["raw caseload"].sum()),
        f"{frame['weighted caseload'].sum():,.1f}",
        numbers.wte(frame["required WTE"].sum(), 2),
        "",
    ]
    return [*rows, total]


def answer_sentences(frame: pd.DataFrame, rule: str, main_grade: str) -> list[str]:
    """The rule, what one WTE holds (when time off makes it less than the cap), which localities
    need the most and the least, and which the weighting moves most: each from the audit that ran."""
    said = [rule[0].upper() + rule[1:]]
    capacity, cap = frame["capacity per WTE"].unique(), frame["cap"].unique()
    if len(capacity) == 1 and len(cap) == 1 and capacity[0] < cap[0] and "headroom %" in frame.columns:
        said.append(
            f"One {main_grade} WTE holds {numbers.count(capacity[0])} weighted cases, not the cap of "
            f"{cap[0]:,.6g}: {cap[0]:,.6g} x (1 - {frame['non-clinical %'].iloc[0]:g}% non-clinical time)"
            f" / (1 + {frame['headroom %'].iloc[0]:g}% headroom)."
        )
    need = frame["required WTE"]
    most, least = need.idxmax(), need.idxmin()
    sentence = (
        f"{most} needs the most ({numbers.wte(need[most], 2)} WTE), "
        f"{least} the least ({numbers.wte(need[least], 2)} WTE)"
    )
    ratio = (frame["weighted caseload"] / frame["raw caseload"].where(frame["raw caseload"] > 0)).dropna()
    if not ratio.empty and (ratio.max() - 1) ** 2 + (ratio.min() - 1) ** 2 > 1e-18:
        far = (ratio.map(math.log).abs()).idxmax()
        sentence += f"; the weighting moves {far} furthest (x{ratio[far]:.2f} from raw to weighted caseload)"
    return [*said, sentence + "."]


def audit_answer(frame: pd.DataFrame, title: str, rule: str, main_grade: str, width: int | None) -> Group:
    """The short audit a terminal shows first: title, the table by locality, the sentences, the hint."""
    parts = tables("", HEADERS, answer_rows(frame), width, FITS, total=True)
    said = [text(s) for s in answer_sentences(frame, rule, main_grade)]
    return Group(text(title, style="bold"), *parts, *said, text(EXPLAIN_HINT, style="dim"))
