"""The run's language and the staff commands' words: say(key), label(key), fmt_date(). The
sentences are in staffwords.py, the labels below (English; the Vietnamese is in r57.po).
Validation messages, which carry stable codes, live in messages.py.

The language is chosen once per run (`--lang`, then R57_LANG, then the plan's language) and
set here, because errors are raised deep inside the core and must already be in it.
"""

from __future__ import annotations

import errno
import os
from typing import Any

from r57cli.locale.catalog import pgettext
from r57cli.locale.editwords import EDIT_TEXTS
from r57cli.locale.messages import printable
from r57cli.locale.schedulewords import SCHEDULE_LABELS, SCHEDULE_TEXTS
from r57cli.locale.staffwords import TEXTS
from r57cli.locale.unitwords import UNIT_LABELS, UNIT_TEXTS

__all__ = ["LABELS", "TEXTS", "fmt_date", "label", "language", "os_reason", "say", "set_language"]

_language = os.environ.get("R57_LANG", "") if os.environ.get("R57_LANG") in ("en", "vi") else ""


def set_language(lang: str | None, plan_language: str | None = None) -> str:
    """Fix the language for this run: an explicit choice, else R57_LANG, else the plan's."""
    global _language
    env = os.environ.get("R57_LANG")
    _language = lang or (env if env in ("en", "vi") else None) or plan_language or "en"
    return _language


def language() -> str:
    return _language or "en"


def _in_language(context: str, english: str) -> str:
    """`english` in the run's language (msgctxt `context` in r57.po)."""
    lang = language()
    return english if lang == "en" else pgettext("r57", lang, context, english)


def say(key: str, **fields: Any) -> str:
    """The sentence `key` in the run's language, with user-supplied values made printable."""
    template = _in_language(f"say:{key}", TEXTS[key])
    return template.format(**{k: _safe(v, k) for k, v in fields.items()})


def _safe(value: Any, key: str = "output") -> Any:
    """Control characters escaped: a user's argument cannot forge a line of a CI log. Only
    git's `output` keeps its line breaks, escaped line by line."""
    if isinstance(value, str):
        if key != "output":
            return printable(value)
        return "\n".join(printable(line) for line in value.split("\n"))
    return value


# Labels of the read-only views, in English (msgctxt "label:KEY" in r57.po).
LABELS: dict[str, str] = {
    "not_started": "not started",
    "in_progress": "in progress",
    "done": "done",
    "cancelled": "cancelled",
    "blocked": "blocked",
    "overdue": "overdue",
    "late": "{days} d late",
    "overdue-days": "overdue {days} d",
    "col-id": "Task",
    "col-unit": "Unit",
    "col-person": "Responsible",
    "col-due": "Due",
    "col-pct": "%",
    "col-plan": "Plan %",
    "col-status": "Status",
    "col-title": "Title",
    "col-flags": "Notes",
    "col-silent": "Days silent",
    "col-start": "Start",
    "col-completed": "Completed",
    "col-days-late": "Days late",
    "col-requests": "Open requests",
    "co-operating": "co-operating",
    "waiting-on": "waiting on {unit} for {days} days",
    "col-date": "Date",
    "col-who": "Who",
    "col-what": "What",
    "col-commit": "Commit",
    "no-tasks": "No task matches.",
    "no-history": "No progress recorded yet.",
    "log-left-out": (
        "The newest {shown} of {total} entries; {left} older ones left out. "
        "See them all with --all, or more with -n N."
    ),
    "count": "{n} tasks",
    "count-1": "1 task",
    "owner": "Owner unit",
    "co-units": "Co-operating",
    "responsible": "Responsible",
    "period": "Period",
    "deliverable": "Deliverable",
    "progress": "Progress",
    "planned-today": "planned today {pct}%",
    "completed": "completed {date}",
    "milestones": "Milestones",
    "ms-reached": "reached",
    "ms-missed": "missed: {pct}% on that day",
    "ms-now": "now {pct}%",
    "blockers": "Blockers",
    "requests": "Resource requests",
    "timeline": "Timeline",
    "raised": "raised {date}",
    "lifted": "lifted {date}",
    "open": "open",
    "granted": "granted",
    "partly_granted": "partly granted",
    "refused": "refused",
    "withdrawn": "withdrawn",
    "late-report": "reported {date}",
    "next-line": "next: {plan}",
    "next-plan": "Next plan",
    "next-plan-by": "{plan} ({by}, {date})",
    "act-update": "{prev}% → {pct}%",
    "act-report": "report, no change ({pct}%)",
    "act-done": "done ({prev}% → 100%)",
    "act-start": "started",
    "act-reopen": "reopened ({prev}% → {pct}%)",
    "act-cancel": "cancelled",
    "act-task-add": "added to the plan ({to})",
    "act-assign": "assigned to {to} ({person}), from {from}",
    "act-block": "blocked: {ref} ({blocker})",
    "act-unblock": "blocker {blocker} lifted",
    "act-request": "asks {unit} for resources ({request})",
    "act-decide": "request {request}: {status}",
    "act-edit": "edited: {subject}",
    "reason": "reason: {reason}",
}
# The schedule commands' sentences and labels live in a table of their own.
TEXTS.update(SCHEDULE_TEXTS)
TEXTS.update(UNIT_TEXTS)
LABELS.update(UNIT_LABELS)
TEXTS.update(EDIT_TEXTS)
LABELS.update(SCHEDULE_LABELS)


def label(key: str, **fields: Any) -> str:
    template = _in_language(f"label:{key}", LABELS[key])
    return template.format(
        **{k: printable(v) if isinstance(v, str) else v for k, v in fields.items()}
    )


# The system's reason for a failed file operation, by errno: English as glibc says it (so
# English output is as before), Vietnamese from the catalogue; any other errno as the
# system words it.
_OS_REASONS = {
    errno.ENOENT: "os-enoent",
    errno.EACCES: "os-eacces",
    errno.EPERM: "os-eacces",
    errno.EISDIR: "os-eisdir",
    errno.ENOTDIR: "os-enotdir",
    errno.ENOSPC: "os-enospc",
    errno.EROFS: "os-erofs",
    errno.EEXIST: "os-eexist",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the run's language."""
    key = _OS_REASONS.get(exc.errno or 0)
    return say(key) if key else str(exc.strerror or exc)


def fmt_date(value: Any) -> str:
    """A date as the reader's language writes it: dd/mm/yyyy in Vietnamese, ISO in English."""
    if value is None:
        return ""
    if isinstance(value, str):
        from datetime import date

        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return printable(value)
    return str(value.strftime("%d/%m/%Y") if language() == "vi" else value.isoformat())
