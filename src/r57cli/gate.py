"""`r57 check BASE..HEAD` as a function: read the range's commits from git, give each
commit's own changes to the rules (gaterules.py), and return every problem.

Merge commits: the commits a merge brings in are in the range themselves (or already in
BASE, and so accepted), and each is checked on its own. The merge's *own* changes are what
it holds beyond git's automatic merge of its two parents (`git merge-tree`): an edit
slipped into the merge, a conflict resolved by hand, or one side's change thrown away
(`git merge -s ours`). Those are checked as a commit by the merge's author, with the
automatic merge as its "before". A clean merge changes nothing of its own and passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli import gitgate
from r57cli.diagnostics import Diagnostic
from r57cli.errors import R57Error
from r57cli.gaterules import Access, FileChange, Step, check_step, read_access
from r57cli.gitgate import Change, GateCommit, Signature
from r57cli.periods import week_start_of
from r57cli.texts import say
from r57cli.workspace import Workspace


@dataclass(slots=True)
class GateResult:
    base: str
    head: str
    commits: int = 0  # in the range
    checked: int = 0  # of them, those that change the plan folder
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)


def check_range(ws: Workspace, spec: str, today: date) -> GateResult:
    return start_check(ws, spec, today).finish()


class PendingCheck:
    """A range read from git whose signature checks may still be running: `finish()`
    applies the rules; `cancel()` stops the checks and removes their files."""

    def __init__(
        self,
        result: GateResult,
        steps: list[Step],
        signatures: list[gitgate.PendingSignatures],
        today: date,
    ) -> None:
        self.result, self.steps, self.signatures, self.today = result, steps, signatures, today

    def finish(self) -> GateResult:
        found: dict[str, Signature] = {}
        try:
            for pending in self.signatures:
                found.update(pending.result())
        finally:
            self.cancel()
        for step in self.steps:
            if step.access.require_signed:
                step = step._replace(signature=found.get(step.commit.sha))
            closed_before = week_start_of(self.today, step.access.week_start)
            diagnostics, sources = check_step(step, closed_before)
            self.result.diagnostics.extend(diagnostics)
            self.result.sources.update(sources)
        return self.result

    def cancel(self) -> None:
        for pending in self.signatures:
            pending.cancel()


def start_check(ws: Workspace, spec: str, today: date) -> PendingCheck:
    """Read the range, and start checking its signatures in the background."""
    repo = ws.repo
    base_name, head_name, base, head = gitgate.range_ends(repo, spec)
    commits = gitgate.range_commits(repo, base, head)
    cut = gitgate.missing_history(repo, commits)
    if cut:
        raise R57Error(say("check-shallow", spec=f"{base_name}..{head_name}", commit=cut[0][:10]))
    result = GateResult(base, head, commits=len(commits))
    prefix = ws.plan_rel
    own, before = _own_changes(ws, commits)
    touching = [c for c in commits if own[c.sha]]
    result.checked = len(touching)
    # What the version before each commit says about people and policy, read once each.
    names = sorted(
        {
            f"{before[c.sha]}:{prefix}{n}"
            for c in touching
            if before[c.sha]
            for n in ("units.yaml", "plan.yaml")
        }
    )
    ids = gitgate.blob_ids(repo, names)
    wanted = {i for i in ids.values() if i}
    for c in touching:
        for change in own[c.sha]:
            wanted.update(b for b in (change.old, change.new) if b)
    raw = gitgate.blobs(repo, wanted)
    access_of: dict[tuple[str, str], Access] = {}
    units_docs: dict[str, Any] = {}
    steps: list[Step] = []
    to_verify: dict[str, list[GateCommit]] = {}
    for c in touching:
        prior = before[c.sha]
        key = (
            (ids.get(f"{prior}:{prefix}units.yaml") or "") if prior else "",
            (ids.get(f"{prior}:{prefix}plan.yaml") or "") if prior else "",
        )
        if key not in access_of:
            units_doc = _parse(raw.get(key[0], b""), "units.yaml")
            access_of[key] = read_access(units_doc, _parse(raw.get(key[1], b""), "plan.yaml"))
            units_docs[key[0]] = units_doc
        access = access_of[key]
        if access.require_signed:
            to_verify.setdefault(key[0], []).append(c)
        changes = [
            FileChange(
                ch.path[len(prefix) :],
                raw.get(ch.old, b"") if ch.old else None,
                raw.get(ch.new, b"") if ch.new else None,
                ch.special,
            )
            for ch in own[c.sha]
        ]
        steps.append(Step(c, changes, access, None, len(c.parents) > 1))
    return PendingCheck(result, steps, _start_signatures(ws, to_verify, units_docs), today)


def _own_changes(
    ws: Workspace, commits: list[GateCommit]
) -> tuple[dict[str, list[Change]], dict[str, str]]:
    """Each commit's own changes under the plan folder, and the tree-ish they are changes
    from ("" for a root commit). For a commit, that is its parent. For a merge of two
    commits, it is git's own automatic merge of the two: what the merge changed beyond it
    is the merge author's doing, whether an edit, a conflict resolution, or a side's
    change dropped (`-s ours`). A file git could not merge is compared with the parent
    whose version the merge did not keep. A merge of three or more parents (octopus) is
    compared with its first parent, so everything it brings in counts as its own."""
    repo, prefix = ws.repo, ws.plan_rel
    own: dict[str, list[Change]] = {}
    before: dict[str, str] = {}
    plain = [c for c in commits if len(c.parents) != 2]
    diffs = gitgate.changes(
        repo, [(c.sha, c.parents[0] if c.parents else None) for c in plain], prefix
    )
    for c, diff in zip(plain, diffs, strict=True):
        own[c.sha] = sorted(diff, key=lambda ch: ch.path)
        before[c.sha] = c.parents[0] if c.parents else ""
    for c in commits:
        if len(c.parents) != 2:
            continue
        tree, conflicted = gitgate.auto_merge(repo, c.parents[0], c.parents[1])
        changes = gitgate.tree_changes(repo, tree, c.sha, prefix)
        hard = [ch.path for ch in changes if ch.path in conflicted]
        if hard:
            sides = gitgate.blob_ids(repo, [f"{p}:{path}" for path in hard for p in c.parents])
            changes = [
                _against_other_side(ch, sides, c.parents) if ch.path in conflicted else ch
                for ch in changes
            ]
        own[c.sha] = sorted(changes, key=lambda ch: ch.path)
        before[c.sha] = tree
    return own, before


def _against_other_side(
    change: Change, sides: dict[str, str | None], parents: tuple[str, ...]
) -> Change:
    first, second = (sides.get(f"{p}:{change.path}") for p in parents)
    if change.new is not None and change.new == first:
        return change._replace(old=second)
    return change._replace(old=first)


def _start_signatures(
    ws: Workspace, groups: dict[str, list[GateCommit]], units_docs: dict[str, Any]
) -> list[gitgate.PendingSignatures]:
    """Check the signatures of each group of commits against the allowed signers of the
    units.yaml version before them (usually one group)."""
    from r57cli.access import allowed_signers

    started: list[gitgate.PendingSignatures] = []
    try:
        for units_blob, group in groups.items():
            signers = allowed_signers(units_docs.get(units_blob))
            started.append(gitgate.PendingSignatures(ws.repo, group, signers))
    except BaseException:
        for pending in started:
            pending.cancel()
        raise
    return started


def _parse(raw: bytes, name: str) -> Any:
    from r57cli.planfile import load

    return load(name, raw).data if raw else None
