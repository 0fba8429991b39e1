"""The gate's plan-editing rules, pure: a task is added, given to another unit or person, or
cancelled only by its command (`r57 task add` or `r57 import`, `r57 assign`, `r57 cancel`),
whose R57-Action trailer says which, made by a person with a role in the policy's
add_task_by, assign_by or cancel_by. The same change made by hand, without the trailer, is
refused for everyone, admins too: reports and `git log --follow` read these changes from
the trailers, so a hand edit would leave a hole in the plan's history.

rules.py asks `judge` about each changed task file before its ownership rules."""

from __future__ import annotations

from typing import Any, Final

from r57cli.gate.changes import TASK_PATH, FileChange, Step, Version, owning_unit, progress_of
from r57cli.gate.people import Person
from r57cli.plan.yamlevents import PathKey

# The command each plan edit takes, by the policy key that says who may run it.
COMMANDS: Final = {"add_task_by": "task add", "assign_by": "assign", "cancel_by": "cancel"}
# R57-Action -> the policy keys it answers to. Another command that edits the plan (a unit
# merge, say) adds its own action here. A re-import (`r57 import` of a changed table) adds
# tasks and may give tasks to another unit or person, so each of those is judged against
# its own key; the due dates it moves are the schedule rules' (gate/schedule.py), as for
# every commit.
ACTIONS: Final = {
    "task-add": ("add_task_by",),
    "import": ("add_task_by", "assign_by"),
    "assign": ("assign_by",),
    "cancel": ("cancel_by",),
}

# code, the version and place to show, the message's fields
Refusal = tuple[str, Version, PathKey, dict[str, Any]]


def _roles(step: Step, key: str) -> frozenset[str]:
    found: frozenset[str] = getattr(step.access, key)
    return found


def _by_command(step: Step, key: str) -> bool:
    return key in ACTIONS.get(step.commit.trailers.get("R57-Action", ""), ())


def _edit(
    step: Step,
    person: Person,
    key: str,
    hand_code: str,
    version: Version,
    loc: PathKey,
    args: dict[str, Any],
    strict: bool,
) -> Refusal | bool | None:
    """By the command and with the role: allowed; by the command without it: R57E330; by
    hand: `hand_code` for whoever holds the role or is an admin, or for everyone when
    `strict` (else None: the ownership rules refuse it in their own words)."""
    roles = _roles(step, key)
    fields = {
        **args,
        "command": COMMANDS[key],
        "key": key,
        "roles": ", ".join(sorted(roles)) or "-",
    }
    if _by_command(step, key):
        if person.roles & roles:
            return True
        return "R57E330", version, loc, fields
    if strict or person.roles & (roles | {"admin"}):
        return hand_code, version, loc, fields
    return None


def judge(
    step: Step,
    person: Person,
    change: FileChange,
    old: Version | None,
    new: Version | None,
    moved_from: FileChange | None,
) -> Refusal | bool | None:
    """The plan edit in one task file: True (an added or moved task its command brings),
    a refusal, or None (no plan edit, or an allowed one in place: the other rules apply)."""
    if step.commit.trailers.get("R57-Action") == "unit-merge":
        return None  # gate/units.py judges a merge: only the merged unit's tasks, to its successor
    match = TASK_PATH.match(change.path)
    if match is None or new is None:
        return None  # a deleted task: the ownership rules (R57E306)
    task = match[2]
    if old is None:
        if moved_from is None:
            args = {"task": task, "unit": match[1]}
            return _edit(step, person, "add_task_by", "R57E331", new, ("id",), args, False)
        was = owning_unit(Version(moved_from.path, moved_from.old or b""), moved_from.path)
        args = {"task": task, "field": "unit", "old": was, "new": match[1]}
        return _edit(step, person, "assign_by", "R57E332", new, ("unit",), args, False)
    if not old.data or not new.data:
        return None  # unreadable: the validator reports it
    owner, now_unit = owning_unit(old, change.path), new.data.get("unit")
    found: Refusal | bool | None = None
    if isinstance(now_unit, str) and now_unit != owner:
        args = {"task": task, "field": "unit", "old": owner, "new": now_unit}
        # Allowed, refused, or None: the ownership rules refuse it (R57E304) in their words.
        return _edit(step, person, "assign_by", "R57E332", new, ("unit",), args, False)
    was_person, now_person = old.data.get("responsible"), new.data.get("responsible")
    if was_person != now_person:
        args = {"task": task, "field": "responsible", "old": was_person, "new": now_person}
        found = _edit(step, person, "assign_by", "R57E332", new, ("responsible",), args, True)
        if found is not True:
            return found
    was_status = progress_of(old.data).get("status")
    if progress_of(new.data).get("status") == "cancelled" and was_status != "cancelled":
        args = {"task": task}
        cancel = _edit(
            step, person, "cancel_by", "R57E333", new, ("progress", "status"), args, True
        )
        if cancel is not True:
            return cancel
    return None
