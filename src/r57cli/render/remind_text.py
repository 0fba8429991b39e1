"""The words of one reminder, in its reader's language: the subject, the message body, and
the block `r57 remind` prints for it. Formats only: whom to remind is report/remind.py's."""

from __future__ import annotations

import shlex
import textwrap
from datetime import date

from r57cli.locale.catalog import pgettext
from r57cli.locale.remindwords import msay
from r57cli.locale.reportwords import WORDS, rsay
from r57cli.render.periodname import mid_sentence, period_name_in
from r57cli.report.remind import Contact, Reminder, RemindTask


def day(lang: str, iso: str) -> str:
    """A date as the reader writes it: dd/mm/yyyy in Vietnamese, ISO in English."""
    if not iso:
        return ""
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if lang == "vi" else iso


def period_words(lang: str, kind: str, pid: str, first: str, last: str) -> str:
    """The period inside a reminder's sentences: Vietnamese names it as the report's title
    does, mid-sentence ("tuần 50 (07/12–13/12/2026)", "tháng 12/2026"); English keeps the
    ISO id, as the English report does."""
    if lang == "vi" and kind in ("week", "month"):
        p = {"id": pid, "kind": kind, "first_day": first, "last_day": last}
        return mid_sentence(period_name_in(lang, p))
    if kind == "month":
        return msay(lang, "remind-month", id=pid)
    return msay(lang, "remind-week", id=pid, first=day(lang, first), last=day(lang, last))


def subject(reminder: Reminder, period: str) -> str:
    lang = reminder.language
    if len(reminder.tasks) == 1:
        return msay(lang, "remind-subject-1", task=reminder.tasks[0].id, period=period)
    return msay(lang, "remind-subject", count=len(reminder.tasks), period=period)


def _status(lang: str, cls: str) -> str:
    english = WORDS.get(cls, cls)
    return english if lang == "en" else pgettext("r57", lang, f"report:{cls}", english)


# A message's prose is wrapped to this width: e-mail's customary line, and 80 columns.
WIDTH = 76


def _wrap(text: str, indent: str = "", width: int = WIDTH) -> list[str]:
    if len(indent) + len(text) <= width:  # most lines: textwrap was most of a national run
        return [indent + text]
    return textwrap.wrap(
        text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def _task_lines(lang: str, n: int, t: RemindTask, kind: str, width: int = WIDTH) -> list[str]:
    title = t.title_vi if lang == "vi" else t.title_en
    state = msay(
        lang,
        "remind-state",
        status=_status(lang, t.status),
        pct=t.pct,
        planned=t.planned_pct,
        due=day(lang, t.due),
    )
    if t.days_late > 0:
        state += ", " + msay(lang, "remind-days-late", days=t.days_late)
    elif t.days_left == 0:
        state += ", " + msay(lang, "remind-due-today")
    elif t.days_left > 0 and "due_soon" in t.reasons:
        state += ", " + msay(lang, "remind-days-left", days=t.days_left)
    pad = " " * (len(str(n)) + 2)
    head = f"{n}. {t.id} {title}"
    lines = [head]
    if len(head) > width:
        lines = textwrap.wrap(head, width, subsequent_indent=pad, break_on_hyphens=False)
    lines += _wrap(state + ".", pad, width)
    if "overdue" in t.reasons:
        lines += _wrap(msay(lang, "remind-expect-overdue", due=day(lang, t.due)), pad, width)
    elif "due_soon" in t.reasons:
        lines += _wrap(msay(lang, "remind-expect-due", due=day(lang, t.due)), pad, width)
    if "no_report" in t.reasons:
        last = day(lang, t.last_report) or msay(
            lang, "remind-none-since", date=day(lang, t.read_since)
        )
        key = "remind-expect-report-month" if kind == "month" else "remind-expect-report-week"
        lines += _wrap(msay(lang, key, last=last), pad, width)
    # The commands are never wrapped: they are copied and pasted whole.
    lines += _wrap(msay(lang, "remind-run"), pad, width)
    lines.append(f'{pad}  r57 update {shlex.quote(t.id)} --pct N --note "…"')
    if "overdue" in t.reasons or "due_soon" in t.reasons:
        lines += _wrap(msay(lang, "remind-run-done"), pad, width)
        lines.append(f'{pad}  r57 done {shlex.quote(t.id)} --evidence "…"')
    return lines


def body(reminder: Reminder, period: str, kind: str, today: str, width: int = WIDTH) -> str:
    """The message; `width` narrower than an e-mail's for a narrow terminal's preview."""
    lang = reminder.language
    lines = [
        msay(lang, "remind-greeting", name=reminder.person.name),
        "",
        *_wrap(msay(lang, "remind-intro", period=period, today=day(lang, today)), "", width),
    ]
    for n, t in enumerate(reminder.tasks, 1):
        lines.append("")
        lines.extend(_task_lines(lang, n, t, kind, width))
    lines += ["", *_wrap(msay(lang, "remind-closing"), "", width), ""]
    return "\n".join(lines)


def address(contact: Contact) -> str:
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


def listing(
    reminders: list[Reminder], periods: dict[str, str], kind: str, today: str, width: int = 80
) -> str:
    """The readable list `r57 remind` prints: one block per person, headed by the run's
    words (To, Cc, Subject), the message itself in the person's language, all within
    `width` (the terminal's) but for the commands, which are copied whole."""
    out = []
    narrow = min(width, WIDTH)
    for r in reminders:
        period = periods[r.language]
        to = address(r.person) if r.person.email else f"{r.person.name} {rsay('remind-no-email')}"
        head = [f"{rsay('remind-to')}: {to} [{r.language}]"]
        if r.cc:
            head.append(f"{rsay('remind-cc')}: {', '.join(address(c) for c in r.cc)}")
        head.append(f"{rsay('remind-subject-label')}: {subject(r, period)}")
        head = [part for line in head for part in _wrap(line, "", width)]
        rule = "─" * min(72, width)
        out.append("\n".join([rule, *head, rule, body(r, period, kind, today, narrow)]))
    return "\n".join(out)
