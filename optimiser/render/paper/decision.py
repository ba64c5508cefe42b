"""The end of the paper's body: the conclusion in the author's words, then the recommendation and
what the board is asked to do, after the 2010 paper ("The Board is asked to: ..."). The decision
itself (which option, at what establishment and cost) is written from the plans, so it cannot
disagree with Table 1; the options file adds its own items after it."""

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import Option
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.paper.document import Block, Bullets, Heading, Keep, Paragraph
from optimiser.render.paper.words import Facts, known


def paragraphs(text: str) -> list[Paragraph]:
    """A text from the options file as paragraphs (a line break starts a new one)."""
    return [Paragraph(part.strip()) for part in text.split("\n") if part.strip()]


def conclusion(paper: Paper, number: int) -> list[Block]:
    if not paper.conclusion:
        return []
    return [Heading(f"{number}. Conclusion", 2), *paragraphs(paper.conclusion)]


def _choice(paper: Paper, options: list[Option], facts: list[Facts]) -> str:
    r = facts[0].r
    if paper.recommendation is not None:
        return "Agree the recommendation above."
    in_post = options[0].plan.totals["in_post_wte"]
    held = f"{r.in_post(in_post)} WTE" if known(options[0]) else f"WTE in post {NOT_KNOWN}"
    choices = [f"keep today's establishment ({held})"]
    choices += [f"{f.label} ({r.wte(f.wte)} WTE, {r.money(f.cost)} a year)" for f in facts]
    return "Choose one of: " + "; ".join(choices) + "."


def _notes(paper: Paper, options: list[Option]) -> list[str]:
    """What the board is asked to note when the options file does not say (`board_asked_to`)."""
    asks = [
        "Note the recurring cost and the change against today of the option chosen, and how it is to "
        "be funded.",
        "Note the localities that would gain and lose posts, and the recruitment needed."
        if known(options[0])
        else f"Note that WTE in post by locality is {NOT_KNOWN}: the posts each locality would gain or lose, "
        "and the recruitment needed, follow once it is collected.",
    ]
    if paper.start_month is None:
        asks.append("Agree the month from which the change would start.")
    return asks


def recommendation(paper: Paper, options: list[Option], facts: list[Facts], number: int) -> list[Block]:
    who = f"The {paper.meeting} is asked to:" if paper.meeting else "The Board is asked to:"
    said = (
        paragraphs(paper.recommendation)
        if paper.recommendation
        else [Paragraph("No option is recommended in this paper.")]
    )
    asks = [_choice(paper, options, facts), *(paper.board_asked_to or _notes(paper, options))]
    # One page: the heading, the recommendation and "The Board is asked to:" with its list.
    return [Keep((Heading(f"{number}. Recommendation", 2), *said, Paragraph(who), Bullets(tuple(asks))))]
