"""WordprocessingML written as text, for the report document's tables (report_docx.py):
a national week has thousands of rows, and python-docx's object model takes about 0.35 ms
a cell (6 s for the national week's 17,000) where a string takes microseconds. Every text
passes through `visible`: user text may hold characters XML 1.0 forbids, shown as \\xNN
(as the workbook does), never a broken file. The pieces are joined and parsed once, by
docx.oxml.parse_xml, inside `fragment`.

Sizes are in twentieths of a point (twips) and half-points, as WordprocessingML counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = "Times New Roman"
MM = 1440 / 25.4  # twips in a millimetre
TEXT_WIDTH = round((210 - 30 - 15) * MM)  # A4 less the left and right margins (Decree 30)
TABLE_SIZE = 24  # half-points: 12 pt in the tables, 13 in the text
BODY_SIZE = 26
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def visible(text: object) -> str:
    """User text as XML can hold it: forbidden characters as \\xNN."""
    s = "" if text is None else str(text)
    if _BAD_XML.search(s):
        s = _BAD_XML.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", s)
    return s


def esc(text: object) -> str:
    return escape(visible(text))


def run(text: object, *, bold: bool = False, italic: bool = False, size: int = 0) -> str:
    """One run; a line break in the text is a <w:br/>, as a person typing it would make."""
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = str(visible(text)).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


@dataclass(frozen=True)
class Column:
    heading: str
    weight: float  # its width in millimetres, scaled so the columns fill the text width
    right: bool = False  # numbers sit right


def table(columns: list[Column], rows: list[list[str]], *, size: int = TABLE_SIZE) -> str:
    """A bordered table whose header row repeats on every page (w:tblHeader) and whose
    rows do not break across pages; the widths are fixed shares of the text width, so
    Word and LibreOffice lay it out alike and fast."""
    total = sum(c.weight for c in columns)
    widths = [max(360, round(TEXT_WIDTH * c.weight / total)) for c in columns]
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    head = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{border}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    )
    sz = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    spacing = '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
    cell_heads = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>' for w in widths]
    # The header row: bold, centred, shaded lightly, repeated on each page.
    out = [head, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"]
    for c, tc in zip(columns, cell_heads, strict=True):
        out.append(
            f'{tc}<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:vAlign w:val="center"/>'
            f'</w:tcPr><w:p><w:pPr>{spacing}<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
            f"<w:rPr><w:b/>{sz}</w:rPr></w:pPr><w:r><w:rPr><w:b/><w:bCs/>{sz}</w:rPr>"
            f'<w:t xml:space="preserve">{esc(c.heading)}</w:t></w:r></w:p></w:tc>'
        )
    out.append("</w:tr>")
    starts = [
        f'{tc}</w:tcPr><w:p><w:pPr>{spacing}<w:ind w:firstLine="0"/>'
        f'<w:jc w:val="{"right" if c.right else "left"}"/><w:rPr>{sz}</w:rPr></w:pPr>'
        f"<w:r><w:rPr>{sz}</w:rPr>"
        for c, tc in zip(columns, cell_heads, strict=True)
    ]
    end = "</w:r></w:p></w:tc>"
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for start, value in zip(starts, row, strict=True):
            text = visible(value)
            if "\n" in text:
                body = "<w:br/>".join(
                    f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in text.split("\n")
                )
            else:
                body = f'<w:t xml:space="preserve">{escape(text)}</w:t>'
            out.append(start + body + end)
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def paragraph(
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "both",
    indent: bool = True,
    size: int = 0,
    before: int = 0,
    after: int = 120,
    keep_next: bool = False,
) -> str:
    """A paragraph of the body: justified, its first line indented 1.27 cm (Decree 30),
    6 pt after; a heading keeps with what follows it."""
    ind = '<w:ind w:firstLine="720"/>' if indent else '<w:ind w:firstLine="0"/>'
    keep = "<w:keepNext/>" if keep_next else ""
    return (
        f'<w:p><w:pPr>{keep}<w:spacing w:before="{before}" w:after="{after}"/>'
        f'{ind}<w:jc w:val="{align}"/></w:pPr>'
        + (run(text, bold=bold, italic=italic, size=size) if text else "")
        + "</w:p>"
    )


def fragment(pieces: list[str]) -> str:
    """The pieces as one parseable element (a w:body) whose children go into the document."""
    return f'<w:body xmlns:w="{W_NS}">{"".join(pieces)}</w:body>'
