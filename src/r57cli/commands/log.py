"""`r57 log [TASK | --unit U]`: progress commits as a readable list, newest first."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from r57cli.commands.options import LangOpt, PlanOpt, complete_task, complete_unit


class Format(StrEnum):
    text = "text"
    json = "json"


SHORT = "Progress commits as a readable list: who reported what, and when."


def command(
    task_id: Annotated[
        str | None,
        typer.Argument(metavar="[TASK]", help="Only this task.", autocompletion=complete_task),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="Only this unit's tasks.", autocompletion=complete_unit),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 50,
    everything: Annotated[
        bool, typer.Option("--all", "-a", help="Every entry, however many.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Progress commits as a readable list, newest first: the report's date, who made it,
    the task, what changed and the note. Commits that edited task files by hand show as
    edits."""
    from r57cli.locale.messages import printable
    from r57cli.locale.texts import fmt_date, label, set_language
    from r57cli.plan.workspace import Workspace
    from r57cli.render.table import fit, format_table
    from r57cli.report.views import history, history_count, task_pathspec, timeline_text

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    if task_id is not None:
        ws.task_path(task_id)  # an unknown ID gets "did you mean"
        spec = task_pathspec(ws, task_id)
        reports = {"R57-Task": task_id}
    elif unit is not None:
        spec = f"{ws.plan_rel}tasks/{ws.check_unit(unit)}/"
        reports = {"R57-Unit": unit}
    else:
        spec = f"{ws.plan_rel}tasks/"
        reports = {}
    # One more than shown, to know whether any were left out without counting every time.
    entries = history(ws, [spec], limit=None if everything else limit + 1, reports=reports)
    left_out = ""
    if not everything and len(entries) > limit:
        entries = entries[:limit]
        total = max(history_count(ws, [spec], reports), limit + 1)
        left_out = label("log-left-out", shown=limit, total=total, left=total - limit)
    if fmt is Format.json:
        typer.echo(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        if left_out:
            typer.echo(fit(left_out), err=True)  # the JSON on stdout stays a plain list
        return
    if not entries:
        typer.echo(label("no-history"))
        return
    headers = [
        (label("col-date"), "left"),
        (label("col-who"), "left"),
        (label("col-id"), "left"),
        (label("col-commit"), "left"),
        (label("col-what"), "left"),
    ]
    body = []
    for e in entries:
        shown = timeline_text(e)
        body.append([fmt_date(e.when), printable(e.author), e.task or "—", e.sha[:7], shown])
    # The free text last: a long note never pads the other rows when output is piped.
    typer.echo(format_table(headers, body, free=4, wrap_free=True), nl=False)
    if left_out:
        typer.echo(fit(left_out))
