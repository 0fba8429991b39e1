"""`r57 remind`: whom to chase this week (or month), with the message for each, printed,
written as e-mail files, or sent over SMTP."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt, UnitsOpt

if TYPE_CHECKING:
    from email.message import EmailMessage

    from r57cli.commands.remindsend import SmtpSettings
    from r57cli.history.periods import Period
    from r57cli.plan.workspace import Workspace
    from r57cli.report.remind import Contact, Reminder
    from r57cli.report.scoping import Scope

SHORT = "Reminders for the people whose tasks need a report: print, --format eml -o DIR, --send."


class Format(StrEnum):
    text = "text"
    eml = "eml"


def command(
    month: Annotated[
        bool, typer.Option("--month", "-m", help="Chase this month's reports, not this week's.")
    ] = False,
    due_within: Annotated[
        int,
        typer.Option(
            "--due-within", metavar="N", help="Also remind of open tasks due within N days."
        ),
    ] = 7,
    unit: UnitsOpt = None,
    person: Annotated[
        list[str] | None,
        typer.Option("--person", metavar="PERSON", help="Only this person (repeatable)."),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="text: a list to read; eml: one file per person."),
    ] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="DIR", help="The folder --format eml writes to."),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Send the messages by SMTP (settings: git config r57.smtp.*). Without it "
            "nothing is sent.",
        ),
    ] = False,
    only_failed: Annotated[
        bool,
        typer.Option(
            "--only-failed",
            help="With --send: send only what the last --send of this period did not.",
        ),
    ] = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Prepare the reminders: one message per person with an open task that has no report
    this week (or month), is due within N days, or is overdue, in that person's language.

    The list is a dry run: nothing is sent without --send. Examples: r57 remind,
    r57 remind --unit ndta --month, r57 remind --format eml -o outbox/, r57 remind --send.
    """
    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import language, set_language
    from r57cli.plan.workspace import Workspace
    from r57cli.render.table import fit, terminal_width

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    if not 0 <= due_within <= 366:
        raise R57Error(rsay("remind-bad-days", value=due_within))
    if only_failed and not send:
        raise R57Error(rsay("remind-only-failed-needs-send"))
    if send and output is not None:
        raise R57Error(rsay("remind-send-or-write"))
    if fmt is Format.eml and output is None:
        raise R57Error(rsay("remind-eml-needs-dir"))
    if output is not None and output.exists() and not output.is_dir():
        raise R57Error(rsay("remind-not-a-dir", path=str(output)))
    smtp = None
    if send:
        from r57cli.commands.remindsend import settings

        smtp = settings(ws.repo.config_section("r57.smtp"))  # before any work: nothing sent
    period = _period(ws, month)
    reminders = _reminders(ws, period, _scope(ws, unit, person), due_within)
    words = _period_words(period)
    today = ws.today()
    _refuse_bad_addresses(ws, reminders)  # before anything is written or sent
    if not reminders:
        shown = words[language()]  # the run's words, as the rest of this line
        typer.echo(fit(rsay("remind-none", period=shown, days=due_within)), err=True)
        return
    if smtp is not None:
        _send(ws, smtp, reminders, period, words, only_failed)
        return
    if fmt is Format.eml and output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for pid, text in _eml(ws, reminders, _sender(ws), period, words):
            (output / f"{pid}.eml").write_bytes(text.encode("latin-1"))
        typer.echo(fit(rsay("remind-written", count=len(reminders), path=str(output))), err=True)
        return
    from r57cli.render.remind_text import listing

    shown = listing(reminders, words, period.kind, today.isoformat(), terminal_width())
    sys.stdout.write(shown + "\n")
    typer.echo(fit(rsay("remind-dry-run", count=len(reminders))), err=True)


def _refuse_bad_addresses(ws: Workspace, reminders: list[Reminder]) -> None:
    """Stop, exit 2, if an address the reminders go to is one `r57 validate` refuses
    (R57E107 for an e-mail, R57E232): the validator's own check of units.yaml, shown as
    validate shows it, with its place and fix."""
    from r57cli.errors import ExitCode
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import language
    from r57cli.plan.model import EMAIL_PATTERN, ID_KINDS
    from r57cli.render import RenderOptions, display_prefix
    from r57cli.render.remind_mail import recipients
    from r57cli.render.text import render_text
    from r57cli.validate.engine import ValidationResult
    from r57cli.validate.files import check_file

    used = {e for r in reminders for e in recipients(r) if e}
    path = ws.plan_dir / "units.yaml"
    if not used or not path.is_file():
        return
    raw = path.read_bytes()
    email_example = ID_KINDS[EMAIL_PATTERN][1]
    bad = [
        d
        for d in check_file("units.yaml", raw).diagnostics
        if (d.code == "R57E232" or (d.code == "R57E107" and d.args.get("example") == email_example))
        and _names_one_of(str(d.args.get("value", "")), used)
    ]
    if not bad:
        return
    result = ValidationResult(ws.plan_dir, bad, files=1, sources={"units.yaml": raw})
    opts = RenderOptions(lang=language(), display_prefix=display_prefix(ws.plan_dir, Path.cwd()))
    typer.echo(rsay("remind-bad-address", count=len(bad)), err=True)
    sys.stderr.write(render_text(result, opts))
    raise typer.Exit(ExitCode.USAGE)


def _names_one_of(shown: str, used: set[str]) -> bool:
    """Whether the diagnostic's value (cut to 57 characters and "..." when long) is one of
    the addresses used."""
    if shown.endswith("...") and len(shown) == 60:
        return any(e.startswith(shown[:-3]) for e in used)
    return shown in used


def _period(ws: Workspace, month: bool) -> Period:
    from r57cli.commands.periodopts import week_start
    from r57cli.history import periods as P

    today = ws.today()
    return P.month(today, ws.zone()) if month else P.week(today, ws.zone(), week_start(ws))


def _period_words(period: Period) -> dict[str, str]:
    from r57cli.render.remind_text import period_words

    first, last = period.first_day.isoformat(), period.last_day.isoformat()
    return {lang: period_words(lang, period.kind, period.id, first, last) for lang in ("en", "vi")}


def _scope(ws: Workspace, units: list[str] | None, persons: list[str] | None) -> Scope:
    from r57cli.commands.report import _scope as report_scope

    return report_scope(ws, units, persons, False)


def _reminders(ws: Workspace, period: Period, scope: Scope, due_within: int) -> list[Reminder]:
    """The reminders, kept like a report's output: rerun on an unchanged history on the same
    day, they are one file read instead of a period's computation (docs/remind.md)."""
    import msgspec

    from r57cli.history.cache import OutputCache
    from r57cli.report.remind import Directory, Reminder, select

    today = ws.today()
    memo = OutputCache(
        ws.repo,
        ws.plan_rel,
        "HEAD",
        "remind",
        (period.kind, period.id, period.start.isoformat(), period.end.isoformat()),
        scope.key(),
        due_within,
        today.isoformat(),
        ws.language,
        ws.units_data,
    )
    kept = memo.get()
    if kept is not None:
        try:
            return msgspec.json.decode(kept, type=list[Reminder])
        except msgspec.ValidationError:
            pass
    from r57cli.report.synthesis import run

    report = run(ws, [period], today, scope).main
    found = select(report, Directory.of(ws.units_data), ws.language or "vi", due_within)
    memo.put(msgspec.json.encode(found).decode())
    return found


def _eml(
    ws: Workspace, reminders: list[Reminder], sender: Contact, period: Period, words: dict[str, str]
) -> list[tuple[str, str]]:
    """Each person's message as its file's bytes (kept as latin-1 text, one char a byte),
    kept like the reminders: the email package's header parsing was ~0.4 s of a national
    run, for the same bytes every time."""
    import hashlib

    import msgspec

    from r57cli.history.cache import OutputCache

    said = hashlib.sha256(msgspec.json.encode(reminders)).hexdigest()
    parts = (said, sender.name, sender.email, ws.today().isoformat(), str(ws.zone()), words)
    memo = OutputCache(ws.repo, ws.plan_rel, "HEAD", "remind-eml", *parts)
    kept = memo.get()
    if kept is not None:
        try:
            return msgspec.json.decode(kept, type=list[tuple[str, str]])
        except msgspec.ValidationError:
            pass
    out = [
        (r.person.id, _message(ws, r, sender, period, words).as_bytes().decode("latin-1"))
        for r in reminders
    ]
    memo.put(msgspec.json.encode(out).decode())
    return out


def _sender(ws: Workspace) -> Contact:
    """Who the files say they are from: r57.smtp.from, else the git identity of the one
    running the command (the coordinator)."""
    from email.utils import parseaddr

    from r57cli.report.remind import Contact

    configured = ws.repo.config_section("r57.smtp").get("from", "")
    name, email = parseaddr(configured)
    if "@" in email:
        return Contact("", name or email, email)
    name, email = ws.repo.identity()
    return Contact("", name, email)


def _message(
    ws: Workspace, r: Reminder, sender: Contact, period: Period, words: dict[str, str]
) -> EmailMessage:
    from r57cli.render.remind_mail import message

    return message(r, sender, period.id, words[r.language], period.kind, ws.today(), ws.zone())


def _send(
    ws: Workspace,
    smtp: SmtpSettings,
    reminders: list[Reminder],
    period: Period,
    words: dict[str, str],
    only_failed: bool,
) -> None:
    from r57cli.commands import remindsend
    from r57cli.errors import ExitCode, R57Error
    from r57cli.locale.reportwords import rsay
    from r57cli.render.remind_mail import recipients
    from r57cli.render.table import fit

    path = remindsend.record_path(ws.repo.git_dir, period.id)
    if only_failed:
        record = remindsend.read_record(path)
        if record is None:
            raise R57Error(rsay("remind-nothing-recorded", period=period.id, path=str(path)))
        done = {p for p, m in record["messages"].items() if m.get("status") == "sent"}
        reminders = [r for r in reminders if r.person.id not in done]
        if not reminders:
            typer.echo(fit(rsay("remind-all-sent", period=period.id, path=str(path))), err=True)
            return
    failed: dict[str, str] = {}
    batch = []
    for r in reminders:
        if not r.person.email:
            failed[r.person.id] = rsay("remind-no-email")
            continue
        batch.append((r.person.id, _message(ws, r, smtp.sender, period, words), recipients(r)))
    sent, refused = remindsend.send(smtp, batch, path, period.id) if batch else ([], {})
    failed.update(refused)
    typer.echo(fit(rsay("remind-sent", sent=len(sent), total=len(reminders))))
    if failed:
        emails = {r.person.id: r.person.email for r in reminders}
        typer.echo(
            fit(rsay("remind-failed", count=len(failed), people=", ".join(sorted(failed)))),
            err=True,
        )
        for pid in sorted(failed):
            typer.echo(
                fit(rsay("remind-failed-one", person=pid, email=emails[pid], error=failed[pid])),
                err=True,
            )
    typer.echo(fit(rsay("remind-recorded", path=str(path))), err=True)
    if failed:
        raise typer.Exit(ExitCode.USAGE)
