"""The report JSON's object "changes" and the fair ranking's unit fields and rules
(report/changes.py, report/ranking.py; docs/report.md, "What changed" and "A fair
ranking"): added to version 1, never renamed."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.report.changes import Changes
from r57cli.report.period import MOVES_TOP, RANK_MIN_JUDGED, PeriodReport, UnitRow


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unit_fields(u: UnitRow) -> dict[str, Any]:
    """The fair ranking's fields of a unit row (report/ranking.py)."""
    rate = u.period_on_time_rate
    return {
        "ranked": bool(u.rank),
        "rank_period": u.rank_period or None,
        "period_judged": u.period_judged,
        "period_on_time": u.period_on_time,
        "period_on_time_rate": round(rate, 3) if rate is not None else None,
    }


def rules() -> dict[str, Any]:
    return {"rank_min_judged": RANK_MIN_JUDGED, "below_min": "unranked", "changes_top": MOVES_TOP}


def document(main: PeriodReport) -> dict[str, Any]:
    c = main.changes
    if not isinstance(c, Changes):
        c = Changes(None)  # not a report of a period (never happens today)
    p = c.previous
    return {
        "previous": None
        if p is None
        else {
            "id": p.id,
            "kind": p.kind,
            "first_day": p.first_day.isoformat(),
            "last_day": p.last_day.isoformat(),
        },
        "status_changes": [
            {
                "task": s.task,
                "unit": s.unit,
                "group": s.group,
                "from": s.before,
                "to": s.after,
                "pct_from": s.pct_before,
                "pct_to": s.pct_after,
            }
            for s in c.status
        ],
        "completed": [
            {
                "task": d.task,
                "unit": d.unit,
                "completed": _d(d.completed),
                "due": d.due.isoformat(),
                "delivery": d.delivery,
                "days": d.days,
            }
            for d in c.completed
        ],
        "blockers": [
            {
                "task": b.task,
                "unit": b.unit,
                "blocker": b.blocker,
                "kind": b.kind,
                "ref": b.ref or None,
                "description": b.description,
                "raised": _d(b.raised),
                "lifted": _d(b.lifted),
                "event": b.event,
            }
            for b in c.blockers
        ],
        "requests": [
            {
                "task": r.task,
                "unit": r.unit,
                "request": r.request,
                "kind": r.kind,
                "asked_of": r.asked_of or None,
                "need": r.need,
                "asked": _d(r.asked),
                "decided": _d(r.decided),
                "decision": r.status,
                "event": r.event,
            }
            for r in c.requests
        ],
        "movements": [
            {
                "task": t.id,
                "unit": t.unit,
                "pct_start": t.pct_start,
                "pct_end": t.pct_end,
                "pct_change": t.change,
            }
            for t in c.movements
        ],
        "units": [
            {
                "unit": u.unit,
                "avg_pct_before": u.avg_pct_before,
                "avg_pct_end": u.avg_pct_after,
                "avg_pct_change": u.avg_change,
                "rank_before": u.rank_before,
                "rank": u.rank_after,
                "rank_change": u.rank_change,
                "rank_period_before": u.rank_period_before,
                "rank_period": u.rank_period_after,
            }
            for u in c.units
        ],
    }
