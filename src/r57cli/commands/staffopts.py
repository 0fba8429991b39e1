"""The options and choices the staff commands share (staff.py, schedule.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Kind(StrEnum):
    decree = "decree"
    circular = "circular"
    law = "law"
    regulation = "regulation"
    budget = "budget"
    staffing = "staffing"
    dependency = "dependency"
    other = "other"


class SetStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class Outcome(StrEnum):
    granted = "granted"
    partly_granted = "partly_granted"
    refused = "refused"
    withdrawn = "withdrawn"


# ------------------------------------------------------------------------- options

NoteOpt = Annotated[
    str | None, typer.Option("--note", "-m", help="What happened; goes into the commit body.")
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="The day this report is for, when recorded late. Default: today.",
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Show the diff and the message; change nothing.")
]
PushOpt = Annotated[
    bool | None,
    typer.Option(
        "--push/--no-push",
        help="Push after committing (rebasing on others' pushes). Default: git config r57.push.",
        show_default=False,
    ),
]
ReasonOpt = Annotated[
    str | None, typer.Option("--reason", help="Why; required when a figure goes down.")
]
NextOpt = Annotated[
    str | None,
    typer.Option(
        "--next",
        help="What you will do in the next period (one line): the report's next-period "
        "plan lists it.",
    ),
]
