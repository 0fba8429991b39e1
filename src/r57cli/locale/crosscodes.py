"""The validation codes that read more than one file (consistency across the plan) and the
warnings: code -> message. English only: the Vietnamese is in vi/LC_MESSAGES/r57.po."""

from __future__ import annotations

from r57cli.locale.words import Category, Message, Severity

E, W = Severity.ERROR, Severity.WARNING
Y, S, X = Category.YAML, Category.SCHEMA, Category.CROSS

PLAN_CODES: dict[str, Message] = {
    # --- Cross-file: references and consistency --------------------------------------------
    "R57E201": Message(
        X,
        E,
        "unknown-unit",
        "unit '{value}' is not defined in units.yaml{suggestion}",
        "use a unit ID from units.yaml, or add the unit there",
    ),
    "R57E202": Message(
        X,
        E,
        "unknown-person",
        "person '{value}' is not a member of any unit in units.yaml{suggestion}",
        "use a member ID from units.yaml, or add the person to their unit's members",
    ),
    "R57E203": Message(
        X,
        E,
        "duplicate-id",
        "{what} '{value}' is used more than once",
        "each must be unique: keep one, or change the other",
    ),
    "R57E204": Message(
        X,
        E,
        "unknown-dependency",
        "depends on task '{value}', which does not exist{suggestion}",
        "fix the ID or remove the dependency",
    ),
    "R57E205": Message(
        X,
        E,
        "dependency-cycle",
        "tasks depend on each other in a circle: {cycle}",
        "remove one of these dependencies so that the chain has a first task",
    ),
    "R57E206": Message(
        X,
        E,
        "start-after-due",
        "start date {start} is after due date {due}",
        "move 'start' on or before 'due'",
    ),
    "R57E207": Message(
        X,
        E,
        "milestone-outside",
        "milestone date {date} is outside the task's period {start} .. {due}",
        "move the milestone inside the period, or change 'start'/'due'",
    ),
    "R57E208": Message(
        X,
        E,
        "milestone-order",
        "milestone date {date} is not after the previous milestone ({previous})",
        "list milestones in date order, each on a different date",
    ),
    "R57E209": Message(
        X,
        E,
        "milestone-pct-decrease",
        "planned {pct}% is lower than the previous milestone's {previous}%",
        "planned percentages must not decrease from one milestone to the next",
    ),
    "R57E210": Message(
        X,
        E,
        "done-incomplete",
        "status is 'done' but {problem}",
        "a finished task has pct: 100 and completed: YYYY-MM-DD",
    ),
    "R57E211": Message(
        X,
        E,
        "finished-not-done",
        "{problem} but status is '{status}'",
        "set status: done with completed: YYYY-MM-DD, or lower pct and remove 'completed'",
    ),
    "R57E212": Message(
        X,
        E,
        "blocker-lifted-early",
        "blocker lifted on {lifted}, before it was raised on {raised}",
        "fix one of the two dates",
    ),
    "R57E213": Message(
        X,
        E,
        "request-no-unit",
        "resource request '{request}' does not name the unit asked to provide it",
        "add 'unit:' with the ID of the unit that should provide the resource",
    ),
    "R57E214": Message(
        X,
        E,
        "missing-plan-file",
        "the plan folder has no {filename}",
        "create {filename} (copy it from the bundled plan286/ and edit)",
    ),
    "R57E215": Message(
        X,
        E,
        "unit-parent-cycle",
        "units are each other's parents in a circle: {cycle}",
        "fix 'parent' so that the chain reaches a top unit",
    ),
    "R57E216": Message(
        X,
        E,
        "not-a-member",
        "{role} '{value}' is not a member of unit '{unit}'",
        "list the person under the unit's members, or choose a member",
    ),
    "R57E217": Message(
        X, E, "self-dependency", "task '{value}' depends on itself", "remove it from depends_on"
    ),
    "R57E218": Message(
        X,
        E,
        "regulation-without-ref",
        "a '{kind}' blocker must name the regulation to amend",
        'add ref:, for example ref: "Decree 47/2020/ND-CP"',
    ),
    "R57E219": Message(
        X,
        E,
        "status-pct-mismatch",
        "status is 'not_started' but pct is {pct}",
        "set status: in_progress, or pct: 0",
    ),
    "R57E220": Message(
        X,
        E,
        "request-decided-early",
        "request decided on {decided}, before it was asked on {asked}",
        "fix one of the two dates",
    ),
    "R57E221": Message(
        X,
        E,
        "completed-before-start",
        "completed on {completed}, before the task started on {start}",
        "correct 'completed' or 'start'",
    ),
    "R57E222": Message(
        X,
        E,
        "done-but-blocked",
        "the task is done but blocker '{blocker}' was never lifted",
        "add lifted: YYYY-MM-DD to the blocker (r57 unblock), or reopen the task",
    ),
    "R57E223": Message(
        X,
        E,
        "completed-in-the-future",
        "the task is marked completed on {completed}, which has not come yet (today is {today})",
        "write the day the work was actually finished, today or earlier (r57 done --date)",
    ),
    "R57E224": Message(
        X,
        E,
        "decision-without-date",
        "request '{request}' is {status} but has no decided: date",
        "add decided: YYYY-MM-DD, the day the decision was made (r57 decide does this)",
    ),
    "R57E225": Message(
        X,
        E,
        "schedule-not-approved",
        "'{field}' is {value}, but the last approved reschedule ({reschedule}) set {approved}",
        "a schedule moves only by an approved reschedule: put back {approved}, or ask a "
        "coordinator to run r57 reschedule",
    ),
    "R57E226": Message(
        X,
        E,
        "reschedule-changes-nothing",
        "reschedule '{reschedule}' changes nothing: before: and after: must name the same "
        "fields (start, due, milestones) with different values",
        "write under before: the schedule as it was and under after: the new one",
    ),
    "R57E227": Message(
        X,
        E,
        "reschedule-chain-broken",
        "reschedule '{reschedule}' says '{field}' was {value}, but the reschedule before it "
        "({previous}) set {approved}",
        "an approved reschedule is never edited: put back the entry as it was recorded",
    ),
    "R57E228": Message(
        X,
        E,
        "reschedule-order",
        "reschedule '{reschedule}' is dated {date}, before the one above it ({previous})",
        "reschedules are listed oldest first: append new ones at the end",
    ),
    "R57E229": Message(
        X,
        E,
        "unknown-extension-request",
        "reschedule '{reschedule}' grants request '{request}', which is not an extension "
        "request of this task",
        "name a request of this task with kind: extension, or remove request:",
    ),
    "R57E230": Message(
        X,
        E,
        "extension-without-due",
        "request '{request}' asks for more time but names no due: date",
        "add due: YYYY-MM-DD, the due date asked for (r57 extend --to does this)",
    ),
    "R57E231": Message(
        X,
        E,
        "recorded-before-completed",
        "the completion was recorded on {recorded}, before the day it claims ({completed})",
        "recorded: is the day the completion was recorded; it cannot come before completed:",
    ),
    "R57E232": Message(
        X,
        E,
        "bad-email",
        "'{value}' is not an e-mail address that mail can be sent to (r57 remind sends to it)",
        "write it as name@domain.gov.vn: letters, digits and . _ + - before the @, no spaces, "
        "quotes or commas, and a domain with a dot after it",
    ),
    "R57E240": Message(
        X,
        E,
        "unknown-member",
        "member '{value}' is not one of the federation's members{suggestion}",
        "use a member ID listed under members:, or add the member there",
    ),
    # --- Warnings ----------------------------------------------------------------------------
    "R57W001": Message(
        X,
        W,
        "milestone-weekend",
        "milestone date {date} falls on a {weekday}",
        "move it to a working day",
    ),
    "R57W002": Message(
        X,
        W,
        "milestone-holiday",
        "milestone date {date} is a public holiday ({holiday})",
        "move it to a working day",
    ),
    "R57W003": Message(
        X,
        W,
        "no-milestones",
        "the task has a due date but no milestones",
        "add milestones with planned_pct so progress can be measured week by week",
    ),
    "R57W004": Message(
        Y,
        W,
        "tab-in-text",
        "a tab character in the text",
        "use spaces; tabs show differently in every editor",
    ),
    "R57W005": Message(
        X,
        W,
        "last-milestone-not-100",
        "the last milestone plans {pct}%, not 100%",
        "add a final milestone at the due date with planned_pct: 100",
    ),
    "R57W006": Message(
        S,
        W,
        "no-schema-line",
        "the first line does not point editors to the schema",
        "start the file with: # yaml-language-server: $schema={schema}",
    ),
    "R57W007": Message(
        X,
        W,
        "dependency-due-later",
        "depends on {value}, which is due {dep_due}, after this task's due date {due}",
        "bring the dependency forward or move this task's due date",
    ),
    "R57W010": Message(
        X,
        W,
        "blocker-before-start",
        "blocker '{blocker}' is raised on {raised}, before the task starts ({start})",
        "check the date: a blocker is raised on the day it is found; if the obstacle was "
        "known before the task began, keep the date and say so in the description",
    ),
    "R57W009": Message(
        X,
        W,
        "no-tasks-folder",
        "the plan has no tasks/ folder, so no tasks",
        "add tasks as tasks/<unit>/<ID>.yaml",
    ),
    "R57W011": Message(
        S,
        W,
        "more-warnings",
        "and {n} more warnings in this file ({codes}); only the first {max} problems of a file "
        "are listed",
        "fix the problems listed, then run r57 validate again to see the rest",
    ),
    "R57W020": Message(
        X,
        W,
        "regulation-ref-not-canonical",
        "the regulation reference '{ref}' is written another way than this plan's: '{canonical}'",
        "write it as '{canonical}', so that the report groups every blocker waiting on that "
        "document under one name (the plan's language decides the form, docs/validate.md)",
    ),
    "R57W008": Message(
        X,
        W,
        "stray-file",
        "{why}: not part of the plan, ignored",
        "task files live in tasks/<unit>/<ID>.yaml",
    ),
}
