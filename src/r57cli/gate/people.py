"""Who is who and what the policy is, for the pull-request gate: read from units.yaml and
plan.yaml as they were at one commit, tolerating any shape (a broken units.yaml grants
nothing), and combined into the stricter of two readings (the parent's and BASE's)."""

from __future__ import annotations

from typing import Any, NamedTuple

# The rule lives with the plan, so that `r57 decide`'s own pre-check follows it too.
from r57cli.plan.decisions import asked_decision as asked_decision


class Person(NamedTuple):
    id: str
    name: str
    units: frozenset[str]
    roles: frozenset[str]


class Access(NamedTuple):
    """Who is who and what the policy is, as units.yaml and plan.yaml say at one commit."""

    people: dict[str, Person]  # by case-folded e-mail
    admins: tuple[str, ...]  # their names, for the hints
    co_units_may_update: bool
    require_signed: bool
    week_start: str
    # Who may change a schedule, decide an extension or confirm a claimed completion
    # (policy.reschedule_by), and the rest of the policy the schedule rules read.
    reschedule_by: frozenset[str] = frozenset(("coordinator", "admin"))
    require_decision: bool = False
    max_backdate_days: int = 7
    timezone: str = "Asia/Ho_Chi_Minh"
    asked_unit_may_decide: bool = False  # the asked unit may decide a resource request
    edit_units_by: frozenset[str] = frozenset(("admin",))  # r57 unit add, r57 unit merge
    # Who may edit the plan itself: add, reassign and cancel tasks (policy.add_task_by,
    # assign_by, cancel_by; gate/planedits.py).
    add_task_by: frozenset[str] = frozenset(("coordinator", "admin"))
    assign_by: frozenset[str] = frozenset(("coordinator", "admin"))
    cancel_by: frozenset[str] = frozenset(("coordinator", "admin"))


def read_access(units_doc: Any, plan_doc: Any) -> Access:
    """The Access of two parsed files, tolerating any shape: a broken units.yaml grants
    nothing (its own commit was checked by an admin rule and the validator)."""
    people: dict[str, Person] = {}
    admins: list[str] = []
    units = units_doc.get("units") if isinstance(units_doc, dict) else None
    members: dict[str, tuple[str, set[str], set[str], list[str]]] = {}
    for unit in items(units):
        if not isinstance(unit, dict) or not isinstance(unit.get("id"), str):
            continue
        for member in items(unit.get("members")):
            if not isinstance(member, dict) or not isinstance(member.get("id"), str):
                continue
            name = str(member.get("name") or member["id"])
            entry = members.setdefault(member["id"], (name, set(), set(), []))
            entry[1].add(unit["id"])
            entry[2].update(r for r in items(member.get("roles")) if isinstance(r, str))
            entry[3].extend(e for e in items(member.get("emails")) if isinstance(e, str))
    for person_id, (name, unit_ids, roles, emails) in members.items():
        person = Person(person_id, name, frozenset(unit_ids), frozenset(roles))
        if "admin" in roles:
            admins.append(name)
        for email in emails:
            people.setdefault(email.casefold(), person)
    policy = plan_doc.get("policy") if isinstance(plan_doc, dict) else None
    policy = policy if isinstance(policy, dict) else {}
    week_start = plan_doc.get("week_start") if isinstance(plan_doc, dict) else None
    zone = plan_doc.get("timezone") if isinstance(plan_doc, dict) else None
    roles_by = policy.get("reschedule_by", ["coordinator", "admin"])
    backdate = policy.get("max_backdate_days", 7)
    return Access(
        people,
        tuple(admins),
        policy.get("co_units_may_update") is True,
        policy.get("require_signed_commits") is True,
        week_start if isinstance(week_start, str) else "monday",
        frozenset(r for r in items(roles_by) if isinstance(r, str)),
        policy.get("require_decision") is True,
        backdate if isinstance(backdate, int) and not isinstance(backdate, bool) else 7,
        zone if isinstance(zone, str) else "Asia/Ho_Chi_Minh",
        policy.get("asked_unit_may_decide") is True,
        frozenset(r for r in items(policy.get("edit_units_by", ["admin"])) if isinstance(r, str)),
        *(_roles(policy, key) for key in PLAN_EDIT_KEYS),
    )


PLAN_EDIT_KEYS = ("add_task_by", "assign_by", "cancel_by")


def _roles(policy: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(
        r for r in items(policy.get(key, ["coordinator", "admin"])) if isinstance(r, str)
    )


def stricter(parent: Access, base: Access) -> Access:
    """What both readings allow: the same person under the same e-mail, only the units
    and roles they have in both, co-units only if both allow, signatures if either asks."""
    people: dict[str, Person] = {}
    for email, one in parent.people.items():
        other = base.people.get(email)
        if other is not None and other.id == one.id:
            people[email] = Person(
                one.id, one.name, one.units & other.units, one.roles & other.roles
            )
    admins = sorted({p.name for p in people.values() if "admin" in p.roles})
    return Access(
        people,
        tuple(admins),
        parent.co_units_may_update and base.co_units_may_update,
        parent.require_signed or base.require_signed,
        base.week_start,
        parent.reschedule_by & base.reschedule_by,
        parent.require_decision or base.require_decision,
        min(parent.max_backdate_days, base.max_backdate_days),
        base.timezone,
        parent.asked_unit_may_decide and base.asked_unit_may_decide,
        parent.edit_units_by & base.edit_units_by,
        parent.add_task_by & base.add_task_by,
        parent.assign_by & base.assign_by,
        parent.cancel_by & base.cancel_by,
    )


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
