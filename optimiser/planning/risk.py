"""TEMPORARY: years branch. The risk simulation is planning/uncertain_risk; this name stays until the
years branch (bench/risk.py imports it) has landed."""

from optimiser.planning.uncertain_risk import plan_risk  # noqa: F401  TEMPORARY: years branch
