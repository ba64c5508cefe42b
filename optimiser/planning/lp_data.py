"""TEMPORARY: years branch. `lp_data` now lives in planning/prepare; this name stays until the years
branch (planning/years_data.py imports it) has landed."""

from optimiser.planning.prepare import lp_data  # noqa: F401  TEMPORARY: years branch
