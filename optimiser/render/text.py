"""Text from the inputs is data, never markup: one rule for control characters, one escape per format.

Names, descriptions, sources, units and file paths reach every output. Each output escapes them
its own way (markdown backslashes, HTML entities, mathtext dollars, formula quotes), and every
output written for people first applies `visible`, so no input can move the cursor, ring the
bell, colour the terminal or split a line where it should not. For ordinary text each function
returns its argument unchanged.
"""

import html
import re

INVISIBLE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
"""Control characters (C0 but the line feed, DEL, C1), the line and paragraph separators, the
bidirectional embeddings, overrides and isolates (which reorder the text around them), and what XML
cannot hold at all (lone surrogates, U+FFFE, U+FFFF), which would stop a workbook or Word file."""


def _escape_code(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The one rule for text shown to people: each control character becomes a visible escape.

    `ab<ESC>c` becomes `ab\\x1bc` (a backslash, x, 1, b), a tab `\\x09`, U+2028 `\\u2028`; a line feed
    is kept. Nothing else changes, so ordinary text comes back as it went in.
    """
    return INVISIBLE.sub(_escape_code, text)


MARKDOWN_SPECIAL = re.compile(
    r"[\\`*<|$~#]"  # code, emphasis, HTML and autolinks, tables, maths, strikethrough, headings
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore that could open or close emphasis (not a_b)
    r"|&(?=#?\w+;)"  # an ampersand that would start an entity (&amp; &#60;)
    r"|\](?=[(\[])"  # a bracket that would close the text of a link or image
)
BRACKETS = re.compile(MARKDOWN_SPECIAL.pattern + r"|[\[\]]")
LINE_START = re.compile(r"[-+=>\[]|\d+(?=[.)])")
"""What makes a list, quote, setext heading, link definition or numbered list at the start of a line."""


def markdown_text(text: str, line_start: bool = False, brackets: bool = False) -> str:
    """Text that a CommonMark (or GitHub) renderer shows literally: on one line, markup escaped.

    `line_start`: the text begins a line (a paragraph or a list item), where `- `, `1. `, `> `, `[`
    would start a block. `brackets`: every bracket is escaped (the alt text of an image).
    """
    special = BRACKETS if brackets else MARKDOWN_SPECIAL
    text = special.sub(lambda m: "\\" + m.group(), visible(text).replace("\n", " "))
    if line_start:
        text = text.lstrip(" ")
        start = LINE_START.match(text)
        if start and start.group().isdigit():
            text = text[: start.end()] + "\\" + text[start.end() :]
        elif start:
            text = "\\" + text
    return text


def html_text(text: str) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(visible(text))


def chart_text(text: str) -> str:
    """Text for a matplotlib label: dollars escaped so it is never read as mathtext."""
    return visible(text).replace("$", "\\$")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these would run as a formula in a spreadsheet (OWASP's list for CSV
injection): a CSV cell gets a quote (`safe_cell`), a workbook cell a quote prefix
(`render.workbook.text_cell`)."""


def safe_cell(text: str) -> str:
    """A CSV text cell: control characters made visible (CSV has no escape of its own), and text a
    spreadsheet would run as a formula prefixed with a quote, so it shows as text."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
