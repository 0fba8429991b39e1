"""What the schedule commands say (reschedule, extend, confirm, done's proof and claim) and
the labels of the schedule history in `r57 show` and `r57 log`, in English. texts.py adds
them to say()'s and label()'s tables; the Vietnamese is in vi/LC_MESSAGES/r57.po under
msgctxt "say:KEY" and "label:KEY"."""

from __future__ import annotations

SCHEDULE_TEXTS: dict[str, str] = {
    "control-text": (
        "{option} '{value}' contains control characters (shown escaped). Type it again as "
        "plain text on one line."
    ),
    "sched-date-floor": (
        "{option} {value} is too early: a schedule change is recorded on or after {floor} "
        "(the task's start or its last reschedule, and never before today for a task not "
        "started yet)."
    ),
    "sched-needs-decision": (
        "The plan requires the document that approved a reschedule (policy.require_decision): "
        'add --decision "Quyết định 123/QĐ-BTTTT" to the command for {task}.'
    ),
    "sched-due-before-start": (
        "--due {due} is before the start ({start}). Give a due on or after the start, or move "
        "the start too with --start."
    ),
    "sched-start-after-due": (
        "--start {start} is after the due ({due}). Give a start on or before the due, or move "
        "the due too with --due."
    ),
    "before-start-today": (
        "Today ({value}) is before {task} starts ({start}): a report is dated on or after the "
        "start. If the work began early, a coordinator moves the start first: r57 reschedule "
        '{task} --start {value} --reason "…".'
    ),
    "sched-due-past": (
        "--due {due} is in the past (today is {today}) and {task} is still open: an open task "
        "is rescheduled to today or later."
    ),
    "sched-ms-outside": (
        "Milestones of {task} on {dates} would fall outside the new period {start} – {due}. Add "
        "--shift-milestones to move them with the due, or give the new list with --milestone "
        "DATE:PCT (once per milestone)."
    ),
    "sched-ms-window": (
        "Milestone {n} ({date}) is outside the task's period {start} – {due}. Give dates "
        "between the start and the due."
    ),
    "sched-ms-order": (
        "Milestone {n} ({date}) is not after the one before it ({previous}). Give the "
        "milestones in date order, one date each."
    ),
    "sched-ms-pct": (
        "Milestone {n} plans {pct}%, less than the {previous}% of the one before it. Planned "
        "percentages never go down."
    ),
    "sched-nothing": (
        "Nothing would change: {task} already has this schedule. Give a new --due, --start or "
        "--milestone list."
    ),
    "sched-no-extension": (
        "{task} has no open extension request {id}. Its open extension requests: {ids}. A unit "
        "asks with r57 extend {task} --to DATE --reason TEXT."
    ),
    "milestone-over-100": (
        "--milestone '{value}' plans {pct}%: a milestone plans at most 100%. Write the % "
        "the task should have reached by that day, 0 to 100."
    ),
    "bad-milestone": (
        "--milestone '{value}' is not DATE:PCT. Write it as 2027-03-31:60 (or "
        '"2027-03-31:60:Label"), once per milestone.'
    ),
    "not-coordinator": (
        "{who} may not reschedule {task}: only coordinators and admins may reschedule "
        "(policy.reschedule_by: {roles}). Ask one to run r57 reschedule {task} --due ... "
        "--reason ..., or ask for more time with r57 extend {task} --to DATE --reason TEXT."
    ),
    "not-coordinator-confirm": (
        "{who} may not confirm the completion of {task}: only the roles in "
        "policy.reschedule_by ({roles}) may. Ask a coordinator to run r57 confirm {task}."
    ),
    "extend-not-later": (
        "--to {to} is not after the current due of {task} ({due}). Ask for a later date."
    ),
    "extend-past": "--to {to} is not after today ({today}). Ask for a date still ahead.",
    "extend-pending": (
        "{task} already has an open extension request ({id}). Wait for a coordinator to "
        "decide it, or withdraw it: r57 decide {task} {id} --outcome withdrawn."
    ),
    "grant-by-reschedule": (
        "An extension request is granted by moving the due in the same commit: ask a "
        'coordinator to run r57 reschedule {task} --grants {id} --reason "..." (the due '
        "becomes {due}). r57 decide only refuses or withdraws it."
    ),
    "done-needs-evidence": (
        "The plan requires proof of completion (policy.require_evidence): add --evidence "
        '"Quyết định 123/QĐ-BTTTT" or --evidence URL to r57 done {task}.'
    ),
    "claim-note": (
        "note: {task} was recorded done on {today} for {date}, more than {days} days before: "
        "the date is a claim, and on-time is judged by the day it was recorded until a "
        "coordinator runs r57 confirm {task}."
    ),
    "confirm-not-done": "{task} is {status}, not done: there is no completion to confirm.",
    "confirm-no-claim": (
        "The completion of {task} ({date}) was recorded in time: there is no claim to confirm."
    ),
    "confirm-already": "The completion of {task} is already confirmed by {who}.",
}

SCHEDULE_LABELS: dict[str, str] = {
    "act-reschedule": "rescheduled",
    "act-extend": "asks to extend the due {due_from} → {due_to} ({request})",
    "act-confirm": "completion on {completed} confirmed (recorded {recorded})",
    "sched-due": "due {old} → {new} ({days:+d} d)",
    "sched-start": "start {old} → {new}",
    "sched-milestones": "milestones moved",
    "sched-decision": "decision: {decision}",
    "sched-grants": "grants {request}",
    "schedule": "Schedule",
    "sched-baseline": "baseline: {start} – {due}",
    "sched-current": "current: {start} – {due}",
    "sched-entry": "{id} {date} by {by}",
    "sched-no-change": "not rescheduled",
    "sched-ext": "{id}: more time asked on {asked}, to {due}: {need} — {status}",
    "sched-claim": "completed {completed}, recorded {recorded}",
    "sched-confirmed": "confirmed by {who}",
    "sched-unconfirmed": "not confirmed: on-time is judged by the recorded day",
    "sched-evidence": "evidence: {items}",
}
