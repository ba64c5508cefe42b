"""A markdown table ready to paste into a board paper."""

from optimiser.planning.plan import Plan
from optimiser.render.columns import plan_cells, summary_sentences
from optimiser.render.mdtable import markdown_table
from optimiser.render.question_words import objective_words
from optimiser.render.text import markdown_text
from optimiser.render.titles import planned_line


def plan_markdown(plan: Plan) -> str:
    headers, body, total = plan_cells(plan)
    lines = [f"## {markdown_text(plan.scenario)}", "", markdown_text(planned_line(plan), line_start=True), ""]
    if plan.description:
        lines += [markdown_text(plan.description, line_start=True).rstrip(" "), ""]
    lines += markdown_table(headers, [*body, total], bold_last_row=True)
    lines += [
        "",
        *(markdown_text(s, line_start=True) for s in summary_sentences(plan)),
        "",
        markdown_text(
            f"Status: {plan.status} ({plan.solver}); objective: {objective_words(plan)}.", line_start=True
        ),
        "",
        "Assumptions:",
        "",
    ]
    for a in plan.assumptions:
        item = f"{a.label}: {a.value}" + (f" (source: {a.source})" if a.source else "")
        lines.append("- " + markdown_text(item, line_start=True))
    return "\n".join(lines) + "\n"
