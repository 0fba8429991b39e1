"""The words of `r57 remind`, in English: the reminder messages (written in each
recipient's language, whatever the run's) and what the command itself says (in the run's).
reportwords.py adds them to rsay()'s table; the Vietnamese is in vi/LC_MESSAGES/r57.po
under msgctxt "report:KEY"."""

from __future__ import annotations

from typing import Any

from r57cli.locale.catalog import pgettext
from r57cli.locale.messages import printable

REMIND_WORDS: dict[str, str] = {
    # --- the message, in the recipient's language (msay) -------------------------------
    "remind-subject": "Progress report needed: {count} tasks, {period}",
    "remind-subject-1": "Progress report needed: {task}, {period}",
    "remind-week": "week {id} ({first} – {last})",
    "remind-month": "month {id}",
    "remind-greeting": "Dear {name},",
    "remind-intro": (
        "The action plan's record shows that these tasks you are responsible for need your "
        "attention in {period}, as of {today}:"
    ),
    "remind-state": "State: {status}, {pct}% done (planned {planned}%), due {due}",
    "remind-days-late": "{days} days late",
    "remind-days-left": "{days} days left",
    "remind-due-today": "due today",
    "remind-expect-report-week": "Expected: a progress report this week (last report: {last}).",
    "remind-expect-report-month": ("Expected: a progress report this month (last report: {last})."),
    "remind-none-since": "none since {date}",
    "remind-expect-due": (
        "Expected: the deliverable by {due}; if it cannot be done in time, ask for more time "
        "now (r57 extend)."
    ),
    "remind-expect-overdue": (
        "Expected: the deliverable was due on {due}: finish it, or ask for more time "
        "(r57 extend) and say why."
    ),
    "remind-run": "To report progress (N is the new percentage), run:",
    "remind-run-done": "When it is finished, with the document number or link as evidence:",
    "remind-closing": (
        "Each report is recorded in the plan's repository and goes into the weekly "
        "synthesis. Thank you."
    ),
    # --- what the command says, in the run's language (rsay) ---------------------------
    "remind-to": "To",
    "remind-cc": "Cc",
    "remind-subject-label": "Subject",
    "remind-no-email": "(no e-mail in units.yaml)",
    "remind-none": (
        "Nobody to remind: every open task has a report in {period}, and none is overdue "
        "or due within {days} days."
    ),
    "remind-dry-run": (
        "Dry run: {count} reminders, nothing sent. Write them as e-mail files with --format "
        "eml -o DIR, or send them with --send (docs/remind.md)."
    ),
    "remind-written": "Wrote {count} messages to {path}.",
    "remind-sent": "Sent {sent} of {total} reminders.",
    "remind-failed": (
        "Not sent ({count}): {people}. Fix the cause, then run r57 remind --send "
        "--only-failed to send only these."
    ),
    "remind-failed-one": "  {person} <{email}>: {error}",
    "remind-recorded": "What was sent is recorded in {path}.",
    "remind-no-config": (
        "r57 remind --send needs the SMTP settings in git config, and {missing} is not set. "
        'For example: git config r57.smtp.host smtp.mic.gov.vn; git config r57.smtp.from "Văn '
        'phòng Bộ <vanphong@mic.gov.vn>" (docs/remind.md). Nothing was sent.'
    ),
    "remind-bad-port": (
        "git config r57.smtp.port is '{value}', not a port number (1 to 65535). Nothing was sent."
    ),
    "remind-bad-sender": (
        "git config r57.smtp.from is '{value}', not an e-mail address. Write it as "
        '"Name <name@mic.gov.vn>" or name@mic.gov.vn. Nothing was sent.'
    ),
    "remind-no-password": (
        "git config r57.smtp.user is set ({user}), but the environment variable "
        "R57_SMTP_PASSWORD is empty: put the SMTP password there. Nothing was sent."
    ),
    "remind-connect-failed": (
        "Could not reach the SMTP server {host}:{port}: {error}. Check r57.smtp.host and "
        "r57.smtp.port in git config. Nothing was sent."
    ),
    "remind-no-starttls": (
        "The SMTP server {host}:{port} does not offer STARTTLS, and r57 sends only over an "
        "encrypted connection. Use the server's submission port (usually 587). Nothing was "
        "sent."
    ),
    "remind-tls-failed": (
        "STARTTLS with {host}:{port} failed: {error}. If the server's certificate comes from "
        "an authority of your own, give its certificate with git config r57.smtp.cafile "
        "/path/to/ca.pem. Nothing was sent."
    ),
    "remind-login-failed": (
        "The SMTP server {host}:{port} refused the login of {user}: {error}. Check "
        "r57.smtp.user and R57_SMTP_PASSWORD. Nothing was sent."
    ),
    "remind-eml-needs-dir": (
        "--format eml writes one file per person: name the folder with -o DIR."
    ),
    "remind-send-or-write": (
        "--send sends the messages and -o writes them to files: choose one of the two."
    ),
    "remind-only-failed-needs-send": "--only-failed goes with --send: add --send.",
    "remind-nothing-recorded": (
        "--only-failed: no earlier send of {period} is recorded in {path}. Run r57 remind "
        "--send first."
    ),
    "remind-all-sent": (
        "--only-failed: every reminder of {period} recorded in {path} was already sent; "
        "nothing to send."
    ),
    "remind-bad-days": "--due-within {value}: give a whole number of days from 0 to 366.",
    "remind-not-a-dir": "-o {path} is not a folder: --format eml writes one file per person.",
    "remind-bad-address": (
        "Nothing written or sent: r57 validate refuses addresses these reminders go to "
        "({count}). Fix units.yaml as shown and run again."
    ),
}


def msay(lang: str, key: str, **fields: Any) -> str:
    """`key` in `lang`, not the run's language: a reminder is written in its reader's."""
    english = REMIND_WORDS[key]
    template = english if lang == "en" else pgettext("r57", lang, f"report:{key}", english)
    safe = {k: printable(v) if isinstance(v, str) else v for k, v in fields.items()}
    return template.format(**safe)
