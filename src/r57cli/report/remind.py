"""Whom `r57 remind` chases and about what: the people with an open task that has no report
in the period, is due within N days, or is overdue, read from the period report's own rows
so that a reminder and the report never disagree on a task's state. Pure: no git, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Types only: a rerun decodes kept reminders without the report's machinery.
    from r57cli.report.period import PeriodReport, TaskRow

# Why a task is in a reminder, in the order a message lists them.
REASONS = ("overdue", "due_soon", "no_report")


@dataclass
class RemindTask:
    id: str
    unit: str
    title_en: str
    title_vi: str
    status: str  # the report's status class
    pct: int
    planned_pct: int
    due: str  # ISO: the approved due the class is judged against
    days_late: int
    days_left: int  # days from the reference day to the due (negative when late)
    reasons: list[str]
    last_report: str  # ISO day of the last report, "" if none was read
    read_since: str  # ISO day from which reports were read: none since then if last is ""
    progress_status: str


@dataclass
class Contact:
    id: str
    name: str
    email: str  # "" when units.yaml has none


@dataclass
class Reminder:
    """One message: one person, their tasks, and whom it is copied to."""

    person: Contact
    language: str
    cc: list[Contact]
    tasks: list[RemindTask] = field(default_factory=list)


@dataclass
class Directory:
    """The people of units.yaml as reminders need them, read from the raw mapping."""

    people: dict[str, Contact]
    languages: dict[str, str]
    focal: dict[str, str]  # unit -> the person copied: its focal person, else its leader

    @classmethod
    def of(cls, units_data: list[dict[str, Any]]) -> Directory:
        people: dict[str, Contact] = {}
        languages: dict[str, str] = {}
        focal: dict[str, str] = {}
        for unit in units_data:
            for member in unit.get("members") or []:
                if not isinstance(member, dict) or not isinstance(member.get("id"), str):
                    continue
                pid = member["id"]
                emails = [e for e in member.get("emails") or [] if isinstance(e, str)]
                name = member.get("name")
                shown = name if isinstance(name, str) else pid
                people.setdefault(pid, Contact(pid, shown, emails[0] if emails else ""))
                if member.get("language") in ("en", "vi"):
                    languages.setdefault(pid, member["language"])
            chosen = unit.get("focal") or unit.get("leader")
            if isinstance(unit.get("id"), str) and isinstance(chosen, str):
                focal[unit["id"]] = chosen
        return cls(people, languages, focal)


def reasons_of(row: TaskRow, ref: date, due_within: int) -> list[str]:
    """Why this task needs a word from its person; [] when it does not."""
    if row.progress_status in ("done", "cancelled"):
        return []
    due = row.approved_due or row.due
    left = (due - ref).days
    out = []
    if row.status == "overdue":
        out.append("overdue")
    elif 0 <= left <= due_within:
        out.append("due_soon")
    if row.expected and not row.reports:
        out.append("no_report")
    return out


def select(
    report: PeriodReport, directory: Directory, plan_language: str, due_within: int
) -> list[Reminder]:
    """One reminder per person with a task to chase, ordered by person id; each person's
    tasks overdue first (the latest first), then by due date."""
    ref = report.ref_day
    # The report reads reports back to history_from (synthesis.lookback): an older last
    # report is not known, only that there was none since then.
    read_since = report.history_from.isoformat()
    by_person: dict[str, Reminder] = {}
    for row in report.tasks:
        why = reasons_of(row, ref, due_within)
        if not why:
            continue
        pid = row.responsible
        reminder = by_person.get(pid)
        if reminder is None:
            person = directory.people.get(pid, Contact(pid, row.responsible_name, ""))
            reminder = by_person[pid] = Reminder(
                person, directory.languages.get(pid, plan_language), []
            )
        due = row.approved_due or row.due
        reminder.tasks.append(
            RemindTask(
                id=row.id,
                unit=row.unit,
                title_en=row.title_en,
                title_vi=row.title_vi,
                status=row.status,
                pct=row.pct_end,
                planned_pct=row.planned_pct_end,
                due=due.isoformat(),
                days_late=row.days_late,
                days_left=(due - ref).days,
                reasons=why,
                last_report=row.last_report.report_date.isoformat() if row.last_report else "",
                read_since=read_since,
                progress_status=row.progress_status,
            )
        )
    out = []
    for pid in sorted(by_person):
        reminder = by_person[pid]
        reminder.tasks.sort(key=lambda t: (-t.days_late, t.due, t.id))
        copied = []
        for unit in sorted({t.unit for t in reminder.tasks}):
            cc = directory.focal.get(unit)
            contact = directory.people.get(cc) if cc else None
            if contact and contact.id != pid and contact.email and contact not in copied:
                copied.append(contact)
        reminder.cc = copied
        out.append(reminder)
    return out
