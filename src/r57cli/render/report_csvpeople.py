"""The report as CSV for people (the default `--csv-dialect people`): the table the report
shows, in its language: headings in words, people by name, rates as percentages, dates
as the language writes them (dd/mm/yyyy in Vietnamese), statuses and periods named, not
coded. `render/report_csv.py` keeps the machine CSV (`--csv-dialect plain`): codes, ids,
fractions and ISO dates, its columns unchanged. A UTF-8 byte-order mark goes first by
default for the people's CSV, so that Excel on Windows reads the diacritics (`add_bom`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from r57cli.locale.reportwords import CLASSES, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.memberwords import uword
from r57cli.render.periodname import period_name
from r57cli.render.report_csv import _numeric, _safe_row
from r57cli.render.report_text import blocks, pct, ratio

BOM = "\ufeff"
DIALECTS = ("people", "plain")


def add_bom(text: str, bom: bool | None, dialect: str) -> str:
    """The byte-order mark: asked for (`--csv-bom`), refused (`--no-csv-bom`), or by
    default on the people's CSV and not on the machine one."""
    wanted = dialect == "people" if bom is None else bom
    return BOM + text if wanted else text


def render_people_csv(doc: dict[str, Any], table: str = "tasks") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if table == "changes":
        from r57cli.render.report_changescsv import people_head, people_rows

        head, rows = people_head(), people_rows(doc)
    elif table == "people":
        from r57cli.render.report_silencecsv import people_people

        head, rows = people_people(doc)
    elif table == "periods":
        head, rows = _periods(doc)
    else:
        title = uword(doc, "sec-units") if table == "units" else rsay("sec-tasks")
        found = next(b for b in blocks(doc) if b.title == title)
        head, rows = [h for h, _ in found.headers], found.rows
        if table == "tasks" and doc.get("co_operated") is not None:
            head, rows = _with_co(doc, head, rows)
        if table == "tasks":
            rows = [*rows, *_left_out(doc, head)]
        if table == "units":
            from r57cli.render.report_silencecsv import unit_people_cells

            heading, cells = unit_people_cells(doc)
            head, rows = [*head, heading], [[*r, c] for r, c in zip(rows, cells, strict=True)]
    writer.writerow(head)
    for row in rows:
        # A signed figure (+15) is a number to a spreadsheet, not a formula to defuse.
        # Under vi with a decimal comma: +0,3 is the same number.
        writer.writerow(
            c if c[:1] == "+" and _numeric(c.replace(",", ".")) else _safe_row([c])[0] for c in row
        )
    return buf.getvalue()


def _left_out(doc: dict[str, Any], head: list[str]) -> list[list[str]]:
    """A row for each task the figures leave out, so the sheet never has one task fewer
    without a word: deleted in the period, or its file unreadable at the period's end (the
    table and the other formats say it in their footers)."""
    status = head.index(rsay("col-status"))
    out = []
    for key, ids in (
        ("csv-removed", doc.get("removed")),
        ("csv-unreadable", doc.get("unreadable_tasks")),
    ):
        for task in ids or []:
            row = [""] * len(head)
            row[0], row[status] = task, rsay(key)
            out.append(row)
    return out


def _with_co(
    doc: dict[str, Any], head: list[str], rows: list[list[str]]
) -> tuple[list[str], list[list[str]]]:
    """With --unit: the tasks it co-operates on after its own, in the same columns, and a
    Role column that tells them apart (they are counted in none of its figures)."""
    co = doc["co_operated"]
    ids = {t["id"] for t in co}
    title = rsay("sec-tasks")
    table = next(b for b in blocks({**doc, "tasks": [*doc["tasks"], *co]}) if b.title == title)
    owner, partner = rsay("role-owner"), rsay("role-co")
    return [*head, rsay("col-role")], [
        *([*r, owner] for r in rows),
        *([*r, partner] for r in table.rows if r[0] in ids),
    ]


def _periods(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    head = [
        rsay("col-period"),
        rsay("col-first-day"),
        rsay("col-last-day"),
        rsay("col-unit"),
        rsay("col-tasks"),
        rsay("col-avg-pct"),
        rsay("col-planned"),
        rsay("col-on-time"),
        rsay("col-reported"),
        *(rsay(c) for c in CLASSES),
    ]
    rows = []
    for p in doc["periods"]:
        for u in [p["totals"], *p["units"]]:
            rows.append(
                [
                    period_name(p),
                    fmt_date(p["first_day"]),
                    fmt_date(p["last_day"]),
                    u["id"] or rsay("col-total"),
                    str(u["tasks"]),
                    pct(u["avg_pct_end"]),
                    pct(u["avg_planned_pct_end"]),
                    ratio(u["on_time_rate"]),
                    ratio(u["reported_share"]),
                    *(str(u["counts"][c]) for c in CLASSES),
                ]
            )
    return head, rows
