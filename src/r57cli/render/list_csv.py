"""`r57 list --format csv` for people (the default `--csv-dialect people`): the list's table
in the reader's language, as the report's CSV for people is (render/report_csvpeople.py):
headings in words, people by name, dates as the language writes them (dd/mm/yyyy in
Vietnamese), statuses as words, percentages with their sign, the title in the reader's
language. The machine CSV (`--csv-dialect plain`: ids, codes, ISO dates) stays in
commands/listing.py, unchanged; the byte-order mark is report_csvpeople.add_bom's."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any

from r57cli.locale.messages import printable
from r57cli.locale.texts import fmt_date, label, language
from r57cli.render.report_csv import _safe_row

if TYPE_CHECKING:
    from r57cli.report.views import Row

_STATUSES = ("not_started", "in_progress", "done", "cancelled")


def people_csv(
    rows: list[Row],
    today: date,
    silence: dict[str, Any] | None,
    names: dict[str, str],
    co: Any = None,
) -> str:
    """One row per task. `silence` (with --stale or --silent) adds the days silent; `co`
    (`Filters.co`) marks the tasks listed as co-operated with --unit."""
    lang = language()
    head = [
        label("col-id"),
        label("col-unit"),
        label("col-person"),
        label("col-start"),
        label("col-due"),
        label("col-pct"),
        label("col-plan"),
        label("col-status"),
        label("col-completed"),
        label("col-days-late"),
        label("col-flags"),
        label("col-requests"),
        *([label("col-silent")] if silence is not None else []),
        label("col-title"),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    for r in rows:
        status = label(r.status) if r.status in _STATUSES else printable(r.status)
        writer.writerow(
            _safe_row(
                [
                    r.id,
                    r.unit,
                    names.get(r.responsible, r.responsible),
                    fmt_date(r.start),
                    fmt_date(r.due),
                    f"{r.pct}%",
                    f"{r.planned_pct}%",
                    status,
                    fmt_date(r.completed) if r.completed else "",
                    r.days_late(today),
                    "; ".join(notes_of(r, today, bool(co and co(r)))),
                    ", ".join(r.open_requests),
                    *([silent_cell(silence.get(r.id))] if silence is not None else []),
                    r.title(lang),
                ]
            )
        )
    return out.getvalue()


def notes_of(r: Row, today: date, co_operated: bool) -> list[str]:
    """What the Notes column says (the list table and its people CSV): co-operating,
    overdue, days late, blocked."""
    notes = [label("co-operating")] if co_operated else []
    late = r.days_late(today)
    if late and r.status not in ("done", "cancelled"):
        notes.append(label("overdue-days", days=late))
    elif late:
        notes.append(label("late", days=late))
    if r.blocked:
        notes.append(label("blocked") + " " + ",".join(r.open_blockers))
    return notes


def silent_cell(s: Any) -> str:
    if s is None:
        return ""
    return f"≥{s.days}" if s.at_least else str(s.days)
