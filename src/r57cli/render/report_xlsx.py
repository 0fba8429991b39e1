"""The report as one Excel workbook (`r57 report --format xlsx -o FILE.xlsx`): the sheets
of report_xlsxsheets.py written as real cells by XlsxWriter (chosen by measurement over
openpyxl, 2-3x faster on the national week: docs/speed.md). Dates are date cells (a
dd/mm/yyyy format in Vietnamese), percentages numbers with a % format, statuses in the
HTML page's colours (svg.STATUS_COLOURS); header rows frozen and filterable, columns as
wide as their content (capped), every row of the document and a note where a list is
empty.

The same report gives the same bytes: the workbook's created date is the report's own
reference day (never the clock) and XlsxWriter stamps every part of the zip 1980-01-01.
Text is user text: characters XML cannot hold are shown as \\xNN, and a literal
"_x0041_" is escaped so that Excel does not read it as a character code.

This module imports XlsxWriter: import it only when the workbook is asked for."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import xlsxwriter

from r57cli.locale.reportwords import rsay
from r57cli.render.report_xlsxsheets import Sheet, Typed, sheets
from r57cli.render.svg import STATUS_COLOURS

EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (in its 1900 date system)
MAX_WIDTH, MIN_WIDTH = 60, 6
MAX_CELL = 32_767  # Excel's limit on a cell's text
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CODE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH = {"date": 11, "when": 17, "pct": 7, "ratio": 7, "points": 7}


def clean(text: str) -> str:
    """A string as a cell can hold it: XML-forbidden characters as \\xNN, Excel's own
    _xHHHH_ escape written so that it reads literally, and no more than Excel holds."""
    if _BAD_XML.search(text):
        text = _BAD_XML.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text)
    if "_x" in text:
        text = _CODE.sub(r"_x005F_\1", text)
    return text[:MAX_CELL]


def sheet_name(text: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = _SHEET_BAD.sub(" ", text).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def iso(text: str) -> bool:
    """An ISO date or instant (the document's dates), not words in a date column."""
    return len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


@lru_cache(maxsize=4096)
def serial(iso: str) -> float:
    """An ISO day (or instant, read at its own clock) as an Excel date number."""
    day = date.fromisoformat(iso[:10]).toordinal() - EPOCH
    if len(iso) < 19:
        return float(day)
    h, m, s = int(iso[11:13]), int(iso[14:16]), int(iso[17:19])
    return day + (h * 3600 + m * 60 + s) / 86400


def created(doc: dict[str, Any]) -> datetime:
    day = date.fromisoformat(doc["period"]["reference_day"])
    return datetime(day.year, day.month, day.day)


class Writer:
    def __init__(self, book: Any, lang: str) -> None:
        day = "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"
        base: dict[str, Any] = {}
        # Plain text and whole numbers have no format of their own: a cell without one is
        # smaller to write and to store (a tenth of a national workbook's time).
        self.f = {
            "text": None,
            "int": None,
            "num": book.add_format({**base, "num_format": "0.0"}),
            "date": book.add_format({**base, "num_format": day, "align": "left"}),
            "when": book.add_format({**base, "num_format": f"{day} hh:mm", "align": "left"}),
            "pct": book.add_format({**base, "num_format": "0%"}),
            "pct1": book.add_format({**base, "num_format": "0.0%"}),
            "points": book.add_format({**base, "num_format": "+0;-0;0"}),
            "points1": book.add_format({**base, "num_format": "+0.0;-0.0;0"}),
            "head": book.add_format(
                {
                    "bold": True,
                    "bg_color": "#EEF2F7",
                    "bottom": 1,
                    "text_wrap": True,
                    "valign": "bottom",
                }
            ),
            "title": book.add_format({"bold": True, "font_size": 14}),
            "lead": book.add_format({}),
            "empty": book.add_format({"italic": True, "font_color": "#5B6472"}),
        }
        self.status = {
            code: (rsay(code), book.add_format({**base, "bg_color": fill, "font_color": ink}))
            for code, (fill, ink) in STATUS_COLOURS.items()
        }

    def cell(self, ws: Any, r: int, c: int, kind: str, value: Any) -> int:
        """Write one cell of any kind; its shown width in characters."""
        if type(value) is Typed:
            kind, value = value.kind, value.value
        if value is None or value == "":
            return 0
        f = self.f
        if kind == "status":
            word, fmt = self.status.get(value) or (clean(str(value)), f["text"])
            ws.write_string(r, c, word, fmt)
            return len(word)
        if isinstance(value, str) and not (kind in ("date", "when") and iso(value)):
            text = clean(value)
            ws.write_string(r, c, text, f["text"])
            return len(text)
        if kind in ("date", "when"):
            ws.write_number(r, c, serial(value), f[kind])
            return _WIDTH[kind]
        if kind == "pct" or kind == "ratio":
            number = round(value / 100, 6) if kind == "pct" else value
            whole = float(value if kind == "pct" else value * 100).is_integer()
            ws.write_number(r, c, number, f["pct" if whole else "pct1"])
            return _WIDTH["pct"]
        if kind == "points":
            whole = float(value).is_integer()
            ws.write_number(r, c, value, f["points" if whole else "points1"])
            return _WIDTH["points"]
        fmt = f["num"] if kind == "num" and not float(value).is_integer() else f["int"]
        ws.write_number(r, c, value, fmt)
        return len(str(value))

    def column(self, ws: Any, kind: str) -> Any:
        """A writer for one column's cells: the common cases of a 10,000-row sheet
        without the general dispatch, anything else through cell()."""
        cell = self.cell
        if kind == "text":
            fmt = self.f["text"]

            def text(r: int, c: int, v: Any) -> int:
                if type(v) is not str or not v:
                    return cell(ws, r, c, kind, v)
                t = clean(v)
                ws.write_string(r, c, t, fmt)
                return len(t)

            return text
        if kind == "date":
            fmt = self.f["date"]

            def day(r: int, c: int, v: Any) -> int:
                if type(v) is not str or not iso(v):
                    return cell(ws, r, c, kind, v)
                ws.write_number(r, c, serial(v), fmt)
                return _WIDTH["date"]

            return day
        if kind == "status":
            status = self.status

            def word(r: int, c: int, v: Any) -> int:
                found = status.get(v) if type(v) is str else None
                if found is None:
                    return cell(ws, r, c, kind, v)
                ws.write_string(r, c, found[0], found[1])
                return len(found[0])

            return word
        if kind == "pct":
            fmt = self.f["pct"]

            def share(r: int, c: int, v: Any) -> int:
                if type(v) is not int:
                    return cell(ws, r, c, kind, v)
                ws.write_number(r, c, v / 100, fmt)
                return _WIDTH["pct"]

            return share
        if kind in ("int", "points"):
            fmt = self.f[kind]

            def number(r: int, c: int, v: Any) -> int:
                if type(v) is not int:
                    return cell(ws, r, c, kind, v)
                ws.write_number(r, c, v, fmt)
                return _WIDTH.get(kind) or len(str(v))

            return number
        return lambda r, c, v: cell(ws, r, c, kind, v)

    def table(self, ws: Any, top: int, sheet: Sheet) -> None:
        """The header row at `top`, frozen and filtered, then the rows (or a note)."""
        heads = [h for h, _ in sheet.columns]
        widths = [min(len(h), 14) + 2 for h in heads]
        for c, h in enumerate(heads):
            ws.write_string(top, c, clean(h), self.f["head"])
        writers = [self.column(ws, k) for _, k in sheet.columns]
        r = top
        for r, row in enumerate(sheet.rows, start=top + 1):
            for c, value in enumerate(row):
                if value is not None:
                    shown = writers[c](r, c, value)
                    if shown > widths[c]:
                        widths[c] = shown
        if not sheet.rows:
            r = top + 1
            ws.write_string(r, 0, rsay("xl-empty"), self.f["empty"])
        ws.freeze_panes(top + 1, 0)
        ws.autofilter(top, 0, r, len(heads) - 1)
        for i, line in enumerate(sheet.foot, start=r + 2):
            ws.write_string(i, 0, clean(line), self.f["lead"])
        for c, w in enumerate(widths):
            ws.set_column(c, c, max(MIN_WIDTH, min(MAX_WIDTH, w + 1)))


def render_xlsx(doc: dict[str, Any]) -> bytes:
    from r57cli.render.report_text import heading

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    title, span = heading(doc)
    book.set_properties(
        {
            "title": clean(title),
            "subject": clean(span),
            "author": "r57",
            "comments": clean(f"r57 report {doc['r57_report']} · {doc['commit'] or ''}"),
            "created": created(doc),
        }
    )
    w = Writer(book, doc["language"])
    taken: set[str] = set()
    for sheet in sheets(doc):
        ws = book.add_worksheet(sheet_name(rsay(sheet.key), taken))
        top = 0
        for i, line in enumerate(sheet.lead):
            ws.write_string(i, 0, clean(line), w.f["title" if i == 0 else "lead"])
            top = i + 2
        w.table(ws, top, sheet)
    book.close()
    return buf.getvalue()
