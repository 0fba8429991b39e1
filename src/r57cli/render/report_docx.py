"""The report as a Word document (`r57 report --format docx -o FILE.docx`) in the layout
of Decree 30/2020/ND-CP (Appendix I): A4, margins 20/20/30/15 mm, Times New Roman (for
Latin, East-Asian and complex scripts alike, so Vietnamese never falls back to another
font), 13 pt text and 12 pt tables, page numbers centred at the top from page 2. The frame
is docx_head.py's, the numbered parts report_docxbody.py's; everything stays editable
text: real tables with repeating header rows, no image, no locked field.

The same report gives the same bytes: the core properties are the report's own (its date
line's day, its issuing body, its subject), python-docx's thumbnail of a blank page is
dropped, and the zip is written again with every entry dated 1980-01-01 in a fixed order
(python-docx stamps them with the clock).

This module imports python-docx: import it only when the document is asked for."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from r57cli.render import docx_head, report_docxbody
from r57cli.render.docx_xml import BODY_SIZE, FONT, fragment, visible

ZIP_DAY = (1980, 1, 1, 0, 0, 0)


def render_docx(doc: dict[str, Any]) -> bytes:
    document = Document()
    _drop_thumbnail(document)
    _styles(document, doc["language"])
    pieces = [docx_head.header(doc), docx_head.title(doc)]
    pieces += report_docxbody.parts(doc)
    pieces.append(docx_head.closing(doc))
    # The new body replaces the template's empty one whole, its section properties moved
    # over: lxml moves a node between trees in time proportional to the target's size, so
    # moving a national week's thousands of rows one by one took a minute.
    old = document.element.body
    new = parse_xml(fragment(pieces))
    if old.sectPr is not None:
        new.append(old.sectPr)
    document.element.replace(old, new)
    _page(document)
    _properties(document, doc)
    raw = io.BytesIO()
    document.save(raw)
    return pinned_zip(raw.getvalue())


def pinned_zip(data: bytes) -> bytes:
    """The package again, each entry in the order written and dated 1980-01-01, so that
    the bytes depend on the content alone."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DAY)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _drop_thumbnail(document: Any) -> None:
    """python-docx's template carries a thumbnail of its own blank page: a picture that
    is not this document."""
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]  # a dict of relationships by id


def _fonts(rpr: Any) -> None:
    """Times New Roman for every script: ascii, hAnsi, eastAsia and cs, no theme font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _styles(document: Any, lang: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_SIZE))
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-GB")
    language.set(qn("w:eastAsia"), "vi-VN" if lang == "vi" else "en-GB")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "240")
    for name in ("Normal", "Header", "Footer"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_SIZE / 2)
        _fonts(style.element.get_or_add_rPr())


def _page(document: Any) -> None:
    """A4, Decree 30's margins, the page number centred in the header from page 2."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty first header
    para = section.header.paragraphs[0]
    para.alignment = 1  # centre
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    field.append(r)
    para._p.append(field)


def _properties(document: Any, doc: dict[str, Any]) -> None:
    day = docx_head.document_day(doc)
    when = datetime(day.year, day.month, day.day)
    body = docx_head.pick(docx_head.settings(doc).get("body"), doc["language"]) or "r57"
    props = document.core_properties
    props.author = props.last_modified_by = visible(body)
    props.title = visible(docx_head.subject(doc))
    props.subject = props.keywords = props.category = props.comments = ""
    props.created = props.modified = when
    props.revision = 1
    props.language = "vi-VN" if doc["language"] == "vi" else "en-GB"
