"""Pydantic models of the plan, its units and its tasks. Pure: no I/O, no git.

Every model forbids unknown keys and is strict, because YAML's looseness hides mistakes:
a quoted "60" is not a percentage and `yes` is not a boolean. Enumerations are Literals so
that the YAML text "circular" validates in strict mode and the JSON Schema lists the values.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from r57cli.plan.ids import (
    BLOCKER_ID_PATTERN,
    EMAIL_PATTERN,
    GITHUB_PATTERN,
    MEMBER_ID_PATTERN,
    PERSON_ID_PATTERN,
    REQUEST_ID_PATTERN,
    RESCHEDULE_ID_PATTERN,
    SSH_KEY_PATTERN,
    TARGET_ID_PATTERN,
    TASK_ID_PATTERN,
    UNIT_ID_PATTERN,
)
from r57cli.plan.modelbase import Bilingual, ShortText, Strict
from r57cli.plan.policy import Policy, Role
from r57cli.plan.reportblock import DOC_SYMBOL_PATTERN, ReportSettings

# The ID shapes live in plan/ids.py (no pydantic, for start-up); importers of the models
# find them here too.
__all__ = [
    "Policy",
    "BLOCKER_ID_PATTERN",
    "EMAIL_PATTERN",
    "GITHUB_PATTERN",
    "MEMBER_ID_PATTERN",
    "PERSON_ID_PATTERN",
    "REQUEST_ID_PATTERN",
    "RESCHEDULE_ID_PATTERN",
    "SSH_KEY_PATTERN",
    "TARGET_ID_PATTERN",
    "TASK_ID_PATTERN",
    "UNIT_ID_PATTERN",
]

# What each ID pattern is called in messages, and an example of a good one.
ID_KINDS: dict[str, tuple[str, str]] = {
    TASK_ID_PATTERN: ("id-task", "T-012 (capital letters, a dash, digits)"),
    UNIT_ID_PATTERN: ("id-unit", "ndta (lower-case letters, digits and dashes)"),
    PERSON_ID_PATTERN: ("id-person", "nguyen.van.an (lower-case, dots allowed)"),
    BLOCKER_ID_PATTERN: ("id-blocker", "B-1"),
    REQUEST_ID_PATTERN: ("id-request", "R-1"),
    RESCHEDULE_ID_PATTERN: ("id-reschedule", "S-1"),
    EMAIL_PATTERN: ("id-email", "an.nv@mic.gov.vn"),
    SSH_KEY_PATTERN: ("id-ssh-key", "ssh-ed25519 AAAAC3Nza... (a line of ~/.ssh/id_ed25519.pub)"),
    GITHUB_PATTERN: ("id-github", "nguyen-van-an (a GitHub user name, without @)"),
    MEMBER_ID_PATTERN: ("id-member", "hanoi (lower-case letters, digits and dashes)"),
    TARGET_ID_PATTERN: ("id-target", "NT-1 (capital letters, a dash, digits)"),
    DOC_SYMBOL_PATTERN: ("id-doc-symbol", "BC-BTTTT (a type code, a dash, the issuer's letters)"),
}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}\Z")


def _to_date(value: Any) -> date:
    """Accept a YAML date only; explain anything else precisely.

    A quoted date ('2025-09-30') is text in YAML: the reports' readers (plan/taskfacts.py,
    the fast reader and PyYAML alike) read it as text, so the validator refuses it too rather
    than call valid a file whose deadline every report would skip."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        raise PydanticCustomError("r57_datetime", "has a time of day; a date is expected")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "r57_impossible_date", "{value} is not a real calendar date", {"value": value}
            ) from None
        raise PydanticCustomError(
            "r57_quoted_date", "{value} is quoted: text, not a date", {"value": value}
        )
    raise PydanticCustomError("r57_date_type", "a date (YYYY-MM-DD) is expected")


def _check_zone(value: str) -> str:
    # The name becomes a path inside the zone database: refuse anything that is not a plain
    # Area/City name before it gets there ("Asia" is a folder, "../x" escapes it).
    if len(value) > 64 or not _ZONE_NAME.match(value):
        raise PydanticCustomError(
            "r57_time_zone", "unknown time zone '{value}'", {"value": value}
        ) from None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise PydanticCustomError(
            "r57_time_zone", "unknown time zone '{value}'", {"value": value}
        ) from None
    return value


PlanDate = Annotated[date, BeforeValidator(_to_date)]
Pct = Annotated[int, Field(ge=0, le=100, description="A whole percentage, 0 to 100.")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
TaskId = Annotated[str, Field(pattern=TASK_ID_PATTERN, description="Task ID, e.g. T-012.")]
UnitId = Annotated[str, Field(pattern=UNIT_ID_PATTERN, description="Unit ID, e.g. ndta.")]
PersonId = Annotated[
    str, Field(pattern=PERSON_ID_PATTERN, description="Person ID, e.g. nguyen.van.an.")
]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254)]

Status = Literal["not_started", "in_progress", "done", "cancelled"]
Deliverable = Literal[
    "law",
    "resolution",
    "decree",
    "circular",
    "decision",
    "directive",
    "strategy",
    "programme",
    "project",
    "plan",
    "report",
    "guideline",
    "standard",
    "system",
    "other",
]
SubmissionLevel = Literal[
    "party_secretariat", "national_assembly", "government", "prime_minister", "minister", "unit"
]
BlockerKind = Literal[
    "law", "decree", "circular", "regulation", "budget", "staffing", "dependency", "other"
]
REGULATORY_KINDS = frozenset({"law", "decree", "circular", "regulation"})
# A request in one of these states was decided by someone on a day: `decided:` says which.
DECIDED_STATUSES = frozenset({"granted", "partly_granted", "refused"})
# A request for resources from another unit, or for more time (a later due date), which a
# coordinator grants with `r57 reschedule --grants R-n` or refuses with `r57 decide`.
RequestKind = Literal["resources", "extension"]
RequestStatus = Literal["open", "granted", "partly_granted", "refused", "withdrawn"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Language = Literal["en", "vi"]


# ---------------------------------------------------------------------------- plan.yaml


class LegalDocument(Strict):
    ref: ShortText = Field(description="Document number, e.g. 57-NQ/TW.")
    date: PlanDate | None = None
    title: Bilingual | None = None


class Holiday(Strict):
    date: PlanDate
    name: Bilingual


class PlanFile(Strict):
    """plan.yaml: the identity of the plan and the settings every report uses."""

    # Issued documents are numbered per year and issuer: six digits is already generous, and
    # a 20-digit "number" is a typing slip, not a plan.
    number: int = Field(gt=0, le=999_999, description="The plan's number, e.g. 286.")
    symbol: ShortText | None = Field(default=None, description="Full reference, e.g. 286/KH-BTTTT.")
    title: Bilingual
    issuing_body: Bilingual
    legal_basis: list[LegalDocument] = Field(min_length=1)
    timezone: Annotated[str, AfterValidator(_check_zone)] = "Asia/Ho_Chi_Minh"
    week_start: Weekday = "monday"
    language: Language = "vi"
    holidays: list[Holiday] = Field(default_factory=list)
    policy: Policy = Field(default_factory=Policy)
    report: ReportSettings | None = Field(
        default=None,
        description="The header, recipients and signer of the report document "
        "(r57 report --format docx|pdf).",
    )


# ---------------------------------------------------------------------------- units.yaml


class Member(Strict):
    id: PersonId
    name: ShortText
    position: ShortText | None = Field(default=None, description="Job title, e.g. Deputy Director.")
    emails: list[Email] = Field(
        min_length=1, description="Git author e-mails this person commits with."
    )
    roles: list[Role] = Field(default_factory=list)
    language: Language | None = Field(
        default=None,
        description="The language r57 remind writes to this person in; default: the plan's.",
    )
    github: Annotated[str, Field(pattern=GITHUB_PATTERN)] | None = Field(
        default=None, description="GitHub user name, for CODEOWNERS (without @)."
    )
    ssh_keys: list[Annotated[str, Field(pattern=SSH_KEY_PATTERN, max_length=8192)]] = Field(
        default_factory=list,
        description="Public SSH keys this person signs commits with (lines of ~/.ssh/*.pub).",
    )


class Unit(Strict):
    id: UnitId
    name: Bilingual
    short: ShortText | None = Field(default=None, description="Abbreviation, e.g. NDTA.")
    parent: UnitId | None = None
    leader: PersonId | None = None
    focal: PersonId | None = Field(default=None, description="The unit's reporting focal person.")
    members: list[Member] = Field(default_factory=list)
    merged_into: UnitId | None = Field(
        default=None,
        description="The unit this one was merged into (r57 unit merge). It stays listed so "
        "that reports of periods before merged_on still name it; from that day its tasks "
        "count under merged_into.",
    )
    merged_on: PlanDate | None = Field(default=None, description="The day the merge took effect.")
    decision: ShortText | None = Field(
        default=None, description="The document that decided the merge, e.g. 123/QĐ-BTTTT."
    )


class UnitsFile(Strict):
    """units.yaml: every unit, its leader and focal person, and who belongs to it."""

    units: list[Unit] = Field(min_length=1)


# ---------------------------------------------------------------------------- task files


class Milestone(Strict):
    date: PlanDate
    planned_pct: Pct
    label: ShortText | None = None


class Progress(Strict):
    pct: Pct = 0
    status: Status = "not_started"
    completed: PlanDate | None = Field(default=None, description="Set when status is done.")
    recorded: PlanDate | None = Field(
        default=None,
        description="The day a completion was recorded, when `completed` is a claim: more "
        "than policy.max_backdate_days before it.",
    )
    confirmed_by: PersonId | None = Field(
        default=None, description="The coordinator who confirmed a claimed completion date."
    )
    evidence: list[ShortText] = Field(
        default_factory=list,
        description="Proof of completion: document numbers (Quyết định 123/QĐ-BTTTT) or URLs.",
    )


class Blocker(Strict):
    id: Annotated[str, Field(pattern=BLOCKER_ID_PATTERN)]
    kind: BlockerKind
    ref: ShortText | None = Field(
        default=None, description="The regulation to amend, e.g. Decree 47/2020/ND-CP."
    )
    description: Text
    raised: PlanDate
    lifted: PlanDate | None = None


class ResourceRequest(Strict):
    id: Annotated[str, Field(pattern=REQUEST_ID_PATTERN)]
    kind: RequestKind = "resources"
    unit: UnitId | None = Field(default=None, description="The unit asked to provide it.")
    due: PlanDate | None = Field(
        default=None, description="For an extension: the due date asked for."
    )
    need: Text
    amount: ShortText | None = None
    asked: PlanDate
    status: RequestStatus = "open"
    decided: PlanDate | None = None
    note: Text | None = None


class Schedule(Strict):
    """The parts of a task's schedule that one reschedule changed, before or after it."""

    start: PlanDate | None = None
    due: PlanDate | None = None
    milestones: list[Milestone] | None = None


class Reschedule(Strict):
    """One approved change of a task's schedule. The list is append-only: `r57 check`
    refuses a commit that edits or removes an entry, and one that moves a date without
    adding one. The first entry's `before` is the baseline."""

    id: Annotated[str, Field(pattern=RESCHEDULE_ID_PATTERN)]
    date: PlanDate = Field(description="The day it was approved and recorded.")
    by: PersonId = Field(description="The coordinator or admin who approved it.")
    reason: Text
    decision: ShortText | None = Field(
        default=None, description="The document that approved it, e.g. Quyết định 123/QĐ-BTTTT."
    )
    request: Annotated[str, Field(pattern=REQUEST_ID_PATTERN)] | None = Field(
        default=None, description="The extension request (resources: kind extension) it grants."
    )
    before: Schedule
    after: Schedule


class Task(Strict):
    """One task file: tasks/<unit>/<ID>.yaml."""

    id: TaskId
    title: Bilingual
    unit: UnitId = Field(description="The owner unit.")
    co_units: list[UnitId] = Field(default_factory=list, description="Co-operating units.")
    responsible: PersonId
    start: PlanDate
    due: PlanDate
    deliverable: Deliverable
    submission: SubmissionLevel = Field(description="Who signs or approves the result.")
    legal_basis: list[ShortText] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    progress: Progress = Field(default_factory=Progress)
    blockers: list[Blocker] = Field(default_factory=list)
    resources: list[ResourceRequest] = Field(default_factory=list)
    reschedules: list[Reschedule] = Field(
        default_factory=list,
        description="Approved changes of start, due or milestones, oldest first; append-only.",
    )
    depends_on: list[TaskId] = Field(default_factory=list)
    targets: list[Annotated[str, Field(pattern=TARGET_ID_PATTERN, description="e.g. NT-1.")]] = (
        Field(
            default_factory=list,
            max_length=20,
            description="The national targets (federation.yaml's targets:) this task serves.",
        )
    )
    note: Text | None = None


FILE_MODELS: dict[str, type[Strict]] = {"plan": PlanFile, "units": UnitsFile, "task": Task}
