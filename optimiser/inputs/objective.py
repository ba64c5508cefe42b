"""What a scenario asks the optimiser to do: an input's words that the LP, the planning and the
renderers all branch on, so it stands alone and imports nothing."""

from enum import StrEnum


class Objective(StrEnum):
    """What the optimiser is asked to do."""

    MIN_COST = "min-cost"
    """Meet the cap in every locality at least cost."""
    MAX_COVERAGE = "max-coverage"
    """Within the budget, make the worst load per WTE as low as it can be, then spend least."""
    PRIORITY = "priority"
    """Within the budget, minimise the shortfall against the cap weighted by a locality priority."""
