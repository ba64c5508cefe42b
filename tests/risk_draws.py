"""The drawn caseloads behind a plan's risk, for tests that check their distribution and their
correlation. `plan_risk` never builds the whole draws x localities array (it works tile by tile);
these tests do, from the same tiles, so what they check is what `plan_risk` counts."""

import numpy as np

from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.planning.uncertain_risk import _check_relative, _check_weighted, _factors


def draw_caseloads(weighted: np.ndarray, rel: np.ndarray | float, spec: Uncertainty) -> np.ndarray:
    """Drawn weighted caseloads, shape (draws, localities), filled tile by tile from `_factors`."""
    w = _check_weighted(weighted)
    r = _check_relative(np.broadcast_to(np.asarray(rel, dtype=float), w.shape), spec.distribution)
    out = np.empty((spec.draws, w.size))
    for rows, cols, factor in _factors(r, spec):
        out[rows, cols] = factor * w[cols]
    return out
