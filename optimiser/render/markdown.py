"""A markdown table ready to paste into a board paper."""

from optimiser.planning.plan import Plan
from optimiser.render.columns import plan_cells, summary_sentences
from optimiser.render.mdtable import markdown_table


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def plan_markdown(plan: Plan) -> str:
    headers, body, total = plan_cells(plan)
    lines = [f"## {plan.scenario}", ""]
    if plan.description:
        lines += [plan.description.strip(), ""]
    lines += markdown_table(headers, [*body, [f"**{c}**" for c in total]])
    lines += [
        "",
        *summary_sentences(plan),
        "",
        f"Status: {plan.status} ({plan.solver}).",
        "",
        "Assumptions:",
        "",
    ]
    for a in plan.assumptions:
        lines.append(
            f"- {a.label}: {_escape(a.value)}" + (f" (source: {_escape(a.source)})" if a.source else "")
        )
    return "\n".join(lines) + "\n"
