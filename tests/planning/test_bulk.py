"""A bulk stage runs with the cyclic collector paused and leaves it as it found it."""

import gc

import pytest

from optimiser.bulk import bulk


@bulk
def _state() -> bool:
    return gc.isenabled()


@bulk
def _fails() -> None:
    raise ValueError("bad input")


def test_the_collector_is_paused_inside_and_resumed_after():
    assert gc.isenabled()
    assert _state() is False
    assert gc.isenabled()


def test_a_stage_that_raises_still_resumes_the_collector():
    with pytest.raises(ValueError, match="bad input"):
        _fails()
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        assert _state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
