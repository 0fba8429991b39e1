"""plan.yaml's optional `report:` block: what the signed document (`r57 report --format
docx|pdf`) says about who sends it, where, to whom and over whose signature, in the layout
of Decree 30/2020/ND-CP (Appendix I). Every field has a default (render/docx_head.py), so a
plan without the block still gets a document, with blanks the Office fills in."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from r57cli.plan.modelbase import Bilingual, ShortText, Strict

# The part of a document number after "Số: …/": a type code and the issuer's abbreviation,
# e.g. BC-BTTTT or BC-CĐS (letters of any script, digits, dot, dash, &).
DOC_SYMBOL_PATTERN = r"^[^\W_][\w.&-]{0,39}$"


class Signer(Strict):
    """The signature block, bottom right: e.g. KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Hà Minh Quân."""

    authority: Bilingual | None = Field(
        default=None,
        description="The line above the title when signing for the head of the body: "
        "'KT. BỘ TRƯỞNG' (on behalf), 'TL. BỘ TRƯỞNG', 'TM. ỦY BAN NHÂN DÂN'.",
    )
    title: Bilingual = Field(description="The signer's title, e.g. THỨ TRƯỞNG / DEPUTY MINISTER.")
    name: ShortText = Field(description="The signer's full name, printed under the signature.")


class ReportSettings(Strict):
    """The header, recipients and signer of the report document (r57 report --format docx)."""

    parent_body: Bilingual | None = Field(
        default=None,
        description="The governing body, printed above the issuing body (top left), e.g. "
        "BỘ KHOA HỌC VÀ CÔNG NGHỆ above a department; leave out for a ministry itself.",
    )
    body: Bilingual | None = Field(
        default=None,
        description="The body that issues the report (top left, in capitals). Default: the "
        "plan's issuing_body.",
    )
    symbol: Annotated[str, Field(pattern=DOC_SYMBOL_PATTERN)] | None = Field(
        default=None,
        description="The document symbol after 'Số: …/', e.g. BC-BTTTT; the number before it "
        "is left blank for the Office. Default: BC- and the part of the plan's symbol after "
        "its last dash (286/KH-BTTTT gives BC-BTTTT).",
    )
    place: Bilingual | None = Field(
        default=None,
        description="The place on the date line, e.g. Hà Nội / Hanoi. Default: a blank to fill in.",
    )
    recipients: list[Bilingual] = Field(
        default_factory=list,
        max_length=40,
        description="'Nơi nhận:' (Recipients), bottom left, one line each, e.g. 'Thủ tướng "
        "Chính phủ (để b/c)'. The archive line 'Lưu: VT' is added when no line starts "
        "with 'Lưu'.",
    )
    signer: Signer | None = Field(
        default=None,
        description="Who signs (bottom right). Default: blank lines for the title and name.",
    )
