"""The paper as a Word document (python-docx): real headings, tables whose header row repeats on
every page and whose rows never split, charts embedded, A4 portrait with a landscape section
wherever a table is too wide. Byte-for-byte the same for the same plans (fixed dates in the file)."""

import datetime as dt
import io
import zipfile

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from optimiser.render.paper.document import (
    Bullets,
    Cover,
    Document,
    Figure,
    Heading,
    Keep,
    PageBreak,
    Paragraph,
    Table,
)
from optimiser.render.text import visible

WHOLE_ROWS = 30
"""A table of at most this many rows is kept on one page (rows keep with the next)."""
FIXED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _flag(row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _font(style, size: float | None = None) -> None:
    """Arial for every script, replacing the template's theme fonts (which would win otherwise)."""
    style.font.name = "Arial"
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Arial")
    style.font.color.rgb = RGBColor(0, 0, 0)
    if size:
        style.font.size = Pt(size)


def _set_cell(
    cell, text: str, bold: bool = False, right: bool = False, size: float = 9, keep: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.keep_with_next = keep
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(visible(text))
    run.bold = bold
    run.font.size = Pt(size)


def _portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)


def _landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin = section.bottom_margin = Mm(16)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_numbers(section) -> None:
    """ "Page 3 of 12" at the foot of every page (later sections share the first one's footer)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _draft(section) -> None:
    """DRAFT at the head of every page (later sections share the first one's header)."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run("DRAFT")
    run.bold = True
    run.font.size = Pt(14)


def _caption(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    run = paragraph.add_run(visible(text))
    run.bold = True
    run.font.size = Pt(9.5)


KEPT_ROWS = 3
"""A long table keeps its caption, header and first rows on one page."""


def _table(document, block: Table) -> None:
    if block.caption:
        _caption(document, block.caption)
    size = 8 if block.wide or len(block.headers) > 6 else 9
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _flag(header, "w:tblHeader")
    _flag(header, "w:cantSplit")
    for cell, text in zip(header.cells, block.headers, strict=True):
        _set_cell(cell, text, bold=True, size=size, keep=True)
        _shade(cell, "E6E6E6")
    kept = len(block.rows) - 1 if len(block.rows) <= WHOLE_ROWS else KEPT_ROWS
    numeric = block.numeric()
    for n, values in enumerate(block.rows):
        row = table.add_row()
        _flag(row, "w:cantSplit")
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _set_cell(cell, text, bold=n in block.bold_rows, right=numeric[i], size=size, keep=n < kept)
    _widths(table, block)
    if block.note:
        note = document.add_paragraph()
        run = note.add_run(visible(block.note))
        run.font.size = Pt(8)


WRAP_AT = 48
"""A text column needs no more room than this many characters: longer text wraps."""


def _widths(table, block: Table) -> None:
    """Each column as wide as its text needs (up to `WRAP_AT` characters, and never narrower than
    its longest word), shared out across the page."""
    page = 265 if block.wide else 174
    needs = []
    for n, header in enumerate(block.headers):
        cells = [row[n] for row in block.rows]
        word = max((len(w) for text in [header, *cells] for w in text.split()), default=1)
        needs.append(max(min(max((len(c) for c in cells), default=1), WRAP_AT), word * 1.15, 4.0))
    total = sum(needs)
    table.autofit = False
    for need, column in zip(needs, table.columns, strict=True):
        width = Mm(page * need / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cover(document, block: Cover) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    for label, value in block.rows:
        row = table.add_row()
        _flag(row, "w:cantSplit")
        _set_cell(row.cells[0], label, bold=True, size=10)
        _shade(row.cells[0], "F0F0F0")
        _set_cell(row.cells[1], value, size=10)
    for column, width in zip(table.columns, (Mm(42), Mm(132)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _figure(document, block: Figure) -> None:
    _caption(document, block.caption)
    document.add_picture(io.BytesIO(block.png), width=Mm(165 if not block.inline else 140))
    document.paragraphs[-1].paragraph_format.keep_together = True


def _heading(document, block: Heading) -> None:
    heading = document.add_heading(visible(block.text), 0 if block.level == 1 else block.level - 1)
    heading.paragraph_format.keep_with_next = True


def _text(document, block: Paragraph | Bullets) -> None:
    if isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(visible(item), style="List Bullet").paragraph_format.keep_together = True
        return
    paragraph = document.add_paragraph()
    if block.lead:
        paragraph.add_run(visible(block.lead) + " ").bold = True
    paragraph.add_run(visible(block.text))
    paragraph.paragraph_format.keep_with_next = bool(block.lead)


def _keep(document, block: Keep) -> None:
    """The blocks, every paragraph (and table row) kept with the next, but for the last."""
    body = document.element.body
    before = list(body)
    for inner in block.blocks:
        WRITERS[type(inner)](document, inner)
    added = [e for e in body if e not in before and e.tag in (qn("w:p"), qn("w:tbl"))]
    paragraphs = [p for e in added for p in ([e] if e.tag == qn("w:p") else e.iter(qn("w:p")))]
    for element in paragraphs[:-1]:
        element.get_or_add_pPr().keepNext_val = True


WRITERS = {
    Heading: _heading,
    Paragraph: _text,
    Bullets: _text,
    Cover: _cover,
    Table: _table,
    Figure: _figure,
    Keep: _keep,
}


def _document(doc: Document):
    document = docx.Document()
    for name, size in (("Normal", 10.5), ("Title", 20), ("Heading 1", 14), ("Heading 2", 11.5)):
        _font(document.styles[name], size)
    document.styles["Normal"].paragraph_format.space_after = Pt(4)
    document.styles["Normal"].paragraph_format.widow_control = True
    _portrait(document.sections[0])
    _page_numbers(document.sections[0])
    if doc.draft:
        _draft(document.sections[0])
    properties = document.core_properties
    properties.title = ("DRAFT: " if doc.draft else "") + visible(doc.title)
    properties.author = "establishment"
    properties.created = properties.modified = properties.last_printed = FIXED
    properties.revision = 1
    return document


def paper_docx(doc: Document) -> bytes:
    document = _document(doc)
    pending_break = False
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if isinstance(block, Table) and block.wide:
            _landscape(document.add_section(WD_SECTION.NEW_PAGE))
            _table(document, block)
            _portrait(document.add_section(WD_SECTION.NEW_PAGE))
            pending_break = False
            continue
        if pending_break:
            document.add_page_break()
            pending_break = False
        WRITERS[type(block)](document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01, so a re-run writes the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
