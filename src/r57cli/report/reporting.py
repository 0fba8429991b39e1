"""Which commits are a unit's report on a task (docs/report.md, "Days silent"): what makes a
task reported this period, sets its days silent, and spares its person a reminder.

A staff command's commit reports on its task (update, report, start, done, block, unblock,
ask, extend, cancel). A coordinator's or leader's act on the task does not: `reschedule`,
`decide`, `confirm` and `reopen` are decisions about the task, not news of its work, so a
deadline moved for a silent unit leaves it silent. Nor do `import`, `task add` and
`assign`: a re-imported appendix rewords, reassigns and reschedules tasks by the plan's
decision, and a task added or given to a unit today has not been reported on by it. A hand commit
(no `R57-Action`) reports unless its author is a coordinator or admin (units.yaml roles)
who is not a member of the task's unit: an admin's typo fix or a coordinator's edit of
another unit's task is not that unit's news (who may write at all is the pull-request
gate's business)."""

from __future__ import annotations

from collections.abc import Mapping

from r57cli.history.landed import LandedCommit

# A unit commit moves task files without reporting on them.
NOT_REPORTS = frozenset(
    {"reschedule", "decide", "confirm", "reopen", "unit-add", "unit-merge", "import"}
    | {"task-add", "assign"}
)


def member_units(units_data: list[dict[str, object]]) -> dict[str, frozenset[str]]:
    """Each coordinator's and admin's e-mail (lower case) and the units they belong to."""
    found: dict[str, set[str]] = {}
    for unit in units_data:
        uid = unit.get("id")
        members = unit.get("members")
        if not isinstance(uid, str) or not isinstance(members, list):
            continue
        for m in members:
            if not isinstance(m, dict):
                continue
            roles, emails = m.get("roles"), m.get("emails")
            if not isinstance(roles, list) or not {"coordinator", "admin"} & set(map(str, roles)):
                continue
            for e in emails if isinstance(emails, list) else ():
                if isinstance(e, str):
                    found.setdefault(e.strip().lower(), set()).add(uid)
    return {e: frozenset(u) for e, u in found.items()}


def is_report(c: LandedCommit, unit: str | None, deciders: Mapping[str, frozenset[str]]) -> bool:
    """Whether commit `c` reports on a task of `unit` (None: the task is not in the plan
    at the period's end, so nothing is known against it). `deciders`: member_units()."""
    action = c.commit.trailers.get("R57-Action")
    if action is not None:
        return action not in NOT_REPORTS
    units = deciders.get(c.commit.email.strip().lower())
    return units is None or unit is None or unit in units
