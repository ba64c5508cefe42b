"""TEMPORARY: years branch. Sweeps are planning/sweep_run; this name stays until the years branch
(bench/sweep.py imports it) has landed."""

from optimiser.planning.sweep_run import grid, run  # noqa: F401  TEMPORARY: years branch
