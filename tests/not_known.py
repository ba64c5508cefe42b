"""Plans whose WTE in post is not known, as a blank `in_post_wte` gives them: in post, the change,
its cost and today's load per WTE are NaN in every row and in the totals.

The renderers must say "not known" for these; the helpers build such plans from a planned one so the
renderers can be tested whether or not the locality reader accepts a blank `in_post_wte` yet.
"""

from dataclasses import replace

import numpy as np

from optimiser.planning.plan import Plan
from optimiser.planning.results import Option

ON_IN_POST = ("in_post_wte", "load_per_wte_before", "change_wte", "cost_change", "in_post_wte_per_1000")


def blank_in_post(plan: Plan) -> Plan:
    """The same plan with WTE in post not known anywhere."""
    localities = plan.localities.copy()
    for column in ON_IN_POST:
        localities[column] = np.nan
    totals = dict(plan.totals)
    for key in (*ON_IN_POST, "posts_added", "posts_removed"):
        totals[key] = np.nan
    return replace(plan, localities=localities, totals=totals)


def blank_option(option: Option) -> Option:
    return replace(option, plan=blank_in_post(option.plan))
