"""What holds a plan where it is, in words a board reads: each kind of limit the plan meets exactly,
with where and when ("the cap of 400 in every locality", "the budget in 2010/11"), from the
binding rows' readable names (`cap cover[CHW]`). The board paper's Appendix C and the what-if page
say it so; the command line lists the rows by name, for an analyst to look up with `explain`."""

from optimiser.render.paper.words import listing

LIMITS = {
    "cap cover": "the cap of {cap}",
    "coverage": "the lowest load the budget allows",
    "year coverage": "the lowest load each year's budget allows",
    "worst year": "the worst year's load",
    "to the cap": "holding the cap",
    "budget": "the budget",
    "floor": "the floors set",
    "ceiling": "the ceilings set",
    "keep in post": "keeping at least {keep} of the WTE in post",
    "no cuts": "no locality going below its WTE in post",
    "recruitment": "the recruitment limit",
    "min share": "the least share of the main grade",
    "high risk": "the limit on high-risk cases",
}
"""What each kind of limit is called in the paper."""


def _parts(label: str, years: tuple[str, ...]) -> tuple[str, str, str]:
    """(kind, place, year) of a limit's label, such as `cap cover[CHW]` or `budget[2010/11]`."""
    kind, _, rest = label.partition("[")
    place, year = "", ""
    for part in rest.rstrip("]").split(","):
        if part in years:
            year = part
        elif part != "total":
            place = part
    return kind, place, year


def limit_words(
    binding: tuple[str, ...], localities: list[str], years: tuple[str, ...], figures: dict
) -> list[str]:
    """Each kind of limit the answer meets exactly, with where and when: "the cap of 400 in every
    locality", "the budget in 2010/11 and 2012/13"."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for label in binding:
        kind, place, year = _parts(label, years)
        places, when = found.setdefault(kind, ([], []))
        if place and place not in places:
            places.append(place)
        if year and year not in when:
            when.append(year)
    said = []
    for kind, (places, when) in found.items():
        text = LIMITS.get(kind, kind).format(**figures)
        if places:
            text += " in " + (
                "every locality"
                if len(places) == len(localities)
                else listing(places)
                if len(places) <= 6
                else f"{len(places):,} localities"
            )
        said.append(text + (f" in {listing(when)}" if when else ""))
    return said
