"""TEMPORARY: years branch. The objective now lives with the scenario; this name stays until the years
branch (lp/, planning/years*.py and its tests import it) has landed."""

from optimiser.inputs.scenario import Objective  # noqa: F401  TEMPORARY: years branch
