"""The report document's frame in the layout of Decree 30/2020/ND-CP (Appendix I): the
header (issuing body top left, the national title and motto top right, the number and the
place and date under them), the document type and its subject, and the closing (the
recipients bottom left, the signature bottom right). Its settings are plan.yaml's
`report:` block as the JSON document carries it (doc["plan"]["report"], defaults filled
in by plan/reportblock.py); what is missing is left as dots for the Office to fill.

The document's date is a fact of the data, never the clock: the day after a closed
period's last day, so a past week's document is the same whenever it is made again; the
report's reference day (today) for the period still open."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from r57cli.locale.docxwords import MONTHS
from r57cli.locale.reportwords import rsay
from r57cli.render.docx_xml import TEXT_WIDTH, esc, run

DOTS = "……"
BLANK = "\u00a0" * 6  # the number, written in by the Office's clerk
LEFT = round(TEXT_WIDTH * 0.44)  # the header's and the closing's left column
RIGHT = TEXT_WIDTH - LEFT


def settings(doc: dict[str, Any]) -> dict[str, Any]:
    found = doc["plan"].get("report")
    return found if isinstance(found, dict) else {}


def pick(value: Any, lang: str) -> str:
    """A bilingual setting ({"en", "vi"}) in the document's language; "" when unset."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or value.get("vi") or "")
    return str(value or "")


def document_day(doc: dict[str, Any]) -> date:
    """The day the document is dated: the day after a closed period, else the reference
    day (the period is still running: it is reported as of today)."""
    p = doc["period"]
    last = date.fromisoformat(p["last_day"])
    if date.fromisoformat(doc["today"]) > last:
        return last + timedelta(days=1)
    return date.fromisoformat(p["reference_day"])


def date_line(doc: dict[str, Any]) -> str:
    """ "Hà Nội, ngày 07 tháng 12 năm 2026": Decree 30 writes a day below 10 and the
    months January and February with a leading zero; English "Hanoi, 7 December 2026"."""
    lang, day = doc["language"], document_day(doc)
    place = pick(settings(doc).get("place"), lang) or DOTS
    if lang == "vi":
        d, m = f"{day.day:02d}", f"{day.month:02d}" if day.month < 3 else str(day.month)
    else:
        d, m = str(day.day), MONTHS[day.month - 1]
    return rsay("dx-date", place=place, day=d, month=m, year=day.year)


def number_line(doc: dict[str, Any]) -> str:
    symbol = settings(doc).get("symbol") or "BC"
    return rsay("dx-number", blank=BLANK, symbol=symbol)


def _days(first: date, last: date, lang: str) -> tuple[str, str]:
    """A span's two ends, the first without its year when both share it."""
    if lang == "vi":
        head = f"{first:%d/%m}" if first.year == last.year else f"{first:%d/%m/%Y}"
        return head, f"{last:%d/%m/%Y}"
    one = f"{first.day} {MONTHS[first.month - 1]}"
    return one if first.year == last.year else f"{one} {first.year}", (
        f"{last.day} {MONTHS[last.month - 1]} {last.year}"
    )


def subject(doc: dict[str, Any]) -> str:
    """The document's subject (trích yếu): "Tình hình thực hiện Kế hoạch số 286/KH-BTTTT,
    tuần 49 năm 2026 (từ 30/11 đến 06/12/2026)"; a trend names its run of periods."""
    lang, p, periods = doc["language"], doc["period"], doc["periods"]
    plan = doc["plan"]
    symbol = plan.get("symbol")
    title = plan["title"].get(lang) or plan["title"].get("en") or ""
    named = rsay("dx-plan", symbol=symbol) if symbol else title
    first = date.fromisoformat(periods[0]["first_day"] if periods else p["first_day"])
    last = date.fromisoformat(p["last_day"])
    a, b = _days(first, last, lang)
    if len(periods) > 1 and p["kind"] in ("week", "month"):
        period = rsay(f"dx-{p['kind']}s", count=len(periods), first=a, last=b)
    elif p["kind"] == "week":
        year, _, week = str(p["id"]).partition("-W")
        period = rsay("dx-week", week=int(week), year=year, first=a, last=b)
    elif p["kind"] == "month":
        m = f"{first.month:02d}" if lang == "vi" else MONTHS[first.month - 1]
        period = rsay("dx-month", month=m, year=first.year, first=a, last=b)
    else:
        period = rsay("dx-range", first=a, last=b)
    if p["reference_day"] < p["last_day"]:
        ref = date.fromisoformat(p["reference_day"])
        shown = f"{ref:%d/%m/%Y}" if lang == "vi" else _days(ref, ref, lang)[1]
        period += "; " + rsay("dx-as-of", day=shown)
    who = _scope_names(doc)
    if who:
        return rsay("dx-subject-of", plan=named, who=who, period=period)
    return rsay("dx-subject", plan=named, period=period)


def _scope_names(doc: dict[str, Any]) -> str:
    """Whose tasks a --unit/--person document covers, by name, for its subject."""
    scope = doc.get("scope") or {}
    lang = doc["language"]
    units = {u["id"]: u["name"][lang] for u in doc["units"] if u.get("id") and u.get("name")}
    people = {t["responsible"]: t["responsible_name"] for t in doc["tasks"]}
    names = [units.get(u, u) for u in scope.get("units") or []]
    names += [people.get(p, p) for p in scope.get("persons") or []]
    return ", ".join(names)


def _p(body: str, *, align: str = "center", after: int = 0, size: int = 26) -> str:
    return (
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="{after}" w:line="240" '
        f'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/>'
        f'<w:rPr><w:sz w:val="{size}"/></w:rPr></w:pPr>{body}</w:p>'
    )


def rule(width: int) -> str:
    """A short centred line under a name (Decree 30: a third to a half of its length): a
    bottom border on a tiny empty paragraph indented from both sides, which stays an
    ordinary, editable paragraph."""
    side = max(0, (width - width // 3) // 2)
    return (
        '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
        '</w:pBdr><w:spacing w:before="0" w:after="0" w:line="60" w:lineRule="exact"/>'
        f'<w:ind w:left="{side}" w:right="{side}" w:firstLine="0"/><w:jc w:val="center"/>'
        '<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>'
    )


def _cell(width: int, paragraphs: list[str]) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        + "".join(paragraphs)
        + "</w:tc>"
    )


def _grid(rows: list[str]) -> str:
    """The borderless two-column table the header and the closing are laid out in."""
    none = "".join(
        f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>'
        f'<w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{LEFT}"/><w:gridCol w:w="{RIGHT}"/></w:tblGrid>'
        + "".join(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{r}</w:tr>" for r in rows)
        + "</w:tbl>"
    )


def header(doc: dict[str, Any]) -> str:
    """The top of the first page: who issues it and the national title, then the number
    and the place and date, as one borderless table of two rows."""
    lang, s = doc["language"], settings(doc)
    parent = pick(s.get("parent_body"), lang).upper()
    body = pick(s.get("body"), lang).upper() or DOTS
    left = [_p(run(parent, size=24)) if parent else "", _p(run(body, bold=True, size=24))]
    left.append(rule(LEFT))
    motto = (
        '<w:r><w:rPr><w:b/><w:bCs/><w:u w:val="single"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
        f'</w:rPr><w:t xml:space="preserve">{esc(rsay("dx-motto"))}</w:t></w:r>'
    )
    right = [_p(run(rsay("dx-nation"), bold=True, size=24)), _p(motto, size=28)]
    below_left = [_p(run(number_line(doc), size=26), after=0)]
    below_right = [_p(run(date_line(doc), italic=True, size=28), after=0)]
    return _grid(
        [
            _cell(LEFT, [x for x in left if x]) + _cell(RIGHT, right),
            _cell(LEFT, [_p("", size=12), *below_left])
            + _cell(RIGHT, [_p("", size=12), *below_right]),
        ]
    )


def title(doc: dict[str, Any]) -> str:
    """The document type and its subject, centred and bold, a short line under them."""
    return (
        _p("", size=26)
        + _p(run(rsay("dx-type"), bold=True, size=28), after=0, size=28)
        + _p(run(subject(doc), bold=True, size=28), after=0, size=28)
        + rule(TEXT_WIDTH // 2)
        + _p("", size=26)
    )


def recipients(doc: dict[str, Any]) -> list[str]:
    """The "- X;" lines, the archive line last and ending the list with a full stop."""
    lang = doc["language"]
    archive_words = ("lưu", "archive")
    lines = [
        pick(r, lang).strip().rstrip(";.").strip() for r in settings(doc).get("recipients") or []
    ]
    lines = [x for x in lines if x]
    kept = [x for x in lines if x.lower().startswith(archive_words)]
    lines = [x for x in lines if x not in kept] + (kept or [rsay("dx-archive")])
    return [f"- {x}{'.' if i == len(lines) - 1 else ';'}" for i, x in enumerate(lines)]


def signer_lines(doc: dict[str, Any]) -> tuple[list[str], str]:
    """The authority and title lines (in capitals) and the name; dots where none is set."""
    lang = doc["language"]
    signer = settings(doc).get("signer") or {}
    lines = [pick(signer.get(k), lang).upper() for k in ("authority", "title")]
    lines = [x for x in lines if x] or [DOTS * 3]
    return lines, str(signer.get("name") or DOTS * 3)


def closing(doc: dict[str, Any]) -> str:
    """ "Nơi nhận:" and its lines bottom left, the signature bottom right."""
    left = [_p(run(rsay("dx-recipients"), bold=True, italic=True, size=24), align="left")]
    left += [_p(run(line, size=22), align="left") for line in recipients(doc)]
    lines, name = signer_lines(doc)
    right = [_p(run(x, bold=True, size=28), size=28) for x in lines]
    right += [_p("", size=28) for _ in range(4)]  # room for the signature and the seal
    right.append(_p(run(name, bold=True, size=28), size=28))
    return _p("", size=26) + _grid([_cell(LEFT, left) + _cell(RIGHT, right)])
