"""Establishment optimiser: how many WTE staff each locality needs to hold a caseload cap."""

__version__ = "0.1.0"
