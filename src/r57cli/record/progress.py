"""The status model: what each staff command changes in a task, and the commit it makes.

Pure: each function takes the task as it is, applies its change through a YamlEditor and
returns the commit message parts, or raises R57Error when the step is not allowed. The
model (docs/update.md, "Status model"):

    not_started --start / update --pct N--> in_progress --done--> done
         \\__________________________________________________________/  (done also from 0%)
    in_progress, not_started --cancel--> cancelled
    done, cancelled --reopen--> in_progress

"Blocked" is not a status: a task is blocked while it has a blocker that is not lifted,
whatever its status. Requests for resources are open until decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli.errors import R57Error
from r57cli.locale.reportwords import status_word as _said
from r57cli.locale.texts import say
from r57cli.plan.model import (
    REGULATORY_KINDS,
    Blocker,
    Progress,
    ResourceRequest,
    Task,
)
from r57cli.record.yamledit import YamlEditor

TASK_ORDER = list(Task.model_fields)
PROGRESS_ORDER = list(Progress.model_fields)
BLOCKER_ORDER = list(Blocker.model_fields)
REQUEST_ORDER = list(ResourceRequest.model_fields)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class StepError(R57Error):
    """A step the status model does not allow, with what to do instead."""


@dataclass
class Change:
    """One commit: what the subject says, the note for the body, and machine trailers."""

    task: Task
    action: str
    subject: str
    note: str | None = None
    trailers: dict[str, str] = field(default_factory=dict)

    def message(self, when: date) -> str:
        trailers = {
            "R57-Task": self.task.id,
            "R57-Unit": self.task.unit,
            "R57-Action": self.action,
            **self.trailers,
            "R57-Date": when.isoformat(),
        }
        parts = [self.subject]
        if self.note:
            parts.append(self.note)
        parts.append("\n".join(f"{k}: {v}" for k, v in trailers.items()))
        return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------- user text


def clean_text(value: str, option: str, *, limit: int, one_line: bool) -> str:
    """User text as it may go into a file or a commit: no control characters, no bidi
    overrides, no newlines where a trailer or a one-line field takes it."""
    text = value.replace("\r\n", "\n").strip()
    if not text:
        raise R57Error(say("empty-text", option=option))
    bad = _CONTROL.search(text) or (one_line and "\n" in text) or len(text) > limit
    if bad:
        line = say("one-line") if one_line else ""
        raise R57Error(say("bad-text", option=option, limit=limit, line=line))
    if any(line.startswith("---") for line in text.split("\n")):
        # git interpret-trailers reads such a line as the patch divider, and every trailer
        # of the commit would vanish for the tools that read them.
        raise R57Error(say("text-divider", option=option))
    return text


def _note(note: str | None) -> str | None:
    return clean_text(note, "--note", limit=2000, one_line=False) if note is not None else None


def _reason(reason: str | None) -> str | None:
    return clean_text(reason, "--reason", limit=300, one_line=True) if reason is not None else None


def _check_date(when: date, option: str, today: date, task: Task) -> None:
    """A report is dated between the task's start and today (1900-01-01 would land in a week
    nobody reviews); work begun early is a reschedule, which a coordinator makes first."""
    if when > today:
        raise StepError(say("future-date", option=option, value=when, today=today))
    if when < task.start:  # dated today: no --date was typed, so name today, not the option
        key = "before-start-today" if when == today else "before-start"
        raise StepError(say(key, option=option, value=when, start=task.start, task=task.id))


def _closed(task: Task) -> None:
    p = task.progress
    if p.status == "done":
        raise StepError(say("is-done", task=task.id, date=p.completed))
    if p.status == "cancelled":
        raise StepError(say("is-cancelled", task=task.id))


# ------------------------------------------------------------------------- progress


def update(
    task: Task,
    ed: YamlEditor,
    *,
    pct: int | None,
    status: str | None,
    note: str | None,
    reason: str | None,
    when: date,
    today: date,
    with_next: bool = False,
) -> Change:
    """`r57 update`: a new percentage and/or status, or a report that nothing changed (with
    a note, or only the plan for the next period: `with_next`)."""
    _check_date(when, "--date", today, task)
    note, reason = _note(note), _reason(reason)
    if (
        status in ("done", "cancelled")
        and pct is not None
        and pct != (100 if status == "done" else task.progress.pct)
    ):
        raise StepError(say("pct-with-status", status=status))
    if status == "done":
        return done(task, ed, note=note, when=when, today=today)
    if status == "cancelled":
        return cancel(task, ed, reason=reason, note=note, when=when, today=today)
    if status not in (None, "in_progress", "not_started"):
        raise StepError(say("status-choice", value=status))
    _closed(task)
    old = task.progress
    new_pct = old.pct if pct is None else pct
    if new_pct == 100:
        raise StepError(say("pct-100", task=task.id))
    new_status = status or ("in_progress" if new_pct > 0 else old.status)
    if new_status == "not_started" and new_pct > 0:
        raise StepError(say("not-started-pct", task=task.id))
    going_back = new_pct < old.pct or (new_status, old.status) == ("not_started", "in_progress")
    if going_back and not reason:
        raise StepError(say("pct-lower", task=task.id, old=old.pct, new=new_pct))
    trailers = {"R57-Pct": str(new_pct), "R57-Prev-Pct": str(old.pct), "R57-Status": new_status}
    if reason:
        trailers["R57-Reason"] = reason
    if (new_pct, new_status) == (old.pct, old.status):
        if not note and not with_next:
            raise StepError(say("pct-same", task=task.id, pct=old.pct, status=_said(old.status)))
        return Change(task, "report", f"{task.id}: report, still {old.pct}%", note, trailers)
    _set_progress(task, ed, new_pct, new_status)
    subject = f"{task.id}: {old.pct}% → {new_pct}%"
    if new_status != old.status:
        subject += f" ({new_status.replace('_', ' ')})"
    return Change(task, "update", subject, note, trailers)


def start(task: Task, ed: YamlEditor, *, note: str | None, when: date, today: date) -> Change:
    _check_date(when, "--date", today, task)
    _closed(task)
    if task.progress.status != "not_started":
        raise StepError(say("already-started", task=task.id, status=_said(task.progress.status)))
    _set_progress(task, ed, task.progress.pct, "in_progress")
    trailers = {"R57-Pct": str(task.progress.pct), "R57-Status": "in_progress"}
    return Change(task, "start", f"{task.id}: started", _note(note), trailers)


def done(task: Task, ed: YamlEditor, *, note: str | None, when: date, today: date) -> Change:
    _check_date(when, "--date", today, task)
    still_open = [b.id for b in task.blockers if b.lifted is None]
    if still_open:
        raise StepError(say("done-blocked", task=task.id, ids=", ".join(still_open)))
    _closed(task)
    old = task.progress.pct
    _set_progress(task, ed, 100, "done")
    ed.set(("progress", "completed"), when, PROGRESS_ORDER)
    timing = _timing(task, when)
    trailers = {"R57-Pct": "100", "R57-Prev-Pct": str(old), "R57-Status": "done"}
    subject = f"{task.id}: done, {old}% → 100% ({timing})"
    return Change(task, "done", subject, _note(note), trailers)


def cancel(
    task: Task, ed: YamlEditor, *, reason: str | None, note: str | None, when: date, today: date
) -> Change:
    if when != today:  # a task not started yet may be dropped today, not on a day before it
        _check_date(when, "--date", today, task)
    _closed(task)
    reason = _reason(reason)
    if not reason:
        raise StepError(say("needs-reason", action="cancel"))
    _set_progress(task, ed, task.progress.pct, "cancelled")
    trailers = {"R57-Status": "cancelled", "R57-Reason": reason}
    return Change(task, "cancel", f"{task.id}: cancelled", _note(note), trailers)


def reopen(
    task: Task,
    ed: YamlEditor,
    *,
    pct: int | None,
    reason: str | None,
    note: str | None,
    when: date,
    today: date,
) -> Change:
    _check_date(when, "--date", today, task)
    old = task.progress
    if old.status not in ("done", "cancelled"):
        raise StepError(say("not-reopenable", task=task.id, status=_said(old.status)))
    reason = _reason(reason)
    if not reason:
        raise StepError(say("needs-reason", action="reopen"))
    new_pct = old.pct if pct is None else pct
    if new_pct >= 100:
        raise StepError(say("reopen-pct"))
    for key in ("completed", "recorded", "confirmed_by"):
        ed.delete(("progress", key))
    _set_progress(task, ed, new_pct, "in_progress")
    trailers = {
        "R57-Pct": str(new_pct),
        "R57-Prev-Pct": str(old.pct),
        "R57-Status": "in_progress",
        "R57-Reason": reason,
    }
    if new_pct == old.pct:
        subject = f"{task.id}: reopened at {new_pct}%"
    else:
        subject = f"{task.id}: reopened, {old.pct}% → {new_pct}%"
    return Change(task, "reopen", subject, _note(note), trailers)


def _set_progress(task: Task, ed: YamlEditor, pct: int, status: str) -> None:
    if "progress" not in ed.expected:
        ed.set(("progress",), {"pct": pct, "status": status}, TASK_ORDER)
        return
    current = ed.expected["progress"]
    if current.get("pct", 0) != pct or "pct" not in current:
        ed.set(("progress", "pct"), pct, PROGRESS_ORDER)
    if current.get("status", "not_started") != status or "status" not in current:
        ed.set(("progress", "status"), status, PROGRESS_ORDER)


def _timing(task: Task, when: date) -> str:
    days = (when - task.due).days
    if days < 0:
        return f"{-days} days early"
    if days > 0:
        return f"{days} days late"
    return "on the due date"


# ------------------------------------------------------------------------- blockers


def block(
    task: Task,
    ed: YamlEditor,
    *,
    kind: str,
    ref: str | None,
    reason: str,
    when: date,
    today: date,
) -> Change:
    _check_date(when, "--date", today, task)
    _closed(task)
    description = clean_text(reason, "--reason", limit=2000, one_line=False)
    ref = clean_text(ref, "--ref", limit=300, one_line=True) if ref is not None else None
    if kind in REGULATORY_KINDS and not ref:
        raise StepError(say("ref-needed", kind=kind))
    blocker_id = _next_id("B", [b.id for b in task.blockers])
    item: dict[str, Any] = {"id": blocker_id, "kind": kind}
    if ref:
        item["ref"] = ref
    item |= {"description": description, "raised": when}
    ed.append(("blockers",), item, TASK_ORDER)
    trailers = {"R57-Blocker": blocker_id, "R57-Blocker-Kind": kind}
    if ref:
        trailers["R57-Ref"] = ref
    if ref:
        subject = f"{task.id}: blocked by {ref} ({blocker_id}, {kind})"
    else:
        subject = f"{task.id}: blocked ({blocker_id}, {kind})"
    return Change(task, "block", subject, description, trailers)


def unblock(
    task: Task, ed: YamlEditor, *, blocker_id: str, note: str | None, when: date, today: date
) -> Change:
    _check_date(when, "--date", today, task)
    i = _index(task.id, [b.id for b in task.blockers], blocker_id, "unknown-blocker")
    blocker = task.blockers[i]
    if blocker.lifted is not None:
        raise StepError(say("blocker-lifted", task=task.id, id=blocker_id, date=blocker.lifted))
    if when < blocker.raised:
        raise StepError(say("before-raised", value=when, raised=blocker.raised, id=blocker_id))
    ed.set(("blockers", i, "lifted"), when, BLOCKER_ORDER)
    trailers = {"R57-Blocker": blocker_id, "R57-Blocker-Kind": blocker.kind}
    if blocker.ref:
        trailers["R57-Ref"] = _one_line(blocker.ref)
    subject = f"{task.id}: blocker {blocker_id} lifted"
    return Change(task, "unblock", subject, _note(note), trailers)


# ------------------------------------------------------------------------- resources


def request(
    task: Task,
    ed: YamlEditor,
    *,
    unit: str,
    need: str,
    amount: str | None,
    when: date,
    today: date,
) -> Change:
    _check_date(when, "--date", today, task)
    _closed(task)
    need = clean_text(need, "--need", limit=2000, one_line=False)
    amount = clean_text(amount, "--amount", limit=300, one_line=True) if amount else None
    request_id = _next_id("R", [r.id for r in task.resources])
    item: dict[str, Any] = {"id": request_id, "unit": unit, "need": need}
    if amount:
        item["amount"] = amount
    item |= {"asked": when, "status": "open"}
    ed.append(("resources",), item, TASK_ORDER)
    trailers = {"R57-Request": request_id, "R57-Request-Unit": unit}
    return Change(
        task, "request", f"{task.id}: asks {unit} for resources ({request_id})", None, trailers
    )


def decide(
    task: Task,
    ed: YamlEditor,
    *,
    request_id: str,
    outcome: str,
    note: str | None,
    when: date,
    today: date,
) -> Change:
    _check_date(when, "--date", today, task)
    i = _index(task.id, [r.id for r in task.resources], request_id, "unknown-request")
    req = task.resources[i]
    if req.status != "open":
        said = _said(req.status, "request")
        raise StepError(
            say("request-decided", task=task.id, id=request_id, status=said, date=req.decided)
        )
    if when < req.asked:
        raise StepError(say("before-asked", value=when, asked=req.asked, id=request_id))
    if req.kind == "extension" and outcome in ("granted", "partly_granted"):
        # Granting more time moves the due: one commit, through r57 reschedule --grants.
        raise StepError(say("grant-by-reschedule", task=task.id, id=request_id, due=req.due))
    note = _note(note)
    ed.set(("resources", i, "status"), outcome, REQUEST_ORDER)
    ed.set(("resources", i, "decided"), when, REQUEST_ORDER)
    if note:
        ed.set(("resources", i, "note"), note, REQUEST_ORDER)
    trailers = {"R57-Request": request_id, "R57-Request-Status": outcome}
    if req.kind == "extension":
        trailers["R57-Request-Kind"] = "extension"
    subject = f"{task.id}: request {request_id} {outcome.replace('_', ' ')}"
    return Change(task, "decide", subject, note, trailers)


def _index(task_id: str, ids: list[str], wanted: str, unknown: str) -> int:
    """Where the blocker or request `wanted` is in the task's list, or an error naming the
    IDs it has."""
    if wanted not in ids:
        raise StepError(say(unknown, task=task_id, id=wanted, ids=", ".join(ids) or say("none")))
    return ids.index(wanted)


def _next_id(prefix: str, existing: list[str]) -> str:
    numbers = [int(x.split("-", 1)[1]) for x in existing if x.split("-", 1)[1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
