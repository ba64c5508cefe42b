"""TEMPORARY: years branch. A plan's risk is rendered by render/uncertain_figures; this name stays until
the years branch (bench/risk.py imports it) has landed."""

from optimiser.render.uncertain_figures import with_risk_key  # noqa: F401  TEMPORARY: years branch
