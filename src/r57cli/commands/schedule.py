"""The schedule commands: reschedule (a coordinator moves start, due or milestones, and may
grant an extension request with it), extend (a unit asks for more time), confirm (a
coordinator accepts a claimed completion date), and the proof and claim of `r57 done`.

Like the staff commands, each parses its options, builds one step (record/schedule.py) and
hands it to record() through staff._run: one commit, or nothing. Who may reschedule and
confirm is checked here, before anything is written, from git's user.email and the roles in
units.yaml against policy.reschedule_by (the pull-request check enforces the same rule).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt, TaskArg
from r57cli.commands.staff import _run
from r57cli.commands.staffopts import DateOpt, DryRunOpt, NoteOpt, PushOpt

if TYPE_CHECKING:
    from r57cli.plan.model import Policy, Task
    from r57cli.plan.workspace import Workspace
    from r57cli.record.progress import Change
    from r57cli.record.schedule import NewMilestone
    from r57cli.record.yamledit import YamlEditor


def policy(ws: Workspace) -> Policy:
    """plan.yaml's policy; the defaults when it has none (or one validate refuses)."""
    from pydantic import ValidationError

    from r57cli.plan.model import Policy

    data = ws.plan_data.get("policy")
    try:
        return Policy.model_validate(data if isinstance(data, dict) else {})
    except ValidationError:
        return Policy()


def coordinator(ws: Workspace, task: Task, command: str) -> str:
    """The person ID of the one running `command`, who must hold a role that
    policy.reschedule_by names; else an error saying whom to ask."""
    from r57cli.locale.texts import say
    from r57cli.record.progress import StepError

    _, email = ws.repo.identity()
    person, _, roles = ws.person_by_email(email)
    allowed = policy(ws).reschedule_by
    if person is None or not roles & set(allowed):
        who = person or email
        key = "not-coordinator" if command == "reschedule" else "not-coordinator-confirm"
        raise StepError(say(key, who=who, roles=", ".join(allowed), task=task.id))
    return person


def parse_milestone(text: str) -> NewMilestone:
    """--milestone DATE:PCT[:LABEL], e.g. 2027-03-31:60 or "2027-03-31:60:Draft ready"."""
    from r57cli.locale.texts import say
    from r57cli.plan.workspace import parse_date
    from r57cli.record.progress import StepError
    from r57cli.record.schedule import NewMilestone, one_line

    day, _, rest = text.partition(":")
    pct, _, label = rest.partition(":")
    if not pct.strip().isdigit():
        raise StepError(say("bad-milestone", value=text))
    if int(pct) > 100:
        raise StepError(say("milestone-over-100", value=text, pct=int(pct)))
    when = parse_date(day.strip(), "--milestone")
    return NewMilestone(when, int(pct), one_line(label, "--milestone") if label else None)


def _date(text: str | None, option: str) -> date | None:
    from r57cli.plan.workspace import parse_date

    return parse_date(text, option) if text is not None else None


ApprovedOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="The day it was approved, if not today."),
]


# ------------------------------------------------------------------------- commands


def reschedule(
    task_id: TaskArg,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the schedule moves (required).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="The new due date.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="YYYY-MM-DD", help="The new start date.")
    ] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(
            "--milestone",
            metavar="DATE:PCT[:LABEL]",
            help="A milestone, once per milestone, in order: the whole new list. With as "
            "many as before, each keeps its label unless one is given.",
        ),
    ] = None,
    shift: Annotated[
        bool,
        typer.Option(
            "--shift-milestones",
            help="Move the milestones still ahead with the due: each keeps its place in "
            "what is left of the period; the one on the old due lands on the new one, even "
            "when it has passed; the other ones already passed stay.",
        ),
    ] = False,
    decision: Annotated[
        str | None,
        typer.Option("--decision", help='The document that approved it, e.g. "123/QĐ-BTTTT".'),
    ] = None,
    grants: Annotated[
        str | None,
        typer.Option(
            "--grants",
            metavar="R-N",
            help="The extension request this grants (the due defaults to the one asked).",
        ),
    ] = None,
    date_text: ApprovedOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record an approved change of a task's start, due or milestones (coordinators and
    admins; see policy.reschedule_by). One commit: the dates edited in place and an entry
    appended to the task's reschedules: list with the values before and after."""
    from r57cli.record import schedule

    new_due, new_start = _date(due, "--due"), _date(start, "--start")
    new_ms = [parse_milestone(m) for m in milestone] if milestone else None

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        by = coordinator(ws, task, "reschedule")
        return schedule.reschedule(
            task,
            ed,
            by=by,
            reason=reason,
            decision=decision,
            due=new_due,
            start=new_start,
            milestones=new_ms,
            shift=shift,
            grants=grants,
            require_decision=policy(ws).require_decision,
            when=when,
            today=today,
        )

    _run(plan, lang, task_id, date_text, dry_run, push, make)


def extend(
    task_id: TaskArg,
    to: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", help="The due date asked for.")],
    reason: Annotated[str, typer.Option("--reason", help="Why more time is needed.")],
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Ask for more time: an extension request that a coordinator grants (r57 reschedule
    --grants R-N) or refuses (r57 decide TASK R-N --outcome refused)."""
    from r57cli.plan.workspace import parse_date
    from r57cli.record import schedule

    asked = parse_date(to, "--to")

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        return schedule.extend(task, ed, to=asked, reason=reason, when=when, today=today)

    _run(plan, lang, task_id, date_text, dry_run, push, make)


def confirm(
    task_id: TaskArg,
    note: NoteOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Confirm a claimed completion date (one recorded days later): on-time is then judged
    by the completion date, not by the day it was recorded. Coordinators and admins."""
    from r57cli.record import schedule

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        by = coordinator(ws, task, "confirm")
        return schedule.confirm(task, ed, by=by, note=note, when=when, today=today)

    _run(plan, lang, task_id, date_text, dry_run, push, make)


def completion(
    plan: PlanOpt,
    lang: LangOpt,
    task_id: str,
    note: str | None,
    evidence: list[str] | None,
    date_text: str | None,
    dry_run: bool,
    push: bool | None,
    next_plan: str | None = None,
) -> None:
    """`r57 done`: the step with its proof, and a note when the date is only a claim."""
    from r57cli.locale.texts import say
    from r57cli.record import schedule

    claims: list[str] = []

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        rules = policy(ws)
        change = schedule.done(
            task,
            ed,
            note=note,
            evidence=evidence or [],
            require_evidence=rules.require_evidence,
            max_backdate_days=rules.max_backdate_days,
            when=when,
            today=today,
        )
        if "R57-Recorded" in change.trailers:
            days = rules.max_backdate_days
            claims.append(say("claim-note", task=task.id, date=when, today=today, days=days))
        return change

    try:
        _run(plan, lang, task_id, date_text, dry_run, push, make, next_plan)
    except typer.Exit as exc:
        if exc.exit_code == 0:  # a dry run shows the note too
            _say_all(claims)
        raise
    _say_all(claims)


def _say_all(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)


COMMANDS: dict[str, Callable[..., None]] = {
    "reschedule": reschedule,
    "extend": extend,
    "confirm": confirm,
}
