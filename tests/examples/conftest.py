"""Fixtures the examples' tests share."""

from pathlib import Path

import pytest

from tests.england_loads import make_working_copy


@pytest.fixture(scope="module")
def working_copy(tmp_path_factory) -> Path:
    """The England examples copied where a test may write beside them."""
    return make_working_copy(tmp_path_factory.mktemp("england"))
