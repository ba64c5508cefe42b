"""The board paper's part of Appendix B on what moves the cost most: for an option, the ranked table
of each input moved a stated step either way (every figure an exact re-plan), its tornado chart, and
the steps as the assumptions state them. The board-paper builder places these blocks."""

from __future__ import annotations

from optimiser.planning.sensitivity_results import Sensitivity
from optimiser.render.paper.document import Block, Figure, Heading, Paragraph, Table
from optimiser.render.sensitivity_tables import sensitivity_cells, sensitivity_sentences

CHART = "charts/sensitivity-{number}.png"
"""As render/sensitivity_chart.sensitivity_charts names them."""


def chart_file(number: int) -> str:
    """The tornado chart's file in the pack for the `number`-th option (from 1)."""
    return CHART.format(number=number)


def sensitivity_blocks(label: str, number: int, sensitivity: Sensitivity, png: bytes) -> tuple[Block, ...]:
    """Appendix B's blocks for one option: heading, table, chart (its PNG), and what they rest on."""
    headers, rows = sensitivity_cells(sensitivity)
    first = sensitivity.swings[0].label if sensitivity.swings else ""
    caption = f"What moves the cost most: {label}"
    alt = (
        f"Tornado chart for {label}: each input's effect on the plan when moved a stated step either "
        f"way, largest first ({first})."
    )
    sentences = sensitivity_sentences(sensitivity)
    return (
        Heading(caption, 3),
        Table(tuple(headers), tuple(tuple(r) for r in rows), caption=caption, wide=True),
        Figure(chart_file(number), png, caption, alt),
        *(Paragraph(s) for s in sentences),
    )
