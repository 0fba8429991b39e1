"""What every recording command shows after it made (or would make) its commit: the plan
it would break, its notes, the dry run's message and diff, and the push. One place for
`r57 update` and its sister commands (staff.py), the plan edits (planedit.py) and the unit
edits (units.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

import typer

from r57cli.errors import ExitCode

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace

T = TypeVar("T")


class Made(Protocol):
    notes: list[str]
    message: str
    sha: str | None

    def diff(self) -> str: ...


def guarded(ws: Workspace, run: Callable[[], T]) -> T:
    """`run()`, or the problems the commit would have brought into the plan, exit 1."""
    from r57cli.commands.staff import _show_problems
    from r57cli.record.commit import PlanWouldBreak

    try:
        return run()
    except PlanWouldBreak as exc:
        _show_problems(exc, ws)
        raise typer.Exit(ExitCode.INVALID) from None


def notes_or_dry_run(made: Made, dry_run: bool) -> None:
    """The notes on stderr; with --dry-run, the commit it would make, then exit 0."""
    from r57cli.commands.staff import _indent
    from r57cli.locale.texts import say

    for note in made.notes:
        typer.echo(note, err=True)
    if dry_run:
        typer.echo(say("dry-run"))
        typer.echo("")
        typer.echo(_indent(made.message))
        typer.echo(made.diff(), nl=False)
        raise typer.Exit(ExitCode.OK)


def push_if_wanted(ws: Workspace, relpath: str, sha: str | None, push: bool | None) -> None:
    """--push (or git config r57.push): push the commit, saying its new id when the push
    rebased it; a push that fails exits 2."""
    from r57cli.commands.staff import _config_push
    from r57cli.locale.texts import say

    if not (push if push is not None else _config_push(ws)):
        return
    from r57cli.record.push import push as do_push

    result = do_push(ws, relpath)
    for line in result.retries:
        typer.echo(line, err=True)
    if result.ok and result.sha and result.sha != sha:
        typer.echo(say("rebased-as", sha=result.sha[:7]))
    typer.echo(result.message, err=not result.ok)
    if not result.ok:
        raise typer.Exit(ExitCode.USAGE)
