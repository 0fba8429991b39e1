"""What a re-import did, or would do: the tasks added, the tasks changed field by field
(old → new), reassigned (the file's move), rescheduled, and the tasks the table no longer
has with the command that would cancel each; as text to read, or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.plan.workspace import Workspace
from r57cli.start.importer import Imported
from r57cli.start.rows import Problem

_CANCEL = 'r57 cancel {task} --reason "…" --decision "…"'


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def text_lines(made: Imported, ws: Workspace, source: Path, dry_run: bool) -> list[str]:
    out: list[str] = []
    if made.nothing:
        out.append(rsay("reimp-nothing", path=source))
    elif dry_run:
        out.append(rsay("reimp-dry-run"))
    else:
        branch = ws.repo.branch()
        sha = made.sha[:7]
        out.append(rsay("reimp-done", path=source, plan=ws.plan_dir, sha=sha, branch=branch))
    if made.added:
        out.append(rsay("reimp-added", n=len(made.added)))
        for draft, task_id in made.added:
            out.append(
                f"  {task_id} ({rsay('reimp-row', row=draft.row)}): {_short(draft.title_vi)}"
            )
    groups = {
        "reimp-changed": [c for c in made.changes if not c.moved and not c.rescheduled],
        "reimp-moved": [c for c in made.changes if c.moved],
        "reimp-rescheduled": [c for c in made.changes if c.rescheduled and not c.moved],
    }
    for key, chosen in groups.items():
        if not chosen:
            continue
        out.append(rsay(key, n=len(chosen)))
        for c in chosen:
            row = rsay("reimp-row", row=c.draft.row)
            out.append(f"  {c.task_id} ({row}, {ws.plan_rel}{c.rel})")
            if c.moved:
                out.append("    " + rsay("reimp-file-moves", path=ws.plan_rel + c.new_rel))
            for name, (old, new) in c.fields.items():
                out.append(f"    {name}: {old} → {new}")  # whole: a change may be at the end
    if made.missing:
        out.append(rsay("reimp-missing", n=len(made.missing)))
        for k in made.missing:
            out.append(f"  {k.task_id} ({ws.plan_rel}{k.rel}): {_short(k.title)}")
            out.append("    " + _CANCEL.format(task=k.task_id))
    return out


def as_json(made: Imported, ws: Workspace, dry_run: bool) -> str:
    rel = ws.plan_rel
    doc: dict[str, Any] = {
        "source": made.table.source,
        "sheet": made.table.sheet,
        "dry_run": dry_run,
        "commit": made.sha or None,
        "added": [
            {
                "task": task_id,
                "row": draft.row,
                "path": f"{rel}tasks/{draft.unit}/{task_id}.yaml",
                "title": draft.title_vi,
            }
            for draft, task_id in made.added
        ],
        "changed": [
            {
                "task": c.task_id,
                "row": c.draft.row,
                "path": rel + c.rel,
                "new_path": rel + c.new_rel,
                "reassigned": c.moved,
                "rescheduled": c.rescheduled,
                "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()},
            }
            for c in made.changes
        ],
        "missing": [
            {
                "task": k.task_id,
                "path": rel + k.rel,
                "title": k.title,
                "cancel": _CANCEL.format(task=k.task_id),
            }
            for k in made.missing
        ],
        "skipped": [str(p) for p in made.skipped],
        "headings": made.headings,
        "notes": made.notes,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def problems_json(problems: list[Problem], source: str, lang: str) -> str:
    """The rows `r57 import` refused (start/importer.py BadRows), each at its place, with
    what is wrong and how to fix it in the run's language; the shape is in docs/import.md."""
    from r57cli.locale.reportwords import rsay_parts

    out = []
    for p in problems:
        letter, _, header = p.column.partition(" (")
        message, fix = rsay_parts(p.kind, **p.fields) if p.kind else (p.reason, "")
        out.append(
            {
                "sheet": p.sheet,
                "row": p.row,
                "column": letter or None,
                "header": header[:-1] if header else None,
                "code": p.kind or None,
                "message": message,
                "fix": fix,
                "text": str(p),
            }
        )
    doc = {"source": source, "language": lang, "written": False, "problems": out}
    return json.dumps(doc, ensure_ascii=False, indent=2)
