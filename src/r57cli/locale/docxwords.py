"""The words of `r57 report --format docx|pdf` (rsay), in English: the lines of a report
in the layout of Decree 30/2020/ND-CP (Appendix I): the national title and motto, the
number and date lines, the numbered parts, "Recipients" and the PDF engine's errors. The
Vietnamese is in r57.po (msgctxt "report:KEY")."""

from __future__ import annotations

DOCX_WORDS: dict[str, str] = {
    "dx-nation": "SOCIALIST REPUBLIC OF VIET NAM",
    "dx-motto": "Independence - Freedom - Happiness",
    "dx-number": "No.: {blank}/{symbol}",
    "dx-date": "{place}, {day} {month} {year}",
    "dx-type": "REPORT",
    "dx-subject": "Implementation of {plan}, {period}",
    "dx-rank-note": "Rank –: not ranked, fewer than {min} tasks done or due (so few do not "
    "decide a ranking).",
    "dx-subject-of": "Implementation of {plan} by {who}, {period}",
    "dx-scoped-note": "note: this document covers only the tasks of --unit/--person, under "
    "plan.yaml's report: header, recipients and signer; check them before it is signed",
    "dx-block-invalid": "warning: {path}:{line}:{column}: the report: block has {count} "
    "problem(s), and the document shows it as written; run r57 validate to see each, and fix "
    "it before the document is signed",
    "dx-plan": "Plan No. {symbol}",
    "dx-week": "week {week} of {year} ({first} to {last})",
    "dx-month": "{month} {year} ({first} to {last})",
    "dx-range": "from {first} to {last}",
    "dx-weeks": "{count} weeks from {first} to {last}",
    "dx-months": "{count} months from {first} to {last}",
    "dx-as-of": "figures as of {day}",
    "dx-part-results": "Results",
    "dx-part-late": "Tasks behind schedule and overdue",
    "dx-part-blockers": "Difficulties and obstacles",
    "dx-part-proposals": "Proposals and recommendations",
    "dx-part-next-week": "Tasks for next week ({first} to {last})",
    "dx-part-next-month": "Tasks for next month ({first} to {last})",
    "dx-part-next-range": "Tasks for the next period ({first} to {last})",
    "dx-fig-tasks": "The report covers {tasks} tasks, of which {done} are completed.",
    "dx-fig-progress": (
        "Average progress: {start} at the start of the period, {end} at its end ({change} "
        "points), against {planned} planned."
    ),
    "dx-fig-on-time": "On time: {rate} ({on_time} of the {due} tasks due or completed).",
    "dx-fig-reported": (
        "Reported in the period: {share} ({reported} of {active} tasks in progress)."
    ),
    "dx-fig-classes": "By status: {list}.",
    "dx-units": "Results by unit:",
    "dx-trend": "Results by period:",
    "dx-late-lead": (
        "{count} tasks are overdue, behind plan or at risk of missing their due date:"
    ),
    "dx-late-none": "No task is overdue, behind plan or at risk of missing its due date.",
    "dx-blocker-group": (
        "{ref} blocks {tasks} (tasks: {count}) of {units}, for up to {days} days; the "
        "document needs amending to lift it."
    ),
    "dx-blocker-other": (
        "{kind}: {tasks} (tasks: {count}) of {units} blocked, for up to {days} days."
    ),
    "dx-blockers-none": "No open obstacle was reported in the period.",
    "dx-requests-lead": "{count} resource requests await a decision:",
    "dx-requests-none": "No resource request awaits a decision.",
    "dx-decided-lead": "Decided in the period:",
    "dx-decided": "{task} {request} ({unit}): {decision} on {date}.",
    "dx-next-none": "No task falls due and no plan was recorded for the next period.",
    "dx-col-no": "No.",
    "dx-col-rank": "Rank",
    "dx-col-plan": "Planned work",
    "dx-col-task": "Task",
    "dx-col-progress": "Progress",
    "dx-col-ref": "Document",
    "dx-col-obstacle": "Obstacle",
    "dx-col-since": "Since",
    "dx-col-days": "Days",
    "dx-col-need": "Request",
    "dx-col-when": "Due / milestones",
    "dx-recipients": "Recipients:",
    "dx-archive": "Archive: Records, …",
    "dx-pdf-no-engine": (
        "--format pdf converts the Word document with LibreOffice, which was not found "
        "({tried}). LibreOffice is a system program, not a Python package, so no pip extra "
        "can install it: on Debian/Ubuntu `sudo apt install libreoffice-writer-nogui "
        "fonts-liberation2`, on macOS `brew install --cask libreoffice`, on Windows the "
        "installer from https://www.libreoffice.org; or set R57_SOFFICE to the soffice "
        "program. --format docx needs none of it."
    ),
    "dx-pdf-failed": (
        "LibreOffice ({program}) could not convert the document to PDF: {reason}. Try "
        "--format docx and open it in Word or LibreOffice, or set R57_SOFFICE to another "
        "soffice."
    ),
    "dx-pdf-timeout": "it did not finish in {seconds} seconds",
    "dx-needs-file": (
        "--format {fmt} writes a document, which a terminal cannot show: give -o FILE.{fmt} "
        "(for example -o week.{fmt})."
    ),
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
