"""policy: in plan.yaml, the rules the pull-request gate enforces: who may reschedule, add,
assign and cancel tasks, edit units, and what a completion needs. Pure pydantic, no I/O."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from r57cli.plan.modelbase import Strict

Role = Literal["coordinator", "admin"]
RESCHEDULE_ROLES: tuple[Role, ...] = ("coordinator", "admin")
# Adding and merging units changes who is who: by default admins alone, as a hand edit of
# units.yaml always was.
EDIT_UNITS_ROLES: tuple[Role, ...] = ("admin",)


class Policy(Strict):
    """Rules the pull-request gate enforces."""

    co_units_may_update: bool = Field(
        default=False, description="Members of co-operating units may report progress too."
    )
    require_signed_commits: bool = Field(
        default=False, description="Progress commits must carry a verified SSH signature."
    )
    reschedule_by: list[Role] = Field(
        default_factory=lambda: list(RESCHEDULE_ROLES),
        description="Roles that may change a task's start, due or milestones (r57 "
        "reschedule). The task's own unit may not, unless its member holds one of them.",
    )
    edit_units_by: list[Role] = Field(
        default_factory=lambda: list(EDIT_UNITS_ROLES),
        description="Roles that may add and merge units (r57 unit add, r57 unit merge). "
        "units.yaml gains or merges a unit only through those commands' commits.",
    )
    require_decision: bool = Field(
        default=False,
        description="A reschedule must name the document that approved it (--decision).",
    )
    add_task_by: list[Role] = Field(
        default_factory=lambda: list(RESCHEDULE_ROLES),
        description="Roles that may add a task to the plan (r57 task add, r57 import). A task "
        "file added by hand, without the command's trailers, is refused.",
    )
    assign_by: list[Role] = Field(
        default_factory=lambda: list(RESCHEDULE_ROLES),
        description="Roles that may give a task to another unit or person (r57 assign). A "
        "task's unit or responsible changed by hand is refused.",
    )
    cancel_by: list[Role] = Field(
        default_factory=lambda: list(RESCHEDULE_ROLES),
        description="Roles that may cancel a task (r57 cancel). A task set to cancelled by "
        "hand is refused.",
    )
    max_backdate_days: int = Field(
        default=7,
        ge=0,
        le=366,
        description="A completion date more than this many days before the day it is "
        "recorded is a claim: on-time is judged by the recorded day until a coordinator "
        "confirms it.",
    )
    require_evidence: bool = Field(
        default=False,
        description="Marking a task done needs --evidence: a document number or a URL.",
    )
    asked_unit_may_decide: bool = Field(
        default=False,
        description="Members of the unit a resource request is addressed to (its unit:) may "
        "decide it (r57 decide). Extension requests stay for policy.reschedule_by.",
    )
