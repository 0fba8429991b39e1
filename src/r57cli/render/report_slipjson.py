"""The report JSON's fields of the schedule's record (docs/report.md, "Report JSON"):
added to version 1, never renamed."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.report.period import PeriodReport, TaskRow, UnitRow


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def slip_task(t: TaskRow) -> dict[str, Any]:
    return {
        "baseline_start": _d(t.baseline_start),
        "baseline_due": _d(t.baseline_due),
        "approved_due": _d(t.approved_due),
        "slip_days": t.slip_days,
        "reschedules": t.reschedules,
        "last_reschedule_reason": t.last_reason or None,
        "moved_without_approval": t.unapproved,
        "recorded": _d(t.recorded),
        "confirmed_by": t.confirmed_by or None,
        "on_time_against_baseline": None if t.baseline_late is None else not t.baseline_late,
        "deliverable": t.deliverable or None,
        "evidence": list(t.evidence),
    }


def slip_unit(u: UnitRow) -> dict[str, Any]:
    rate = u.on_time_rate_baseline
    return {
        "due_or_done_baseline": u.due_or_done_baseline,
        "on_time_baseline": u.on_time_baseline,
        "on_time_rate_baseline": round(rate, 3) if rate is not None else None,
        "reschedules": u.reschedules,
    }


def slip_sections(main: PeriodReport) -> dict[str, Any]:
    return {
        "moved_deadlines": [
            {
                "task": m.task,
                "unit": m.unit,
                "reschedule": m.id,
                "date": _d(m.day),
                "by": m.by,
                "by_name": m.by_name,
                "reason": m.reason,
                "decision": m.decision or None,
                "request": m.request or None,
                "field": m.field,
                "from": _d(m.before),
                "to": _d(m.after),
                "days": m.days,
            }
            for m in main.moves
        ],
        "extension_requests": [
            {
                "task": e.task,
                "unit": e.unit,
                "request": e.request,
                "status": e.status,
                "asked": _d(e.asked),
                "due_asked": _d(e.due_asked),
                "due": _d(e.due),
                "need": e.need,
                "decided": _d(e.decided),
            }
            for e in main.extensions
        ],
        "moved_without_approval": [
            {
                "task": u.task,
                "unit": u.unit,
                "field": u.field,
                "from": _d(u.before),
                "to": _d(u.after),
                "approved": _d(u.approved),
                "committed_by": u.by,
            }
            for u in main.unapproved
        ],
        "delivered": [
            {
                "task": t.id,
                "unit": t.unit,
                "title": {"en": t.title_en, "vi": t.title_vi},
                "deliverable": t.deliverable or None,
                "completed": _d(t.completed),
                "recorded": _d(t.recorded),
                "due": _d(t.approved_due or t.due),
                "baseline_due": _d(t.baseline_due),
                "evidence": list(t.evidence),
            }
            for t in main.delivered
        ],
    }
