"""The staff commands that record progress: update, done, start, reopen, cancel, block,
unblock, request and decide. Each one parses its options, builds one step of the status
model (progress.py) and hands it to record(), which makes exactly one commit or none.

They share one module, not one each, because they share every option but their own and the
whole of their output; apart they would be nine copies of the same forty lines.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.options import Lang, LangOpt, PlanOpt, TaskArg, complete_unit
from r57cli.commands.planedit import cancel
from r57cli.commands.staffopts import (
    DateOpt,
    DryRunOpt,
    Kind,
    NextOpt,
    NoteOpt,
    Outcome,
    PushOpt,
    ReasonOpt,
    SetStatus,
)

if TYPE_CHECKING:
    from r57cli.plan.model import Task
    from r57cli.plan.workspace import Workspace
    from r57cli.record.commit import Outcome as Recorded
    from r57cli.record.progress import Change
    from r57cli.record.yamledit import YamlEditor


# ------------------------------------------------------------------------- the run


def _run(
    plan: Path | None,
    lang: Lang | None,
    task_id: str,
    date_text: str | None,
    dry_run: bool,
    push: bool | None,
    make: Callable[[Task, YamlEditor, date, date, Workspace], Change],
    next_plan: str | None = None,
) -> None:
    from r57cli.commands.written import guarded, notes_or_dry_run, push_if_wanted
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace, check_task_id, parse_date
    from r57cli.record.commit import record
    from r57cli.record.progress import clean_text

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    check_task_id(task_id)
    today = ws.today()
    when = parse_date(date_text, "--date") if date_text else today
    plan_next = clean_text(next_plan, "--next", limit=300, one_line=True) if next_plan else None

    def step(task: Task, ed: YamlEditor) -> Change:
        change = make(task, ed, when, today, ws)
        if plan_next:
            change.trailers["R57-Next"] = plan_next  # the report's next-period plan
        return change

    outcome = guarded(ws, lambda: record(ws, task_id, step, when_for_message=when, dry_run=dry_run))
    notes_or_dry_run(outcome, dry_run)
    short = (outcome.sha or "")[:7]
    typer.echo(say("recorded", subject=_said(outcome), branch=outcome.branch, sha=short))
    for warning in outcome.warnings:
        typer.echo(warning, err=True)
    push_if_wanted(ws, outcome.relpath, outcome.sha, push)


def _said(outcome: Recorded) -> str:
    """What the commit did, for the confirmation line: its subject in English (the commit
    subject stays English); in another language the words `r57 log` uses for the same
    commit, read from its trailers (report/views.describe)."""
    from r57cli.locale.texts import language
    from r57cli.report.views import Entry, describe

    change = outcome.change
    if language() == "en":
        return change.subject
    task = change.task
    trailers = {"R57-Task": task.id, "R57-Unit": task.unit, "R57-Action": change.action}
    entry = Entry(
        sha=outcome.sha or "",
        when="",
        recorded="",
        author="",
        email="",
        task=task.id,
        action=change.action,
        subject=change.subject,
        note="",
        trailers={**trailers, **change.trailers},
    )
    return f"{task.id}: {describe(entry)}"


def _config_push(ws: Workspace) -> bool:
    return ws.repo.config_bool("r57.push") is True


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def _show_problems(exc: Any, ws: Workspace) -> None:
    from r57cli.locale.texts import language
    from r57cli.render import RenderOptions, display_prefix
    from r57cli.render.text import render_text

    typer.echo(str(exc), err=True)
    opts = RenderOptions(lang=language(), display_prefix=display_prefix(ws.plan_dir, Path.cwd()))
    sys.stderr.write(render_text(exc.result, opts))


# ------------------------------------------------------------------------- commands


def update(
    task_id: TaskArg,
    pct: Annotated[
        int | None,
        typer.Option("--pct", min=0, max=100, help="The new percentage (100: use r57 done)."),
    ] = None,
    status: Annotated[
        SetStatus | None,
        typer.Option("--status", help="Set the status too (done and cancelled: see done, cancel)."),
    ] = None,
    note: NoteOpt = None,
    reason: ReasonOpt = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record progress on a task: a new percentage, a status, or a report with a note.

    Makes exactly one commit that changes only the task's file. A lower percentage needs
    --reason. With only --note it records a report that nothing changed.
    """
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        change = progress.update(
            task,
            ed,
            pct=pct,
            status=status.value if status else None,
            note=note,
            reason=reason,
            when=when,
            today=today,
            with_next=bool(next_plan),
        )
        if change.action == "cancel":  # --status cancelled: r57 cancel's rule
            from r57cli.commands.planedit import editor

            change.trailers["R57-By"] = editor(ws, "cancel_by", "cancel", task.id)
        return change

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def done(
    task_id: TaskArg,
    note: NoteOpt = None,
    next_plan: NextOpt = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="Proof: a document number or a URL (repeatable)."),
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The completion date. Default: today."),
    ] = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Mark a task finished: 100%, status done, the completion date and its evidence."""
    from r57cli.commands.schedule import completion

    completion(plan, lang, task_id, note, evidence, date_text, dry_run, push, next_plan)


def start(
    task_id: TaskArg,
    note: NoteOpt = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Mark a task as started (in progress), still at 0%."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return progress.start(task, ed, note=note, when=when, today=today)

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def reopen(
    task_id: TaskArg,
    reason: ReasonOpt = None,
    pct: Annotated[
        int | None, typer.Option("--pct", min=0, max=99, help="The percentage now. Default: as is.")
    ] = None,
    note: NoteOpt = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Reopen a done or cancelled task (back to in progress). Needs --reason."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return progress.reopen(task, ed, pct=pct, reason=reason, note=note, when=when, today=today)

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def block(
    task_id: TaskArg,
    kind: Annotated[Kind, typer.Option("--kind", help="What blocks the task.")],
    reason: Annotated[str, typer.Option("--reason", help="What is blocked and why.")],
    ref: Annotated[
        str | None,
        typer.Option("--ref", help='The document to amend, e.g. "Decree 47/2020/ND-CP".'),
    ] = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a blocker (a decree, circular, budget...) that stops a task."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return progress.block(
            task, ed, kind=kind.value, ref=ref, reason=reason, when=when, today=today
        )

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def unblock(
    task_id: TaskArg,
    blocker_id: Annotated[str, typer.Argument(metavar="BLOCKER_ID", help="e.g. B-1.")],
    note: NoteOpt = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record that a blocker was lifted."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return progress.unblock(task, ed, blocker_id=blocker_id, note=note, when=when, today=today)

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def request(
    task_id: TaskArg,
    need: Annotated[str, typer.Option("--need", help="What is needed.")],
    from_unit: Annotated[
        str,
        typer.Option("--from", help="The unit asked to provide it.", autocompletion=complete_unit),
    ],
    amount: Annotated[
        str | None, typer.Option("--amount", help='How much, e.g. "2 staff" or "1.5 bn VND".')
    ] = None,
    next_plan: NextOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Ask another unit for resources (budget, staff, equipment) for a task."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        unit = ws.check_unit(from_unit)
        return progress.request(
            task, ed, unit=unit, need=need, amount=amount, when=when, today=today
        )

    _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)


def decide(
    task_id: TaskArg,
    request_id: Annotated[str, typer.Argument(metavar="REQUEST_ID", help="e.g. R-1.")],
    outcome: Annotated[Outcome, typer.Option("--outcome", help="What was decided.")],
    note: NoteOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Close a resource request: granted, partly granted, refused or withdrawn."""
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return progress.decide(
            task,
            ed,
            request_id=request_id,
            outcome=outcome.value,
            note=note,
            when=when,
            today=today,
        )

    _run(plan, lang, task_id, date_text, dry_run, push, make)


COMMANDS: dict[str, Callable[..., None]] = {
    "update": update,
    "done": done,
    "start": start,
    "reopen": reopen,
    "cancel": cancel,
    "block": block,
    "unblock": unblock,
    "request": request,
    "decide": decide,
}
