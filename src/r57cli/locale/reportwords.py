"""The words of `r57 report` (rsay), in English: status classes, column headings,
section titles and the report's own errors. The Vietnamese is in r57.po (msgctxt
"report:KEY"); the run's language is the one texts.py holds."""

from __future__ import annotations

from typing import Any

from r57cli.locale.enumwords import ENUM_WORDS, GROUPS
from r57cli.locale.remindwords import REMIND_WORDS
from r57cli.locale.texts import _in_language, _safe

CLASSES = (
    "overdue",
    "blocked",
    "behind_plan",
    "at_risk",
    "stale",
    "not_started",
    "on_track",
    "done_early",
    "done_on_time",
    "done_late",
    "cancelled",
)

WORDS: dict[str, str] = {
    # --- status classes ----------------------------------------------------------------
    "overdue": "overdue",
    "blocked": "blocked",
    "behind_plan": "behind plan",
    "at_risk": "at risk",
    "stale": "no report",
    "not_started": "not started",
    "on_track": "on track",
    "done_early": "done early",
    "done_on_time": "done on time",
    "done_late": "done late",
    "cancelled": "cancelled",
    "late_report": "late report",
    "cancelled_after_due": "cancelled after due",
    "days-late-short": "+{n}d",
    "days-early-short": "{n}d",
    "new": "new",
    # --- columns ------------------------------------------------------------------------
    "col-task": "Task",
    "col-unit": "Unit",
    "col-person": "Responsible",
    "col-due": "Due",
    "col-start-pct": "Start %",
    "col-end-pct": "End %",
    "col-change": "Change (pts)",
    "col-planned": "Planned %",
    "col-gap": "Gap",
    "col-status": "Status",
    "col-days": "Days",
    "col-last-report": "Last report",
    "col-silent": "Days silent",
    "col-forecast": "Forecast",
    "col-rank": "#",
    "col-tasks": "Tasks",
    "col-avg-pct": "Avg %",
    "col-on-time": "On time",
    "col-reported": "Reported",
    "col-no-report": "In progress, no report",
    "col-done": "Done",
    "col-kind": "Kind",
    "col-ref": "Regulation",
    "col-blocker": "Blocker",
    "col-open-days": "Open (days)",
    "col-request": "Request",
    "col-from": "Asked of",
    "col-need": "Need",
    "col-amount": "Amount",
    "col-asked": "Asked",
    "col-completed": "Completed",
    "col-days-early": "Days early",
    "col-days-late": "Days late",
    "col-report-date": "For",
    "col-recorded": "Recorded",
    "backdated": "{landed} (backdated to {date})",
    "col-by": "By",
    "col-period": "Period",
    "col-total": "All units",
    "col-note": "Note",
    "col-people": "People",
    "col-title": "Title",
    "col-raised": "Raised",
    "col-description": "Description",
    # --- sections -----------------------------------------------------------------------
    "title-week": "Weekly progress report, week {id}",
    "title-month": "Monthly progress report, {id}",
    "title-range": "Progress report",
    "title-at": "Progress report",
    "title-trend": "Trend",
    "period-week": "Week",
    "period-month": "Month",
    "col-first-day": "First day",
    "col-last-day": "Last day",
    "span": "{first} to {last}",
    "as-of": "as of {when}",
    "sec-summary": "Summary",
    "sec-units": "Units ranked by on-time delivery",
    "sec-tasks": "Tasks",
    "sec-next-week": "Next week's plan ({first} to {last})",
    "sec-next-month": "Next month's plan ({first} to {last})",
    "sec-next-range": "Plan for the next period ({first} to {last})",
    "col-next-dates": "Falls due",
    "col-next-plan": "Plan (r57 update --next)",
    "next-none": "(no plan given)",
    "next-milestone": "milestone {date}: {pct}%",
    "next-due": "due {date}",
    "next-overdue": "overdue: due {date}, {days} days late",
    "sec-tasks-attention": (
        "Tasks needing attention: {count} of {total} (overdue, blocked, behind plan, at risk, "
        "no report); every task with r57 report --all, or in -o FILE.html/.md/.csv/.json"
    ),
    "rows-more": (
        "… and {count} more rows: r57 report --all shows them all, as do -o FILE.html, .md, "
        ".csv and .json."
    ),
    "sec-blockers": "Open blockers, by kind and regulation",
    "sec-requests": "Open resource requests",
    "sec-early": "Finished early this period",
    "sec-overdue": "Overdue, most late first",
    "sec-silent": "No report this period",
    "sec-waiting": "Waiting on this unit: other units' open requests to it",
    "sec-co": "Tasks this unit co-operates on",
    "col-owner": "Owner unit",
    "col-role": "Role",
    "role-owner": "owner",
    "role-co": "co-operating",
    "sec-late": "Late reports",
    "sec-late-after": (
        "Reports for this period recorded after it closed (the figures above do not include them)"
    ),
    "sec-notes": "Notes of the period",
    "sec-removed": "Tasks removed during the period",
    "sec-trend": "Trend by period",
    "sec-status": "Status overview",
    "sec-burnup": "Plan against actual, by unit",
    "units-silent": "Units: {list}",
    "people-silent": "People: {list}",
    "silent-for": "{who} ({n} days)",
    "silent-for-at-least": "{who} (at least {n} days)",
    "none": "none",
    "no-ref": "(no regulation named)",
    "no-report-yet": "before {date}",
    "trend-avg": "average %",
    "trend-planned": "planned %",
    "actual": "actual",
    "planned": "planned",
    "col-delay-days": "Avg delay (days)",
    "config-unreadable": (
        "Not read ({places}): the plan's settings and unit names there are left out, "
        "so units and people may show by their IDs. Run r57 validate and fix what it "
        "reports."
    ),
    "unreadable": (
        "Task files that could not be read at {commit} are left out ({count}: {tasks}); "
        "run r57 validate on that commit to see why."
    ),
    "legend": (
        "Status: the first that applies of overdue, blocked, behind plan ({behind} points "
        "or more below planned), at risk (the latest forecast after due, or no progress for 14 "
        "days), "
        "no report this period, not started, on track; done early means {early} or more "
        "days before due."
    ),
    "cannot-write": "{path}: cannot write the report: {reason}. Nothing was written.",
    "before-history": (
        "{period} ends before the plan's history starts (its first commit is on {first}): "
        "there is nothing to report. Ask for a period from then on, for example {suggest}."
    ),
    "legend-no-report": (
        "In progress, no report: every task in progress with no report this period, whatever "
        "its status (what r57 list --stale lists); the no report status counts those with "
        "nothing worse."
    ),
    "legend-new": (
        "Change counts only the tasks that existed at the start of the period: a task added "
        "during it is marked new, and its % is not counted as change."
    ),
    "generated": "From commit {sha}{of}.",
    "of-branch": " of branch {name}",
    "of-rev": " of {name}",
    "fc-range": "{date} ({low} – {high})",
    "fc-not_started": "not started",
    "fc-no_report": "no progress reported yet",
    "fc-stalled": "stalled {days}+ days",
    "fc-no_progress": "no progress in {days} days",
    "generated-at": "Made {date} {time} (UTC{zone}) from commit {sha}{of}.",
    "bad-source-date": 'SOURCE_DATE_EPOCH is "{value}": it must be whole seconds since '
    "1970-01-01 UTC (date +%s), or unset for now.",
    "tasks-more": "… and {count} more tasks",
    # --- the schedule's record (render/report_slip.py) ---------------------------------
    "sec-moved": "Deadlines moved in the period",
    "sec-extensions": "Extension requests",
    "sec-unapproved": "Moved without approval",
    "sec-delivered": "Products delivered in the period",
    "col-date": "Date",
    "col-move": "Moved",
    "col-decision": "Decision",
    "col-reason": "Reason",
    "col-start": "Start",
    "col-due-asked": "Due asked",
    "col-approved": "Approved due",
    "col-approved-by": "Approved by",
    "col-committed-by": "Committed by",
    "col-deliverable": "Deliverable",
    "col-evidence": "Evidence",
    "col-on-time-baseline": "On time (baseline)",
    "slip-short": "({days}d, baseline {base})",
    "unapproved-short": "[moved without approval; approved {approved}]",
    "claimed-short": "(recorded {date})",
    "unknown-author": "(not in this period's commits)",
    "no-evidence": "(no evidence)",
    "request-open": "open",
    "request-granted": "granted",
    "request-partly_granted": "partly granted",
    "request-refused": "refused",
    "request-withdrawn": "withdrawn",
    "baseline-bars": "Current schedule (upper bar) against the baseline (lower bar)",
    "baseline-bars-legend": (
        "Red: the days past the baseline's due; orange: moved without approval."
    ),
    "baseline-bars-desc": (
        "{count} tasks whose schedule moved: the baseline bar under each current one."
    ),
    # --- errors -------------------------------------------------------------------------
    "no-commits": (
        "There is no commit at {rev} to report on. Commit the plan first (git add, git "
        "commit), then run r57 report."
    ),
    "no-rev": (
        "--rev {rev} is not a branch or commit of this repository: check the spelling "
        "(git branch -a lists the branches), or fetch it first (git fetch origin)."
    ),
    "shallow": (
        "This clone's history is cut short (a shallow clone) and does not reach back to "
        "{when}, which this report needs: it would come out wrong. Fetch the whole history "
        "with `git fetch --unshallow` (in GitHub Actions: actions/checkout with "
        "`fetch-depth: 0`), then run r57 report again."
    ),
    "bad-week": "--week {value} is not a week. Write it as 2025-W07 (year, W, ISO week number).",
    "bad-month": "--month {value} is not a month. Write it as 2025-02.",
    "bad-day": "{option} {value} is not a date. Write it as YYYY-MM-DD, e.g. 2025-02-14.",
    "bad-at": (
        "--at {value} is not a date or time. Write 2025-02-14 (the end of that day) or "
        "2025-02-14T17:00."
    ),
    "bad-range": "--from {first} is after --to {last}. Give the earlier date to --from.",
    "period-conflict": (
        "Choose one period: --week, --month, --at, or --from/--to ({given} were given)."
    ),
    "trend-conflict": (
        "{option} makes a trend of weeks or months; use it with --week or --month, not "
        "with --at or --from/--to."
    ),
    "trend-months-with-week": (
        "--months {count} goes with --month, not with --week: use --week --weeks {count} "
        "for a trend of {count} weeks, or --month --months {count} for {count} months."
    ),
    "trend-weeks-with-month": (
        "--weeks {count} goes with --week, not with --month: use --month --months {count} "
        "for a trend of {count} months, or --week --weeks {count} for {count} weeks."
    ),
    "trend-count": "{option} {value}: give a number of periods from 1 to 120.",
    "from-to": "--from and --to go together: give both, e.g. --from 2025-02-01 --to 2025-03-31.",
    "unknown-person": "--person {value} is not anyone in units.yaml.{suggest}",
    "bad-format": (
        "--format {value} is not a report format. Use table, markdown, csv, json or html."
    ),
    "bad-extension": (
        "-o {path}: cannot tell the format from the file name. End it in .md, .csv, .json, "
        ".html, .txt, .xlsx, .docx or .pdf, or give --format."
    ),
    "written": "Report written to {path}.",
}
# r57 remind's words live in a table of their own.
WORDS.update(REMIND_WORDS)


def rsay(key: str, **fields: Any) -> str:
    """The report's sentence or word `key` in the run's language."""
    template = _in_language(f"report:{key}", WORDS[key])
    return template.format(**{k: _safe(v) for k, v in fields.items()})


def rsay_parts(key: str, **fields: Any) -> tuple[str, str]:
    """rsay(key) as what is wrong and how to fix it: the sentence split after its first
    full stop (or before a trailing {hint}); the fix is "" when the sentence has none."""
    template = _in_language(f"report:{key}", WORDS[key])
    safe = {k: _safe(v) for k, v in fields.items()}
    head, stop, tail = template.partition(". ")
    if stop:
        return (head + ".").format(**safe), tail.format(**safe)
    if template.endswith(": {hint}"):
        return template[: -len(": {hint}")].format(**safe), template[-6:].format(**safe)
    return template.format(**safe), ""


WORDS.update(ENUM_WORDS)


def enum_word(group: str, code: object) -> str:
    """A plan enumeration's code (a blocker kind, a deliverable, a submission level, a
    progress or request status) as the reader's language names it; a code r57 does not
    know is shown as written, made printable."""
    from r57cli.locale.messages import printable

    key = f"{GROUPS[group]}{code}"
    return rsay(key) if isinstance(code, str) and key in WORDS else printable(str(code or ""))


def status_word(code: str, group: str = "progress") -> str:
    """A status in the reader's words ("đang thực hiện"), never its code in a sentence."""
    return enum_word(group, code)


def _more() -> None:
    from r57cli.locale.changewords import CHANGE_WORDS
    from r57cli.locale.csvwords import CSV_WORDS
    from r57cli.locale.docxwords import DOCX_WORDS
    from r57cli.locale.fedwords import FED_WORDS
    from r57cli.locale.startwords import START_WORDS
    from r57cli.locale.xlsxwords import XLSX_WORDS

    WORDS.update(CHANGE_WORDS)
    WORDS.update(XLSX_WORDS)
    WORDS.update(CSV_WORDS)
    WORDS.update(FED_WORDS)
    WORDS.update(DOCX_WORDS)
    WORDS.update(START_WORDS)


_more()
