"""One markdown table writer for every renderer: pipes escaped, headers on one line, figures right-aligned."""


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def markdown_table(headers: list[str], rows: list[list[str]], label_column: bool = True) -> list[str]:
    """Lines of a pipe table; the first column is left-aligned when it holds labels, the rest right."""
    align = ["---"] * label_column + ["---:"] * (len(headers) - label_column)
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
