"""One markdown table writer for every renderer: text escaped, headers on one line, figures right-aligned."""

from optimiser.render.text import markdown_text


def markdown_table(
    headers: list[str], rows: list[list[str]], label_column: bool = True, bold_last_row: bool = False
) -> list[str]:
    """Lines of a pipe table; the first column is left-aligned when it holds labels, the rest right.

    Every cell is text shown literally (markdown and pipes escaped, on one line); `bold_last_row`
    sets the last row (a total) in bold.
    """
    align = ["---"] * label_column + ["---:"] * (len(headers) - label_column)
    lines = ["| " + " | ".join(markdown_text(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    for n, row in enumerate(rows, start=1):
        cells = [markdown_text(c) for c in row]
        if bold_last_row and n == len(rows):
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
