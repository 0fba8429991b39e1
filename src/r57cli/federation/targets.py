"""National targets, top-down and bottom-up: for each target of federation.yaml, the
members that must contribute and those that registered tasks for it (a task's `targets:`),
their progress against the target's due date, and every required member that registered
nothing, listed as a gap. Which targets a task serves is read at the member's fetched
commit; its figures are the period's."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.federation.members import MemberState
from r57cli.federation.merge import tag
from r57cli.report.period import TaskRow


def served(state: MemberState) -> dict[str, list[str]]:
    """Task ID (member/ID) -> the target IDs its file names, from the copied-out plan."""
    from r57cli.plan.planfile import load

    out: dict[str, list[str]] = {}
    if state.plan_dir is None:
        return out
    for path in sorted(state.plan_dir.glob("tasks/*/*.yaml")):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if b"targets:" not in raw:
            continue
        data = load(path.name, raw).data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        found = data.get("targets")
        if isinstance(found, list):
            out[tag(state.id, data["id"])] = [t for t in found if isinstance(t, str)]
    return out


def section(
    targets: list[dict[str, Any]],
    states: list[MemberState],
    tasks: list[TaskRow],
    ref: date,
    scoped: set[str] | None = None,
    serving: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """`scoped`: the members --unit MEMBER/UNIT or --person narrowed (their tasks for a
    target outside the filter are not a gap: the member is marked not_shown). `serving`:
    served() of every member, when the workers read it already."""
    if not targets:
        return []  # nothing to read: 100 members' task files cost seconds
    if serving is None:
        serving = {}
        for state in states:
            serving.update(served(state))
    rows = {r.id: r for r in tasks}
    kinds = {s.id: s.info.get("kind") for s in states}
    order = [s.id for s in states]
    with_data = {s.id for s in states if s.has_data}
    out = []
    for target in targets:
        tid = str(target.get("id"))
        due = target.get("due")
        due_day = due if isinstance(due, date) else None
        wanted = set(target.get("members") or [])
        wanted |= {m for m, k in kinds.items() if k in (target.get("kinds") or [])}
        if not target.get("members") and not target.get("kinds"):
            wanted = set(order)
        mine: dict[str, list[TaskRow]] = {}
        for task_id, names in serving.items():
            if tid in names and task_id in rows:
                mine.setdefault(task_id.split("/", 1)[0], []).append(rows[task_id])
        members = []
        for mid in [*order, *sorted(wanted - set(order))]:
            if mid not in kinds:  # required, but left out of this report (--unit)
                members.append(
                    {
                        "id": mid,
                        "required": True,
                        "tasks": [],
                        "avg_pct_end": None,
                        "done": 0,
                        "late": [],
                        "state": "not_shown",
                    }
                )
                continue
            if mid not in wanted and mid not in mine:
                continue
            got = sorted(mine.get(mid, []), key=lambda r: r.id)
            counted = [r for r in got if r.status != "cancelled"]
            late = [r for r in counted if due_day is not None and _late(r, due_day, ref)]
            registered = any(
                t.startswith(f"{mid}/") and tid in names for t, names in serving.items()
            )
            if mid not in with_data:
                verdict = "no_data"
            elif not counted and registered and mid in (scoped or set()):
                verdict = "not_shown"  # registered, outside --unit/--person
            elif not counted:
                verdict = "gap"
            elif late:
                verdict = "late"
            elif all(r.progress_status == "done" for r in counted):
                verdict = "done"
            else:
                verdict = "on_track"
            members.append(
                {
                    "id": mid,
                    "required": mid in wanted,
                    "tasks": [r.id for r in got],
                    "avg_pct_end": round(sum(r.pct_end for r in counted) / len(counted), 1)
                    if counted
                    else None,
                    "done": sum(1 for r in counted if r.progress_status == "done"),
                    "late": [r.id for r in late],
                    "state": verdict,
                }
            )
        title = target.get("title") or {}
        out.append(
            {
                "id": tid,
                "title": {"en": str(title.get("en", "")), "vi": str(title.get("vi", ""))},
                "due": due_day.isoformat() if due_day else None,
                "members": members,
                "gaps": [m["id"] for m in members if m["state"] == "gap"],
            }
        )
    return out


def _late(row: TaskRow, due: date, ref: date) -> bool:
    """Later than the target: finished after its due, or open and due (or past) after it."""
    if row.progress_status == "done":
        finished = row.recorded or row.completed
        return finished is not None and finished > due
    return (row.approved_due or row.due) > due or due < ref
