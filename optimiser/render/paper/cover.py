"""The paper's front: title, the cover table (meeting, date, report by, presented by, purpose, the
decision asked for), the summary of key points and the implications, in the house style of the
2010 board paper's cover sheet. Workforce, financial and performance implications are written from
the plans; the others are the options file's words, shown where it gives them."""

from optimiser.inputs.options_file import IMPLICATIONS, Paper
from optimiser.planning.results import Option
from optimiser.render.paper.document import Block, Bullets, Cover, Heading
from optimiser.render.paper.effects import (
    financial_implication,
    performance_implication,
    workforce_implication,
)
from optimiser.render.paper.summary import summary_bullets
from optimiser.render.paper.words import Facts, listing


def decision_asked(paper: Paper, options: list[Option]) -> str:
    if paper.recommendation is not None:
        return "To agree the recommendation"
    if len(options) == 1:
        return "To note"
    return "To choose between today's establishment and " + listing(paper.labels)


def cover(paper: Paper, options: list[Option]) -> Cover:
    rows = [
        ("Meeting", paper.meeting),
        ("Date", paper.date),
        ("Title of the report", paper.title),
        ("Report by", paper.author),
        ("Presented by", paper.presented_by),
        ("Purpose", paper.purpose),
        ("Decision asked for", decision_asked(paper, options)),
    ]
    return Cover(tuple((k, v) for k, v in rows if v))


def implications(paper: Paper, options: list[Option], facts: list[Facts]) -> Cover:
    """Patient care, workforce, financial, performance, governance, legal, equality and quality."""
    given = {IMPLICATIONS[k]: v for k, v in paper.implications.items()}
    rows = [
        ("Patient care", given.get("Patient care")),
        ("Workforce", workforce_implication(options, facts)),
        ("Financial", financial_implication(options, facts, paper)),
        ("Performance", performance_implication(options, facts)),
        ("Governance", given.get("Governance")),
        ("Legal", given.get("Legal")),
        ("Equality and quality", given.get("Equality and quality")),
    ]
    return Cover(tuple((k, v) for k, v in rows if v))


def front(paper: Paper, options: list[Option], facts: list[Facts]) -> list[Block]:
    return [
        Heading(paper.title, 1),
        cover(paper, options),
        Heading("Summary of key points", 2),
        Bullets(summary_bullets(options, facts, paper.recommendation is not None)),
        Heading("Implications", 2),
        implications(paper, options, facts),
    ]
