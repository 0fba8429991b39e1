"""The options and shell completions that every command shares: the task argument, --plan
and --lang, and the task and unit IDs offered as completions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace


class Lang(StrEnum):
    en = "en"
    vi = "vi"


def _completion_workspace() -> Workspace:
    import os

    from r57cli.plan.workspace import Workspace

    # The shell calls r57 back with the words typed so far; --plan is not parsed yet, but
    # R57_PLAN is in the environment.
    chosen = os.environ.get("R57_PLAN")
    return Workspace.find(Path(chosen) if chosen else None)


def complete_task(incomplete: str) -> list[str]:
    """Task IDs for shell completion, from file names alone (fast on 10,000 tasks)."""
    try:
        ids = _completion_workspace().task_ids()
    except Exception:  # completion must never print a traceback into the shell
        return []
    prefix = incomplete.upper()
    return sorted(i for i in ids if i.startswith(prefix))


def complete_unit(incomplete: str) -> list[str]:
    try:
        units = _completion_workspace().unit_ids()
    except Exception:
        return []
    return sorted(u for u in units if u.startswith(incomplete))


TaskArg = Annotated[
    str,
    typer.Argument(metavar="TASK", help="The task ID, e.g. T-012.", autocompletion=complete_task),
]
PlanOpt = Annotated[
    Path | None,
    typer.Option("--plan", "-p", envvar="R57_PLAN", help="The plan folder (holds plan.yaml)."),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", envvar="R57_LANG", help="Message language. Default: the plan's."),
]


def group_lang(lang: LangOpt = None) -> None:
    """`r57 task --lang vi ...`, `r57 unit --help --lang vi`: a group takes --lang too, so
    that it is not "No such option". cli.run reads the last --lang of the line (into
    R57_LANG for the command), so there is nothing to do here."""


UnitsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="UNIT",
        help="Only this unit and the units under it (repeatable).",
        autocompletion=complete_unit,
    ),
]
WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="One line per row, every title and note whole, however wide the terminal "
        "(else long titles are cut with … to fit it, or 80 columns when piped).",
    ),
]
