"""The report as one JSON document, version REPORT_VERSION: the contract dashboards read,
and the data every other report renderer formats. Add fields; never rename or remove one
without a new version. The shape is documented in docs/report.md ("Report JSON")."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from r57cli.locale.reportwords import CLASSES
from r57cli.render import report_changesjson as report_changes
from r57cli.render.report_slipjson import slip_sections, slip_task, slip_unit
from r57cli.report.period import (
    BEHIND_POINTS,
    EARLY_DAYS,
    PeriodReport,
    Report_,
    RequestItem,
    TaskRow,
    UnitRow,
)
from r57cli.report.synthesis import Synthesis

REPORT_VERSION = 1


class Encoded:
    """A record's compact JSON, already made (by a federation member's worker, in parallel
    with the others): dumps() writes it as it is. Only in a document made for dumps()."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text  # held, not copied: a national report has ~100 MB of them


def encoded_tasks(main: PeriodReport) -> dict[str, str]:
    """Each task row of `main` as dumps() would write it, by ID: what a federation member's
    worker sends back, so that the merged report is not encoded again task by task in one
    process (the rows are final there: renamed, never changed after)."""
    compact = _compact()
    first = main.period.first_day
    return {t.id: compact(_task(t, first)) for t in main.tasks}


def _compact() -> Any:
    return json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


class LazyTask(Mapping[str, Any]):
    """A task's record made only when a field beyond the few a terminal table picks its
    rows by is read (at national size it shows 200 of 10,000 tasks). Every read gives what
    the record gives: the first other field makes the whole record (_task). Not a dict: a
    JSON encoder refuses it rather than write it short, so it is only in a document for
    the terminal table (document(lazy=True))."""

    __slots__ = ("_row", "_first", "_whole")

    def __init__(self, row: TaskRow, first_day: date) -> None:
        self._row, self._first = row, first_day
        self._whole: dict[str, Any] | None = None

    def __getitem__(self, key: str) -> Any:
        if self._whole is None:
            if key in _CHEAP:
                return _CHEAP[key](self._row)
            if key == "notes":
                return _notes(self._row, self._first)
        return self._made()[key]

    def _made(self) -> dict[str, Any]:
        if self._whole is None:
            self._whole = _task(self._row, self._first)
        return self._whole

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


# The fields a terminal table reads of every task (report_layout._readable; report_text's
# names, notes and titles; the legend; report_slip.baseline_shown), the same values
# _task gives; and "notes".
_CHEAP: dict[str, Callable[[TaskRow], Any]] = {
    "id": lambda t: t.id,
    "unit": lambda t: t.unit,
    "status": lambda t: t.status,
    "progress_status": lambda t: t.progress_status,
    "days_late": lambda t: t.days_late,
    "flags": lambda t: t.flags,
    "responsible": lambda t: t.responsible,
    "responsible_name": lambda t: t.responsible_name,
    "title": lambda t: {"en": t.title_en, "vi": t.title_vi},
    "slip_days": lambda t: t.slip_days,  # report_slipjson.slip_task
    "reschedules": lambda t: t.reschedules,
}


def document(
    syn: Synthesis,
    lang: str,
    plan: dict[str, Any],
    encoded: dict[str, str] | None = None,
    *,
    lazy: bool = False,
) -> dict[str, Any]:
    """The report as data. `encoded`: task rows already made for JSON (encoded_tasks), by
    ID; with it, the document is for dumps() only (a row not there is made here). `lazy`:
    for the terminal table alone, each task a LazyTask."""
    main = syn.main
    p = main.period
    made = encoded or {}
    return {
        "r57_report": REPORT_VERSION,
        "language": lang,
        "plan": plan,
        "today": syn.today.isoformat(),
        "commit": syn.tip,
        "period": _period(main),
        "rules": {
            "behind_plan_points": BEHIND_POINTS,
            "early_days": EARLY_DAYS,
            "classes": list(CLASSES),
            "ranked_against": main.against,
            **report_changes.rules(),
        },
        "totals": _unit(main.total),
        "changes": report_changes.document(main),
        "units": [_unit(u) for u in main.units],
        "tasks": (
            [LazyTask(t, p.first_day) for t in main.tasks]
            if lazy
            else [
                Encoded(made[t.id]) if t.id in made else _task(t, p.first_day) for t in main.tasks
            ]
        ),
        "periods": [
            {**_span(period), "totals": _unit(total), "units": [_unit(u) for u in units]}
            for period, total, units in syn.trend
        ],
        "blockers": [
            {
                "kind": b.kind,
                "ref": b.ref or None,
                "ref_key": b.ref_key or None,
                "ref_shown": b.ref_shown or None,
                "task": b.task,
                "unit": b.unit,
                "blocker": b.blocker,
                "description": b.description,
                "raised": _d(b.raised),
                "days_open": b.days_open,
            }
            for b in main.blockers
        ],
        "requests": [_request(r) for r in main.requests],
        "finished_early": [t.id for t in main.finished_early],
        "overdue": [t.id for t in main.overdue],
        "no_report": {"units": main.silent_units, "people": main.silent_people},
        "silence": _silence(main),
        "waiting_on_unit": None if main.waiting is None else [_request(r) for r in main.waiting],
        **_co_operated(main),
        "late_reports": {
            "recorded_in_period": [_report(r) for r in main.late_in_period],
            "recorded_after_close": [_report(r) for r in main.late_after],
        },
        "next_period": _next_period(main),
        "removed": main.removed,
        "unreadable_files": main.unreadable,
        "unreadable_tasks": main.unreadable_tasks,
        **slip_sections(main),
    }


def dumps(doc: dict[str, Any]) -> str:
    """Diff-friendly and fast: one line per top-level field, and one line per record of a
    list (a task, a unit, a period), in a fixed order. Python's indented encoder is ~6x
    slower than the compact one on 10,000 tasks."""
    compact = _compact()
    parts = ["{\n"]  # joined once at the end: a national report's text is copied once
    for i, (key, value) in enumerate(doc.items()):
        parts.append(f",\n  {compact(key)}: " if i else f"  {compact(key)}: ")
        if isinstance(value, list) and value:
            texts = [item.text if type(item) is Encoded else compact(item) for item in value]
            parts += ["[\n    ", ",\n    ".join(texts), "\n  ]"]
        else:
            parts.append(compact(value))
    parts.append("\n}\n")
    return "".join(parts)


def _span(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "first_day": p.first_day.isoformat(),
        "last_day": p.last_day.isoformat(),
    }


def _period(main: PeriodReport) -> dict[str, Any]:
    return {
        **_span(main.period),
        "reference_day": main.ref_day.isoformat(),
        # Reports are read back to this day: a task with no `last_report_at` had none since.
        "history_from": main.history_from.isoformat(),
        "commit_start": main.commit_start,
        "commit_end": main.commit_end,
    }


def _unit(u: UnitRow) -> dict[str, Any]:
    return {
        "id": u.id or None,
        "name": {"en": u.name_en, "vi": u.name_vi} if u.id else None,
        "rank": u.rank or None,
        "tasks": u.tasks,
        "counts": {c: u.counts.get(c, 0) for c in CLASSES},
        "avg_pct_start": u.avg_pct_start,
        "avg_pct_end": u.avg_pct_end,
        "avg_pct_change": round(u.change, 1),
        "avg_planned_pct_end": u.avg_planned,
        "done": u.done,
        "due_or_done": u.due_or_done,
        "on_time": u.on_time,
        "on_time_rate": _ratio(u.on_time_rate),
        "avg_delay_days": u.avg_delay,
        "active": u.active,
        "reported": u.reported,
        "reported_share": _ratio(u.reported_share),
        "no_report": u.no_report,
        **slip_unit(u),
        **report_changes.unit_fields(u),
    }


def _task(t: TaskRow, first_day: date) -> dict[str, Any]:
    last = t.last_report
    return {
        "id": t.id,
        "unit": t.unit,
        "title": {"en": t.title_en, "vi": t.title_vi},
        "responsible": t.responsible,
        "responsible_name": t.responsible_name,
        "start": t.start.isoformat(),
        "due": t.due.isoformat(),
        "pct_start": t.pct_start,
        "pct_end": t.pct_end,
        "pct_change": t.change,
        "planned_pct_end": t.planned_pct_end,
        "gap": t.gap,
        "status": t.status,
        "progress_status": t.progress_status,
        "flags": t.flags,
        "days_late": t.days_late,
        "days_early": t.days_early,
        "completed": _d(t.completed),
        "forecast": _d(t.forecast),
        "forecast_low": _d(t.forecast_low),
        "forecast_high": _d(t.forecast_high),
        "forecast_method": t.forecast_method or None,
        "forecast_reason": t.forecast_reason or None,
        "stalled_days": t.stalled_days or None,
        "velocity_pct_per_week": t.velocity_per_week,
        "open_blockers": t.open_blockers,
        "expected_to_report": t.expected,
        "reported_in_period": bool(t.reports),
        "last_report_at": last.recorded.isoformat() if last else None,
        "last_report_for": _d(last.report_date) if last else None,
        "last_report_by": last.author if last else None,
        "last_report_email": last.email if last else None,
        "days_silent": t.silence.days if t.silence else None,
        "silent_since": _d(t.silence.since) if t.silence else None,
        "days_silent_basis": t.silence.basis if t.silence else None,
        "notes": _notes(t, first_day),
        "next_plan": _next_plan(t),
        **slip_task(t),
    }


def _notes(t: TaskRow, first_day: date) -> list[dict[str, Any]]:
    return [
        {
            "date": r.report_date.isoformat(),
            "by": r.author,
            "text": r.note,
            "late": r.report_date < first_day,
        }
        for r in t.reports
        if r.note
    ]


def _next_plan(t: TaskRow) -> dict[str, Any] | None:
    """The latest next-period plan recorded in the period (--next, R57-Next), as the
    next-period table takes it; null when none was."""
    said = [r for r in t.reports if r.next_plan]
    if not said:
        return None
    r = max(said, key=lambda r: (r.landed, r.sha))
    return {"text": r.next_plan, "by": r.author, "date": r.report_date.isoformat()}


def _co_operated(main: PeriodReport) -> dict[str, Any]:
    """With --unit: the other units' tasks it co-operates on, as task rows marked
    `co_operated`, counted in none of the unit's figures. No key without --unit."""
    if main.co_operated is None:
        return {}
    first = main.period.first_day
    return {"co_operated": [_task(t, first) | {"co_operated": True} for t in main.co_operated]}


def _next_period(main: PeriodReport) -> dict[str, Any]:
    first, last = main.next_span or (None, None)
    return {
        "first_day": _d(first),
        "last_day": _d(last),
        "tasks": [
            {
                "task": i.task,
                "unit": i.unit,
                "responsible_name": i.responsible_name,
                "plan": i.plan or None,
                "by": i.by or None,
                "for": _d(i.for_day),
                "milestones": [{"date": d.isoformat(), "planned_pct": p} for d, p in i.milestones],
                "due": _d(i.due),
            }
            for i in main.next_items
        ],
    }


def _request(r: RequestItem) -> dict[str, Any]:
    return {
        "task": r.task,
        "unit": r.unit,
        "request": r.request,
        "asked_of": r.asked_of or None,
        "need": r.need,
        "amount": r.amount or None,
        "asked": _d(r.asked),
        "days_open": r.days_open,
    }


def _silence(main: PeriodReport) -> dict[str, Any]:
    """Days silent of each unit and person with an open task, the longest first."""
    names = {t.responsible: t.responsible_name for t in main.tasks}
    groups = {"units": main.unit_silence, "people": main.person_silence}
    return {
        key: [
            {
                "id": g.id,
                **({"name": names.get(g.id, g.id)} if key == "people" else {}),
                "days_silent": g.days,
                "at_least": g.at_least,
                "task": g.task,
                "reported_in_period": g.reported,
            }
            for g in items
        ]
        for key, items in groups.items()
    }


def _report(r: Report_) -> dict[str, Any]:
    return {
        "task": r.task,
        "for": r.report_date.isoformat(),
        "recorded": r.recorded.isoformat(),
        "landed": r.landed.isoformat(),
        "by": r.author,
        "email": r.email,
        "action": r.action,
        "pct": int(r.pct) if r.pct.isdigit() else None,
        "commit": r.sha,
        "backdated": r.backdated,
    }


def _d(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _ratio(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None
