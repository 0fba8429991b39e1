"""`r57 unit add` and `r57 unit merge`: change the plan's units, one commit each, by a
person holding a role that policy.edit_units_by names (the pull-request check enforces the
same rule, and refuses a hand edit of units.yaml that adds or merges a unit).

Like the staff commands, each parses its options, builds the step (record/units.py) and
hands it to record_units (record/unitcommit.py): one commit, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt, complete_unit, group_lang
from r57cli.commands.staffopts import DryRunOpt, NoteOpt, PushOpt

if TYPE_CHECKING:
    from r57cli.commands.options import Lang
    from r57cli.plan.workspace import Workspace
    from r57cli.record.units import UnitChange

app = typer.Typer(
    name="unit",
    help="Add a unit, or merge one into another.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.callback()(group_lang)

UnitArg = Annotated[
    str, typer.Argument(metavar="UNIT", help="A unit ID, e.g. ndta.", autocompletion=complete_unit)
]


def editor(ws: Workspace, unit: str) -> str:
    """The person ID of the one running the command, who must hold a role that
    policy.edit_units_by names; else an error saying whom to ask."""
    from r57cli.commands.schedule import policy
    from r57cli.locale.texts import say
    from r57cli.record.progress import StepError

    _, email = ws.repo.identity()
    person, _, roles = ws.person_by_email(email)
    allowed = policy(ws).edit_units_by
    if person is None or not roles & set(allowed):
        raise StepError(say("not-unit-editor", who=person or email, roles=", ".join(allowed)))
    return person


def _run(
    plan: object,
    lang: Lang | None,
    unit: str,
    date_text: str | None,
    dry_run: bool,
    push: bool | None,
    make: Callable[[Workspace, date, date], UnitChange],
) -> None:
    from pathlib import Path

    from r57cli.commands.written import guarded, notes_or_dry_run, push_if_wanted
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace, parse_date
    from r57cli.record.unitcommit import record_units

    ws = Workspace.find(plan if isinstance(plan, Path) else None)
    set_language(lang.value if lang else None, ws.language)
    today = ws.today()
    when = parse_date(date_text, "--date") if date_text else today
    editor(ws, unit)

    def build(ws: Workspace) -> UnitChange:
        return make(ws, when, today)

    outcome = guarded(ws, lambda: record_units(ws, build, when=today, dry_run=dry_run))
    notes_or_dry_run(outcome, dry_run)
    short = (outcome.sha or "")[:7]
    change = outcome.change
    if change.action == "unit-merge":
        said = say(
            "unit-merged",
            unit=change.unit,
            into=change.trailers["R57-Into"],
            date=change.trailers["R57-Merged-On"],
            n=change.trailers["R57-Tasks-Moved"],
        )
    else:
        said = say("unit-added", unit=change.unit)
    typer.echo(say("recorded", subject=said, branch=outcome.branch, sha=short))
    push_if_wanted(ws, ws.plan_rel + "units.yaml", outcome.sha, push)


def _tasks_naming(ws: Workspace, unit: str) -> dict[str, bytes]:
    """Every task file (plan-relative) whose text names the unit at all: the merge reads
    only those (a national plan has 10,000 files; a unit names a few hundred)."""
    needle = unit.encode()
    out: dict[str, bytes] = {}
    for path in ws.task_ids().values():
        raw = (ws.plan_dir / path).read_bytes()
        if needle in raw:
            out[path] = raw
    return out


@app.command("add", short_help="Add a unit to units.yaml (one commit).")
def add(
    unit: UnitArg,
    name: Annotated[str, typer.Option("--name", help="The unit's name in English.")],
    name_vi: Annotated[str, typer.Option("--name-vi", help="The unit's name in Vietnamese.")],
    short: Annotated[
        str | None, typer.Option("--short", help='Its abbreviation, e.g. "Cục CĐSQG".')
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option("--parent", help="The unit it belongs to.", autocompletion=complete_unit),
    ] = None,
    member: Annotated[
        list[str] | None,
        typer.Option(
            "--member",
            metavar="PERSON[:NAME:EMAIL]",
            help="A person of the unit, once per person: the ID of someone in units.yaml "
            "(moved here from their unit), or ID:Full name:e-mail for someone new.",
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Add a unit to units.yaml: one commit, by a person with a role in
    policy.edit_units_by (admins by default)."""
    from r57cli.record import units

    def make(ws: Workspace, when: date, today: date) -> UnitChange:
        raw = (ws.plan_dir / "units.yaml").read_bytes()
        return units.add(
            raw,
            unit_id=unit,
            name_en=name,
            name_vi=name_vi,
            short=short,
            parent=parent,
            members=member or [],
        )

    _run(plan, lang, unit, None, dry_run, push, make)


@app.command("merge", short_help="Merge a unit into another from a day on (one commit).")
def merge(
    unit: UnitArg,
    into: Annotated[
        str,
        typer.Option("--into", help="The unit that carries on.", autocompletion=complete_unit),
    ],
    date_text: Annotated[
        str,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The day the merge takes effect."),
    ],
    decision: Annotated[
        str, typer.Option("--decision", help='The document that decided it, e.g. "123/QĐ-BTTTT".')
    ],
    note: NoteOpt = None,
    dry_run: DryRunOpt = False,
    push: PushOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Merge UNIT into another unit from a day on: its tasks (their unit: and their files,
    whose history git follows) and its members move to the unit that carries on; UNIT
    stays in units.yaml as a record (merged_into:, merged_on:, decision:), so that reports
    of periods before that day still show it with its own row and name. One commit."""
    from r57cli.record import units

    def make(ws: Workspace, when: date, today: date) -> UnitChange:
        raw = (ws.plan_dir / "units.yaml").read_bytes()
        tasks = _tasks_naming(ws, unit)
        return units.merge(
            raw, tasks, old=unit, into=into, on=when, decision=decision, note=note, today=today
        )

    _run(plan, lang, unit, date_text, dry_run, push, make)
