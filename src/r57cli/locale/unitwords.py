"""What `r57 unit add` and `r57 unit merge` say, in English. texts.py adds them to say()'s
table; the Vietnamese is in vi/LC_MESSAGES/r57.po under msgctxt "say:KEY"."""

from __future__ import annotations

UNIT_TEXTS: dict[str, str] = {
    "units-unreadable": (
        "units.yaml cannot be read as a list of units. Run r57 validate, fix what it "
        "reports, then run the command again."
    ),
    "unit-already-merged": (
        "{option} {unit} was merged into {into}: it no longer holds tasks or people. Name "
        "{into}, the unit that carries on."
    ),
    "unit-merged-again": (
        "Unit {unit} was merged into {into} already: there is nothing left to merge. Its "
        "tasks and people are in {into}."
    ),
    "bad-unit-id": (
        "'{unit}' is not a unit ID: use lower-case letters, digits and dashes, starting "
        "with a letter, e.g. ndta."
    ),
    "unit-exists": "There is a unit '{unit}' in units.yaml already. Choose another ID.",
    "bad-member": (
        "--member '{value}' is neither a person ID of units.yaml (e.g. nguyen.van.an) nor "
        'ID:Full name:e-mail (e.g. "an.nv:Nguyễn Văn An:an.nv@mic.gov.vn").'
    ),
    "unknown-member": (
        "There is no person '{person}' in units.yaml. To add someone new, write --member "
        '"{person}:Full name:e-mail".'
    ),
    "merge-into-itself": "{unit} cannot be merged into itself. Name the unit that carries on.",
    "merge-future": (
        "--date {value} is in the future (today is {today}). Record a merge on the day it "
        "takes effect, or later."
    ),
    "merge-needs-decision": (
        "A merge needs the document that decided it: add --decision, e.g. --decision "
        '"123/QĐ-BTTTT".'
    ),
    "not-unit-editor": (
        "{who} may not add or merge units (policy.edit_units_by: {roles}). Ask someone "
        "with one of those roles to run the command."
    ),
    "unit-added": "unit {unit} added",
    "unit-merged": "unit {unit} merged into {into} from {date} ({n} tasks moved)",
    "recovered-files": (
        "note: an earlier r57 run was interrupted before it committed; the {n} files it had "
        "changed were put back as they were."
    ),
}

# The lines `r57 log` and `r57 show` write for a unit commit (label:KEY in r57.po).
UNIT_LABELS: dict[str, str] = {
    "act-unit-add": "unit {unit} added",
    "act-unit-merge": "unit {unit} merged into {into} from {date} ({n} tasks moved; {decision})",
}
