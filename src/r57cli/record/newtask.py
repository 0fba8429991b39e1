"""A new task for `r57 task add`: its planned fields from a YAML snippet and the options,
checked, given the next free ID, and written as a task file in the shape `r57 import`
writes (the schema line, a comment saying where it came from, the fields in the model's
order). Pure but for reading the plan's IDs and people from the Workspace."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.errors import ExitCode, R57Error
from r57cli.locale.texts import say
from r57cli.plan.workspace import Workspace
from r57cli.record.yamltext import render_scalar

TASK_HEADER = "# yaml-language-server: $schema=../../../schemas/task.schema.json"
# The fields a plan gives a task; progress and its records come later, by the commands.
PLANNED = (
    "id",
    "title",
    "unit",
    "co_units",
    "responsible",
    "start",
    "due",
    "deliverable",
    "submission",
    "legal_basis",
    "milestones",
    "depends_on",
    "targets",
    "note",
)


class DraftError(R57Error):
    exit_code = ExitCode.INVALID


def from_snippet(raw: bytes, source: str) -> dict[str, Any]:
    """The planned fields of a YAML snippet (a task file's shape, `id` optional)."""
    from r57cli.plan.planfile import load

    loaded = load("tasks/new.yaml", raw)
    errors = [d for d in loaded.diagnostics if d.severity.value == "error"]
    if errors or not isinstance(loaded.data, dict):
        line = errors[0].line if errors else 1
        raise DraftError(say("edit-bad-snippet", source=source, line=line))
    data = dict(loaded.data)
    extra = [k for k in data if k not in PLANNED]
    if extra:
        names = ", ".join(str(k) for k in extra)
        raise DraftError(say("edit-not-planned", source=source, fields=names))
    return data


def next_id(ws: Workspace) -> str:
    """T-NNN after the plan's highest T- number, as `r57 import` numbers."""
    taken = set(ws.task_ids())
    n = max((int(t[2:]) for t in taken if t.startswith("T-") and t[2:].isdigit()), default=0)
    return f"T-{n + 1:03d}"


def people(ws: Workspace) -> dict[str, set[str]]:
    """Each person ID in units.yaml and the units they belong to."""
    out: dict[str, set[str]] = {}
    for unit in ws.units_data:
        for member in unit.get("members") or []:
            if isinstance(member, dict) and isinstance(member.get("id"), str):
                out.setdefault(member["id"], set()).add(str(unit.get("id")))
    return out


def check_person(ws: Workspace, person: str) -> str:
    import difflib

    known = people(ws)
    if person not in known:
        suggest = difflib.get_close_matches(person, list(known), n=3, cutoff=0.5)
        hint = say("did-you-mean", ids=", ".join(suggest)) if suggest else ""
        raise R57Error(say("edit-unknown-person", person=person, suggest=hint))
    return person


def check_draft(ws: Workspace, data: dict[str, Any]) -> Any:
    """The draft as a Task, or an error naming each field that is wrong."""
    from pydantic import ValidationError

    from r57cli.plan.model import Task

    for key in ("unit", "responsible"):
        if not isinstance(data.get(key), str):
            raise DraftError(say("edit-missing", field=key, option=f"--{key}"))
    ws.check_unit(data["unit"])
    for unit in data.get("co_units") or []:
        ws.check_unit(str(unit))
    check_person(ws, data["responsible"])
    if data["id"] in ws.task_ids():
        raise DraftError(say("edit-id-taken", task=data["id"], path=ws.task_path(data["id"])))
    try:
        return Task.model_validate(data)
    except ValidationError as exc:
        raise DraftError(say("edit-bad-task", task=data["id"], problems=_problems(exc))) from None


def _problems(exc: Any) -> str:
    """Each field's problem in r57's words, as `r57 validate` says them (never pydantic's
    English "Input should be ..."), each naming its field, with its fix. The draft has no
    file yet, so no place."""
    from r57cli.locale.messages import render
    from r57cli.locale.texts import language
    from r57cli.plan.model import Task
    from r57cli.plan.yamlevents import LoadedFile
    from r57cli.validate.schema import translate

    out = []
    for diag in translate(LoadedFile("-"), Task, exc):  # each message names its field
        message, hint = render(diag.code, diag.args, language())
        out.append(f"{message} ({hint})")
    return "; ".join(out)


def task_text(data: dict[str, Any], comment: str) -> str:
    """The task file, fields in the model's order, with the schema line and `comment`."""
    lines = [TASK_HEADER, f"# {comment}", f"id: {data['id']}"]
    title = data["title"]
    lines += [
        "title:",
        f"  en: {render_scalar(title['en'])}",
        f"  vi: {render_scalar(title['vi'])}",
    ]
    lines += ["", f"unit: {data['unit']}"]
    if data.get("co_units"):
        lines.append("co_units: [" + ", ".join(data["co_units"]) + "]")
    for key in ("responsible", "start", "due", "deliverable", "submission"):
        lines.append(f"{key}: {render_scalar(data[key])}")
    for key in ("legal_basis", "depends_on", "targets"):
        if data.get(key):
            lines.append(f"{key}: [{', '.join(render_scalar(v, flow=True) for v in data[key])}]")
    if data.get("milestones"):
        lines += ["", "milestones:"]
        for point in data["milestones"]:
            lines += [f"  - date: {render_scalar(point['date'])}"]
            lines += [f"    planned_pct: {point['planned_pct']}"]
            if point.get("label"):
                lines += [f"    label: {render_scalar(point['label'])}"]
    if data.get("note"):
        lines += ["", f"note: {render_scalar(data['note'])}"]
    return "\n".join(lines) + "\n"


def milestone(day: date, pct: int, label: str | None) -> dict[str, Any]:
    return {"date": day, "planned_pct": pct, **({"label": label} if label else {})}
