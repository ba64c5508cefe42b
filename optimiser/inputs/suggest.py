"""Did you mean ...?": the nearest known names to a name that is not known."""

import difflib
import re

_FOLD = re.compile(r"[\s_\-]+")


def folded(name: str) -> str:
    """A name as people mean it: case, spaces, underscores and hyphens ignored
    (`In Post WTE` is `in_post_wte`)."""
    return _FOLD.sub("", name).casefold()


def nearest(name: str, known: list[str] | tuple[str, ...], count: int = 3) -> list[str]:
    """Known names close to `name` (a typo such as `cpa` for `cap`), best first;
    none when nothing is close."""
    by_fold: dict[str, str] = {}
    for k in known:
        by_fold.setdefault(folded(k), k)
    matches = difflib.get_close_matches(folded(name), list(by_fold), n=count, cutoff=0.6)
    return [by_fold[m] for m in matches]


def did_you_mean(name: str, known: list[str] | tuple[str, ...]) -> str:
    """` (did you mean 'cap'?)`, or an empty string when no known name is close."""
    matches = nearest(name, known)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{m}'" for m in matches) + "?)"
