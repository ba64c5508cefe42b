"""TEMPORARY: years branch. The uncertainty block is inputs/uncertain_block; this name stays until the
years branch (bench/risk.py imports it) has landed."""

from optimiser.inputs.uncertain_block import Uncertainty  # noqa: F401  TEMPORARY: years branch
