"""The words of "what changed" and the fair ranking (rsay; report/changes.py,
report/ranking.py), in English; the Vietnamese is in r57.po (msgctxt "report:KEY")."""

CHANGE_WORDS: dict[str, str] = {
    "sec-changes": "What changed since the previous period",
    "changes-intro": (
        "Compared with {period}: status changes {status}, completed {done}, "
        "blocker events {blockers}, request events {requests}."
    ),
    "changes-period": "{id} ({first}–{last})",
    "changes-none": (
        "No previous period in the history to compare with: the history starts in this period."
    ),
    "sec-changes-status": "Status changes",
    "sec-changes-completed": "Completed in the period",
    "sec-changes-blockers": "Blockers raised and lifted in the period",
    "sec-changes-requests": "Requests raised and decided in the period",
    "sec-changes-moves": "Largest % movements",
    "sec-changes-units": "Units: change in average progress and rank",
    "col-group": "Change",
    "col-from-to": "From → to",
    "col-delivery": "Delivery",
    "col-event": "Event",
    "col-lifted": "Lifted",
    "col-decided": "Decided",
    "col-avg-before": "Avg % before",
    "col-pct-before": "% before",
    "col-rank-period": "# period",
    "group-newly_overdue": "newly overdue",
    "group-newly_at_risk": "newly at risk or behind",
    "group-recovered": "recovered",
    "group-completed": "completed",
    "group-newly_blocked": "newly blocked",
    "group-newly_silent": "newly silent (no report)",
    "group-other": "other",
    "group-new": "new task",
    "new-task": "(new)",
    "delivery-early": "early by {n} days",
    "delivery-on_time": "on time",
    "delivery-late": "late by {n} days",
    "event-raised": "raised",
    "event-lifted": "lifted",
    "event-raised_and_lifted": "raised and lifted",
    "event-decided": "decided",
    "event-raised_and_decided": "raised and decided",
    "legend-ranking": (
        "Ranking: # is the rank on the plan to date, # period on the period alone (tasks "
        "delivered in it or due in it). A unit with fewer than {min} tasks done or due is "
        "listed but not ranked (–). What changed lists the {top} largest % movements; a task "
        "new in the period is marked new, not changed."
    ),
}
