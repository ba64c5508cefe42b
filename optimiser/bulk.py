"""Bulk work without the cyclic garbage collector's full passes.

A national plan makes hundreds of thousands of small objects that hold no cycles (a dict per
locality, a key per variable, a string per figure). Each of the collector's passes over the
oldest generation visits every one of them and frees nothing (refcounting frees them); at
100,000 localities those passes were about an eighth of a `plan`. The collector is paused
while a stage runs and resumed after, as it was; it collects as usual at every other time.
"""

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def bulk(stage: Callable[P, R]) -> Callable[P, R]:
    """Run `stage` with the cyclic collector paused (left as found when already paused)."""

    @functools.wraps(stage)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return stage(*args, **kwargs)
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            gc.enable()

    return run
