"""The plan-editing commands: `r57 task add` (a new task, from options or a YAML snippet)
and `r57 assign` (a task given to another unit or person; its file moves to the new unit's
folder in the same commit). `r57 cancel` is a staff command (staff.py) that asks the same
question first: whether the one running it holds a role the policy names for it.

Each builds its change and hands it to record/planedit.py: one commit, or nothing. Who may
run them is checked here, before anything is written, from git's user.email and the roles
in units.yaml against policy.add_task_by / assign_by / cancel_by; `r57 check` enforces the
same rule on the pull request (gate/planedits.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.options import LangOpt, PlanOpt, TaskArg, complete_unit, group_lang
from r57cli.commands.staffopts import DateOpt, DryRunOpt, NoteOpt, PushOpt
from r57cli.commands.staffopts import ReasonOpt as CancelReasonOpt

if TYPE_CHECKING:
    from r57cli.plan.model import Task
    from r57cli.plan.workspace import Workspace
    from r57cli.record.planedit import Written
    from r57cli.record.progress import Change
    from r57cli.record.yamledit import YamlEditor

app = typer.Typer(
    name="task",
    help="Edit the plan's tasks: add one (r57 task add).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.callback()(group_lang)

ADD_SHORT = "Add a task to the plan, from options or a YAML snippet (one commit)."
ASSIGN_SHORT = "Give a task to another unit or person (one commit; the file moves)."

DecisionOpt = Annotated[
    str | None,
    typer.Option("--decision", help='The document that decided it, e.g. "123/QĐ-BTTTT".'),
]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why (one line).")]


def editor(ws: Workspace, key: str, command: str, task_id: str) -> str:
    """The person ID of the one running `r57 command`, who must hold a role that policy.key
    names; else an error saying who may."""
    from r57cli.commands.schedule import policy
    from r57cli.locale.texts import say
    from r57cli.record.progress import StepError

    _, email = ws.repo.identity()
    person, _, roles = ws.person_by_email(email)
    allowed: list[str] = getattr(policy(ws), key)
    if person is None or not roles & set(allowed):
        who = person or email
        raise StepError(
            say("edit-not-allowed", who=who, roles=", ".join(allowed) or "-", policy=key,
                command=command, task=task_id)
        )  # fmt: skip
    return person


def _one_line(value: str | None, option: str) -> str | None:
    from r57cli.record.progress import clean_text

    return clean_text(value, option, limit=300, one_line=True) if value is not None else None


def _show(ws: Workspace, made: Written, dry_run: bool, push: bool | None) -> None:
    from r57cli.commands.written import notes_or_dry_run, push_if_wanted
    from r57cli.locale.texts import say

    notes_or_dry_run(made, dry_run)
    short = (made.sha or "")[:7]
    typer.echo(say("recorded", subject=_said(made), branch=made.branch, sha=short))
    push_if_wanted(ws, made.relpath, made.sha, push)


def _said(made: Written) -> str:
    """The commit's subject in English, else the words `r57 log` uses for it."""
    from r57cli.locale.texts import language
    from r57cli.report.views import Entry, describe

    change = made.change
    if language() == "en":
        return change.subject
    task = change.task
    trailers = {"R57-Task": task.id, "R57-Unit": task.unit, "R57-Action": change.action}
    entry = Entry(
        sha=made.sha or "",
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


def _guarded(ws: Workspace, run: Callable[[], Written]) -> Written:
    from r57cli.commands.written import guarded

    return guarded(ws, run)


def _open(plan: Path | None, lang: Any) -> Workspace:
    from r57cli.locale.texts import set_language
    from r57cli.plan.workspace import Workspace

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    return ws


# ------------------------------------------------------------------------- task add


@app.command("add", short_help=ADD_SHORT)
def add(
    source: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="FILE", help="A YAML snippet in a task file's shape; - reads stdin."
        ),
    ] = None,
    task_id: Annotated[
        str | None, typer.Option("--id", help="The task ID. Default: the next free T-NNN.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The title in English.")] = None,
    title_vi: Annotated[
        str | None, typer.Option("--title-vi", help="The title in Vietnamese.")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="The lead unit.", autocompletion=complete_unit),
    ] = None,
    responsible: Annotated[
        str | None, typer.Option("--responsible", help="The person responsible (a person ID).")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", help="The start date. Default: today."),
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="The due date.")
    ] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(
            "--milestone",
            metavar="DATE:PCT[:LABEL]",
            help="A milestone, once per milestone. Default: 100% on the due date.",
        ),
    ] = None,
    co_unit: Annotated[
        list[str] | None,
        typer.Option(
            "--co-unit",
            metavar="UNIT",
            help="A co-operating unit (repeatable).",
            autocompletion=complete_unit,
        ),
    ] = None,
    deliverable: Annotated[
        str | None,
        typer.Option(
            "--deliverable", help="The kind of result: decree, circular, report... Default: other."
        ),
    ] = None,
    submission: Annotated[
        str | None,
        typer.Option(
            "--submission", help="Who approves the result: minister, government... Default: unit."
        ),
    ] = None,
    product: Annotated[
        str | None, typer.Option("--product", help="The product, in words (goes into the note).")
    ] = None,
    basis: Annotated[
        list[str] | None,
        typer.Option(
            "--basis",
            metavar="DOC",
            help='A document the task comes from, e.g. "57-NQ/TW" (repeatable).',
        ),
    ] = None,
    decision: DecisionOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a task to the plan (people with a role in policy.add_task_by). One commit that
    adds only the new file, in the lead unit's folder, after the whole plan is checked."""
    from r57cli.commands.schedule import parse_milestone
    from r57cli.plan.workspace import check_task_id, parse_date
    from r57cli.record import newtask
    from r57cli.record.planedit import add_task
    from r57cli.record.progress import Change

    ws = _open(plan, lang)
    data: dict[str, Any] = {}
    if source is not None:
        data = newtask.from_snippet(_read(source), source)
    flags: dict[str, Any] = {
        "id": check_task_id(task_id) if task_id else None,
        "unit": unit,
        "responsible": responsible,
        "start": parse_date(start, "--start") if start else None,
        "due": parse_date(due, "--due") if due else None,
        "co_units": co_unit or None,
        "deliverable": deliverable,
        "submission": submission,
        "legal_basis": [_one_line(b, "--basis") for b in basis] if basis else None,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    if title or title_vi:
        found = data.get("title")
        given: dict[str, Any] = found if isinstance(found, dict) else {}
        en = _one_line(title, "--title") or given.get("en") or title_vi
        vi = _one_line(title_vi, "--title-vi") or given.get("vi") or title
        data["title"] = {"en": en, "vi": vi}
    if milestone:
        data["milestones"] = [
            newtask.milestone(m.date, m.planned_pct, m.label)
            for m in (parse_milestone(x) for x in milestone)
        ]
    if product:
        data["note"] = " ".join(filter(None, [data.get("note"), _one_line(product, "--product")]))
    today = ws.today()
    data.setdefault("id", newtask.next_id(ws))
    data.setdefault("start", today)
    data.setdefault("deliverable", "other")
    data.setdefault("submission", "unit")
    if "due" in data and "milestones" not in data:
        data["milestones"] = [newtask.milestone(_day(data["due"]), 100, None)]
    elif "due" in data and milestone:
        _finish_at_due(data["milestones"], _day(data["due"]))
    by = editor(ws, "add_task_by", "task add", str(data["id"]))
    task = newtask.check_draft(ws, data)
    note = _one_line(decision, "--decision")
    where = f"r57 task add, {today.isoformat()}" + (f", {note}" if note else "")
    raw = newtask.task_text(task.model_dump(mode="python"), where).encode("utf-8")
    trailers = {"R57-By": by, **({"R57-Decision": note} if note else {})}
    subject = f"{task.id}: added to the plan ({task.unit})"
    change = Change(task, "task-add", subject, None, trailers)
    plan_path = f"tasks/{task.unit}/{task.id}.yaml"
    made = _guarded(ws, lambda: add_task(ws, plan_path, raw, change, when=today, dry_run=dry_run))
    _show(ws, made, dry_run, push)


def _day(value: Any) -> date:
    from r57cli.plan.workspace import parse_date

    return value if isinstance(value, date) else parse_date(str(value), "due")


def _read(source: str) -> bytes:
    from r57cli.errors import R57Error
    from r57cli.locale.texts import say

    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise R57Error(say("edit-cannot-read", path=source, reason=exc.strerror or exc)) from None


# ------------------------------------------------------------------------- assign


def assign(
    task_id: TaskArg,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="The new lead unit.", autocompletion=complete_unit),
    ] = None,
    responsible: Annotated[
        str | None,
        typer.Option(
            "--responsible",
            help="The new person responsible. Default: as is, if "
            "they belong to the new unit, else its focal person.",
        ),
    ] = None,
    reason: ReasonOpt = None,
    decision: DecisionOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Give a task to another unit or person (people with a role in policy.assign_by). One
    commit: unit and responsible edited in place, and the file moved to the new unit's
    folder, so that git log --follow still follows it."""
    from r57cli.plan.workspace import check_task_id
    from r57cli.record import newtask
    from r57cli.record.planedit import move_task

    ws = _open(plan, lang)
    check_task_id(task_id)
    today = ws.today()
    new_unit = ws.check_unit(unit) if unit else None
    new_person = newtask.check_person(ws, responsible) if responsible else None
    why, note = _one_line(reason, "--reason"), _one_line(decision, "--decision")

    def step(task: Task, ed: YamlEditor) -> Change:
        from r57cli.record.planedit import reassign

        by = editor(ws, "assign_by", "assign", task.id)
        return reassign(ws, task, ed, unit=new_unit, person=new_person, by=by, reason=why,
                        decision=note)  # fmt: skip

    made = _guarded(ws, lambda: move_task(ws, task_id, step, when=today, dry_run=dry_run))
    _show(ws, made, dry_run, push)


# ------------------------------------------------------------------------- cancel


def cancel(
    task_id: TaskArg,
    reason: CancelReasonOpt = None,
    decision: DecisionOpt = None,
    note: NoteOpt = None,
    date_text: DateOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Cancel a task that will not be done. Needs --reason.

    For people with a role in policy.cancel_by (coordinators and admins unless plan.yaml
    says otherwise). Reports keep showing the task, as cancelled."""
    from r57cli.commands.staff import _run
    from r57cli.record import progress

    def make(task: Task, ed: YamlEditor, when: date, today: date, ws: Workspace) -> Change:
        change = progress.cancel(task, ed, reason=reason, note=note, when=when, today=today)
        decided = _one_line(decision, "--decision")  # in the run's language, as the rest
        if decided:
            change.trailers["R57-Decision"] = decided
        # Asked after the step's own checks (only the editor's copy has changed), so a
        # mistyped date or a missing reason is said first.
        change.trailers["R57-By"] = editor(ws, "cancel_by", "cancel", task.id)
        return change

    _run(plan, lang, task_id, date_text, dry_run, push, make)


def _finish_at_due(points: list[dict[str, Any]], due: date) -> None:
    """Milestones from the flags that stop short of 100% before the due date get the last
    one there (`--milestone 2026-06-30:40` alone plans 40% by June and 100% at the due, as
    the plan curve reads it), rather than a task file the validator warns about."""
    from r57cli.record import newtask

    if not points:
        return
    final = max(points, key=lambda m: m["date"])
    if final["planned_pct"] < 100 and final["date"] < due:
        points.append(newtask.milestone(due, 100, None))
