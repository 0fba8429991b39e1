"""What the plan-editing commands say (say(key)): `r57 task add`, `r57 assign` and the
policy question `r57 cancel` asks too, in English. The Vietnamese is in
vi/LC_MESSAGES/r57.po under msgctxt "say:KEY"."""

from __future__ import annotations

EDIT_TEXTS: dict[str, str] = {
    "edit-not-allowed": (
        "{who} may not run r57 {command} ({task}): plan.yaml's policy.{policy} names the roles "
        "that may ({roles}), and units.yaml gives you none of them. Ask a person with one of "
        "those roles to run it. Nothing was changed."
    ),
    "edit-file-exists": "{path} exists already. Choose another --id. Nothing was changed.",
    "edit-bad-snippet": (
        "{source}:{line}: this is not a YAML mapping of a task's fields (a task file's "
        "shape). Fix the snippet and run the command again. Nothing was changed."
    ),
    "edit-not-planned": (
        "{source}: {fields}: not fields a new task is given (only its plan: id, title, unit, "
        "co_units, responsible, start, due, deliverable, submission, legal_basis, "
        "milestones, depends_on, targets, note). Progress is recorded later with r57 update. "
        "Nothing was changed."
    ),
    "edit-unknown-person": (
        "'{person}' is not a person ID in units.yaml.{suggest} Use a member's id, or ask an "
        "admin to add the person first. Nothing was changed."
    ),
    "edit-missing": (
        "the new task needs its {field}: give {option} (or put it in the --from snippet)."
    ),
    "edit-id-taken": "{task} is already a task ({path}). Leave out --id to take the next free ID.",
    "edit-bad-task": (
        "the new task {task} is not valid: {problems}. Fix the options or the snippet. "
        "Nothing was changed."
    ),
    "edit-cannot-read": "cannot read {path}: {reason}.",
    "edit-assign-nothing": "nothing to assign: give --unit, --responsible or both ({task}).",
    "edit-assign-who": (
        "{task}: unit {unit} has no focal person to take it over. Name them with --responsible."
    ),
    "recovered-edit": (
        "note: an earlier r57 task add or r57 assign was interrupted before it committed; "
        "its files were put back as they were: {paths}."
    ),
    "edit-assign-same": "{task} is already with {unit} ({person}): nothing to change.",
}
