"""`r57 check BASE..HEAD` as a function: read the range's commits from git, give each
commit's own changes to the rules (gaterules.py), and return every problem.

Merge commits: the commits a merge brings in are in the range themselves (or already in
BASE, and so accepted), and each is checked on its own. The merge's *own* changes are the
files whose merged version matches none of its parents: a conflict resolved by hand, or
an edit slipped into the merge. Those are checked as a commit by the merge's author on top
of its first parent. A merge that only takes one side's version of each file changes
nothing of its own and passes."""

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
    repo = ws.repo
    base_name, head_name, base, head = gitgate.range_ends(repo, spec)
    commits = gitgate.range_commits(repo, base, head)
    cut = gitgate.missing_history(repo, commits)
    if cut:
        raise R57Error(say("check-shallow", spec=f"{base_name}..{head_name}", commit=cut[0][:10]))
    result = GateResult(base, head, commits=len(commits))
    prefix = ws.plan_rel
    own = _own_changes(repo_changes(ws, commits), commits)
    touching = [c for c in commits if own[c.sha]]
    result.checked = len(touching)
    if not touching:
        return result
    # What each parent says about people and policy, read once per distinct version.
    parents = sorted({c.parents[0] for c in touching if c.parents})
    names = [f"{p}:{prefix}{name}" for p in parents for name in ("units.yaml", "plan.yaml")]
    ids = gitgate.blob_ids(repo, names)
    wanted = {i for i in ids.values() if i}
    for c in touching:
        for change in own[c.sha]:
            wanted.update(b for b in (change.old, change.new) if b)
    raw = gitgate.blobs(repo, wanted)
    access_of: dict[tuple[str | None, str | None], Access] = {}
    units_raw: dict[str, Any] = {}
    step_access: dict[str, Access] = {}
    for c in touching:
        parent = c.parents[0] if c.parents else None
        key = (
            ids.get(f"{parent}:{prefix}units.yaml") if parent else None,
            ids.get(f"{parent}:{prefix}plan.yaml") if parent else None,
        )
        if key not in access_of:
            units_doc = _parse(raw.get(key[0] or "", b""), "units.yaml")
            access_of[key] = read_access(units_doc, _parse(raw.get(key[1] or "", b""), "plan.yaml"))
            units_raw[key[0] or ""] = units_doc
        step_access[c.sha] = access_of[key]
    sigs = _signatures(ws, touching, step_access, units_raw, ids, prefix)
    for c in touching:
        access = step_access[c.sha]
        changes = [
            FileChange(
                ch.path[len(prefix) :],
                raw.get(ch.old, b"") if ch.old else None,
                raw.get(ch.new, b"") if ch.new else None,
            )
            for ch in own[c.sha]
        ]
        step = Step(c, changes, access, sigs.get(c.sha), len(c.parents) > 1)
        found, sources = check_step(step, week_start_of(today, access.week_start))
        result.diagnostics.extend(found)
        result.sources.update(sources)
    return result


def repo_changes(ws: Workspace, commits: list[GateCommit]) -> list[list[Change]]:
    pairs: list[tuple[str, str | None]] = []
    for c in commits:
        if c.parents:
            pairs.extend((c.sha, p) for p in c.parents)
        else:
            pairs.append((c.sha, None))
    return gitgate.changes(ws.repo, pairs, ws.plan_rel)


def _own_changes(diffs: list[list[Change]], commits: list[GateCommit]) -> dict[str, list[Change]]:
    """Each commit's own changes: against its parent, or, for a merge, the files it changed
    against every parent (compared with the first parent's version)."""
    own: dict[str, list[Change]] = {}
    at = 0
    for c in commits:
        count = max(1, len(c.parents))
        per_parent = diffs[at : at + count]
        at += count
        if count == 1:
            own[c.sha] = sorted(per_parent[0], key=lambda ch: ch.path)
            continue
        first = {ch.path: ch for ch in per_parent[0]}
        common = set(first).intersection(*({ch.path for ch in d} for d in per_parent[1:]))
        own[c.sha] = [first[p] for p in sorted(common)]
    return own


def _signatures(
    ws: Workspace,
    touching: list[GateCommit],
    step_access: dict[str, Access],
    units_docs: dict[str, Any],
    ids: dict[str, str | None],
    prefix: str,
) -> dict[str, Signature]:
    """Signatures of the commits whose parent's policy requires them, verified against the
    allowed signers of that parent's units.yaml (grouped: usually one group)."""
    from r57cli.access import allowed_signers

    groups: dict[str, list[GateCommit]] = {}
    for c in touching:
        if step_access[c.sha].require_signed:
            parent = c.parents[0] if c.parents else None
            units_blob = (ids.get(f"{parent}:{prefix}units.yaml") if parent else None) or ""
            groups.setdefault(units_blob, []).append(c)
    found: dict[str, Signature] = {}
    for units_blob, group in groups.items():
        signers = allowed_signers(units_docs.get(units_blob))
        found.update(gitgate.signatures(ws.repo, group, signers))
    return found


def _parse(raw: bytes, name: str) -> Any:
    from r57cli.planfile import load

    return load(name, raw).data if raw else None
