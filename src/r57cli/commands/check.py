"""`r57 check BASE..HEAD`: the pull-request gate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from r57cli.commands.validate import (
    Color,
    ColorOption,
    FormatOption,
    LangOption,
    OutputOption,
    PlanOption,
    StrictOption,
    emit,
)

if TYPE_CHECKING:
    from r57cli.plan.workspace import Workspace

SHORT = "Check a pull request's commits: who changed what, honest history, the plan at HEAD."
HELP = (
    "Check every commit of a range, as CI does for a pull request, and validate the plan "
    "as checked out (which must be the range's last commit).\n\n"
    "RANGE is BASE..HEAD: the commits reachable from HEAD and not from BASE "
    "(origin/main..HEAD, or the pull request's base and head commits). One revision REV "
    "means REV..HEAD.\n\n"
    "Who may change what, read from the parent of each commit: a task may be changed by "
    "its owning unit's members (and a co-operating unit's, when plan.yaml's "
    "policy.co_units_may_update is true), coordinators and admins; tasks are added, "
    "reassigned and cancelled only with r57 task add, r57 assign and r57 cancel, by the "
    "roles in policy.add_task_by, assign_by and cancel_by; deleting tasks, and any change "
    "to plan.yaml, units.yaml or another file in the plan folder, is for admins. The "
    "person is found by the commit author's e-mail in "
    "units.yaml and, when policy.require_signed_commits is true, by the commit's SSH "
    "signature against the keys in units.yaml.\n\n"
    "What history may not do: lower a % without an R57-Reason trailer, take a task out of "
    "done or cancelled except by r57 reopen, or change a date recorded in a week that has "
    "closed. A merge commit is checked for what it holds beyond git's automatic merge of "
    "its parents (an edit, a conflict resolution, a side's change thrown away).\n\n"
    "Output formats and exit codes are those of r57 validate: 0 no errors (warnings "
    "allowed), 1 errors found, 2 usage or environment error (an unknown revision, a "
    "shallow clone that lacks the range's history), 3 internal error."
)


def command(
    spec: Annotated[
        str, typer.Argument(metavar="RANGE", help="BASE..HEAD, or REV meaning REV..HEAD.")
    ],
    plan: PlanOption = None,
    fmt: FormatOption = None,
    strict: StrictOption = False,
    lang: LangOption = None,
    color: ColorOption = Color.auto,
    output: OutputOption = None,
) -> None:
    from r57cli.errors import R57Error
    from r57cli.gate.check import start_check
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace
    from r57cli.validate.engine import validate

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    pending = start_check(ws, spec, ws.today())
    try:
        checkout = ws.repo.head()
        if checkout != pending.result.head:
            head = pending.result.head[:10]
            raise R57Error(say("check-not-head", checkout=checkout[:10], head=head))
        # Signatures are checked by ssh-keygen processes meanwhile.
        result = validate(ws.plan_dir)
        _same_as_committed(ws, pending.result.head, result.blobs)
        gate = pending.finish()
    finally:
        pending.cancel()
    result.diagnostics.extend(gate.diagnostics)
    result.sources.update(gate.sources)
    result.commits = gate.commits
    emit(result, ws.plan_dir, fmt=fmt, lang=lang, color=color, output=output, strict=strict)


def _same_as_committed(ws: Workspace, head: str, checked: dict[str, str]) -> None:
    """Refuse to pass a plan whose files on disk are not the committed ones: uncommitted
    edits, or a .gitattributes filter (`ident`, smudge) that rewrites files on checkout."""
    from r57cli.errors import R57Error
    from r57cli.git.reads import list_tree
    from r57cli.locale.texts import say
    from r57cli.plan.discovery import TASK_SUFFIXES

    prefix = ws.plan_rel
    tree = {path[len(prefix) :]: blob for path, blob in list_tree(ws.repo, head, prefix).items()}
    committed = {
        rel: blob
        for rel, blob in tree.items()
        if rel in ("plan.yaml", "units.yaml")
        or (rel.startswith("tasks/") and rel.endswith(TASK_SUFFIXES))
    }
    differ = sorted(
        p for p in committed.keys() | checked.keys() if committed.get(p) != checked.get(p)
    )
    if differ:
        shown = ", ".join(differ[:3]) + (", …" if len(differ) > 3 else "")
        raise R57Error(say("check-worktree-differs", files=shown, head=head[:10]))
