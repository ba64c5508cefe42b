"""Fixtures the renderers' tests share."""

import pytest

from tests.conftest import ROOT
from tests.workbook_calc import cli

BOARD = ROOT / "examples" / "lcr-2010" / "board-options.yaml"


@pytest.fixture(scope="session")
def board_pack(tmp_path_factory):
    """A folder holding `pack/`: the LCR 2010 board options' pack, written once by `report`."""
    folder = tmp_path_factory.mktemp("board")
    cli("report", BOARD, "-o", folder / "pack")
    return folder
