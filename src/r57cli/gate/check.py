"""`r57 check BASE..HEAD` as a function: read the range's commits from git, give each
commit's own changes to the rules (gaterules.py), and return every problem.

Merge commits: the commits a merge brings in are in the range themselves (or already in
BASE, and so accepted), and each is checked on its own. The merge's *own* changes are the
files where it holds something other than what merging would give, path by path: the
side that changed a file since the merge base, or git's own merge of the file when both
did (`git merge-tree`). So an edit slipped into the merge, a conflict resolved by hand,
and one side's change thrown away (`git merge -s ours`) are all its own; they are checked
as a commit by the merge's author, against what merging would give (a conflicted file:
against each side). A clean merge changes nothing of its own and passes. An octopus
merge (three parents or more) is compared with its first parent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli.errors import R57Error
from r57cli.gate.changes import TASK_PATH, FileChange, Step
from r57cli.gate.people import Access, read_access, stricter
from r57cli.gate.rules import check_step
from r57cli.git import gate as gitgate
from r57cli.git.gate import Change, GateCommit, Signature
from r57cli.git.reads import list_tree
from r57cli.history.periods import week_start_of
from r57cli.locale.texts import say
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.workspace import Workspace

_ACCESS_FILES = ("units.yaml", "plan.yaml")


@dataclass(slots=True)
class GateResult:
    base: str
    head: str
    commits: int = 0  # in the range
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)


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
        seen: set[tuple[str, str, str, int, int]] = set()
        for step in self.steps:
            if step.access.require_signed:
                step = step._replace(signature=found.get(step.commit.sha))
            closed_before = week_start_of(self.today, step.access.week_start)
            diagnostics, sources = check_step(step, closed_before, self.today)
            for d in diagnostics:
                key = (d.code, d.commit, d.path, d.line, d.column)
                if key not in seen:  # a conflicted file is checked against each side
                    seen.add(key)
                    self.result.diagnostics.append(d)
            self.result.sources.update(sources)
        return self.result

    def cancel(self) -> None:
        for pending in self.signatures:
            pending.cancel()


class _Reader:
    """Blob ids and contents read in batches, and parsed access files, cached."""

    def __init__(self, ws: Workspace) -> None:
        self.repo, self.prefix = ws.repo, ws.plan_rel
        self.ids: dict[str, str | None] = {}
        self.raw: dict[str, bytes] = {}
        self.access: dict[tuple[str, str], Access] = {}
        self.units_docs: dict[str, Any] = {}

    def blob_ids(self, names: list[str]) -> None:
        todo = sorted({n for n in names if n not in self.ids})
        self.ids.update(gitgate.blob_ids(self.repo, todo))

    def read(self, blobs: set[str]) -> None:
        todo = {b for b in blobs if b and b not in self.raw}
        self.raw.update(gitgate.blobs(self.repo, todo))

    def access_at(self, rev: str) -> tuple[Access, str]:
        """units.yaml and plan.yaml at `rev` ("" for before the first commit), read
        earlier with `blob_ids` and `read`; and units.yaml's blob id."""
        units, plan = (self.ids.get(f"{rev}:{self.prefix}{n}") or "" for n in _ACCESS_FILES)
        key = (units, plan) if rev else ("", "")
        if key not in self.access:
            units_doc = _parse(self.raw.get(key[0], b""), "units.yaml")
            plan_doc = _parse(self.raw.get(key[1], b""), "plan.yaml")
            self.access[key] = read_access(units_doc, plan_doc)
            self.units_docs[key[0]] = units_doc
        return self.access[key], key[0]


def start_check(ws: Workspace, spec: str, today: date) -> PendingCheck:
    """Read the range, and start checking its signatures in the background."""
    repo, prefix = ws.repo, ws.plan_rel
    base_name, head_name, base, head = gitgate.range_ends(repo, spec)
    commits = gitgate.range_commits(repo, base, head)
    cut = gitgate.missing_history(repo, commits)
    if cut:
        raise R57Error(say("check-shallow", spec=f"{base_name}..{head_name}", commit=cut[0][:10]))
    result = GateResult(base, head, commits=len(commits))
    own, before = _own_changes(ws, commits)
    claims = {
        c.sha: task for c in commits if not own[c.sha] and (task := c.trailers.get("R57-Task"))
    }
    touching = [c for c in commits if own[c.sha] or c.sha in claims]
    if not touching:
        return PendingCheck(result, [], [], today)
    reader = _Reader(ws)
    priors = {before[c.sha] for c in touching if before[c.sha]} | {base}
    reader.blob_ids([f"{rev}:{prefix}{n}" for rev in priors for n in _ACCESS_FILES])
    base_tasks = _tasks_by_id(list_tree(repo, base, f"{prefix}tasks/"), prefix)
    claimed_at = _claimed_tasks(ws, touching, claims, before, base_tasks)
    wanted = {i for i in reader.ids.values() if i}
    touched = set(claims.values()) | {
        m[2]
        for c in touching
        for ch in own[c.sha]
        if (m := TASK_PATH.match(ch.path[len(prefix) :]))
    }
    wanted |= {base_tasks[i][1] for i in touched if i in base_tasks}
    wanted |= {blob for _path, blob in claimed_at.values() if blob}
    for c in touching:
        for change in own[c.sha]:
            wanted.update(b for b in (change.old, change.new) if b)
    reader.read(wanted)
    base_access, base_units = reader.access_at(base)
    steps: list[Step] = []
    to_verify: dict[str, list[GateCommit]] = {}
    trail: dict[str, list[bytes]] = {}  # each path's versions so far in the range
    strict: dict[int, Access] = {}
    dated = {c.sha: c.committed for c in commits}
    outside = sorted({c.parents[0] for c in touching if c.parents} - dated.keys())
    dated.update(gitgate.committer_dates(repo, outside))  # one git process, not one a commit
    for c in touching:
        parent_access, parent_units = reader.access_at(before[c.sha])
        access = strict.get(id(parent_access)) or stricter(parent_access, base_access)
        strict[id(parent_access)] = access
        if access.require_signed:
            to_verify.setdefault(f"{parent_units}:{base_units}", []).append(c)
        changes = [_file_change(ch, prefix, reader.raw) for ch in own[c.sha]]
        ids = {m[2] for ch in changes if (m := TASK_PATH.match(ch.path))}
        claimed = None
        if c.sha in claimed_at:
            path, blob = claimed_at[c.sha]
            raw = reader.raw.get(blob) if blob else None
            claimed = FileChange(path, raw, raw) if raw is not None else None
            ids.add(claims[c.sha])
        at_base = {i: reader.raw[b] for i in ids if (b := base_tasks.get(i, ("", ""))[1])}
        for ch in changes:  # from the version before the range's first change to a file
            if ch.path not in trail and ch.old is not None:
                trail[ch.path] = [ch.old]
        earlier = {ch.path: tuple(trail[ch.path]) for ch in changes if ch.path in trail}
        parent = dated.get(c.parents[0]) if c.parents else None
        steps.append(Step(c, changes, access, None, at_base, claimed, earlier, parent))
        for ch in changes:
            if ch.new is not None:
                trail.setdefault(ch.path, []).append(ch.new)
    signatures = _start_signatures(ws, to_verify, reader.units_docs)
    return PendingCheck(result, steps, signatures, today)


def _file_change(change: Change, prefix: str, raw: dict[str, bytes]) -> FileChange:
    return FileChange(
        change.path[len(prefix) :],
        raw.get(change.old, b"") if change.old else None,
        raw.get(change.new, b"") if change.new else None,
        change.special,
    )


def _tasks_by_id(tree: dict[str, str], prefix: str) -> dict[str, tuple[str, str]]:
    """Task ID -> (plan-relative path, blob id) of the task files in a tree listing."""
    found: dict[str, tuple[str, str]] = {}
    for path, blob in sorted(tree.items()):
        rel = path[len(prefix) :]
        match = TASK_PATH.match(rel)
        if match is not None:
            found.setdefault(match[2], (rel, blob))
    return found


def _claimed_tasks(
    ws: Workspace,
    touching: list[GateCommit],
    claims: dict[str, str],
    before: dict[str, str],
    base_tasks: dict[str, tuple[str, str]],
) -> dict[str, tuple[str, str]]:
    """For each commit that reports on a task without changing a file: the task's path
    and blob before it (its parent's version, else BASE's)."""
    found: dict[str, tuple[str, str]] = {}
    listings: dict[str, dict[str, tuple[str, str]]] = {}
    for c in touching:
        task = claims.get(c.sha)
        prior = before.get(c.sha, "")
        if task is None:
            continue
        if prior and prior not in listings:
            tree = list_tree(ws.repo, prior, f"{ws.plan_rel}tasks/")
            listings[prior] = _tasks_by_id(tree, ws.plan_rel)
        entry = listings.get(prior, {}).get(task) or base_tasks.get(task)
        if entry is not None:
            found[c.sha] = entry
    return found


def _own_changes(
    ws: Workspace, commits: list[GateCommit]
) -> tuple[dict[str, list[Change]], dict[str, str]]:
    """Each commit's own changes under the plan folder, and the commit whose units.yaml
    and plan.yaml it is judged by ("" for a root commit): its (first) parent."""
    repo, prefix = ws.repo, ws.plan_rel
    own: dict[str, list[Change]] = {}
    before: dict[str, str] = {c.sha: c.parents[0] if c.parents else "" for c in commits}
    plain = [c for c in commits if len(c.parents) != 2]
    diffs = gitgate.changes(
        repo, [(c.sha, c.parents[0] if c.parents else None) for c in plain], prefix
    )
    for c, diff in zip(plain, diffs, strict=True):
        own[c.sha] = sorted(diff, key=lambda ch: ch.path)
    for c in commits:
        if len(c.parents) == 2:
            own[c.sha] = _merge_changes(ws, c)
    if not prefix:
        # A plan at the repository's root: README, .github/ and the rest are not the
        # plan's files (CODEOWNERS and branch protection look after them).
        for sha, changes in own.items():
            own[sha] = [
                ch for ch in changes if ch.path in _ACCESS_FILES or ch.path.startswith("tasks/")
            ]
    return own, before


def _merge_changes(ws: Workspace, merge: GateCommit) -> list[Change]:
    """What a two-parent merge holds beyond what merging its parents gives, path by path
    (no rename detection: a rename across the plan folder's edge must not carry changes
    made outside it in). Each as a change from what merging would give; a file git could
    not merge, once against each side."""
    repo, prefix = ws.repo, ws.plan_rel
    first, second = merge.parents
    common = gitgate.merge_base(repo, first, second)
    pairs: list[tuple[str, str | None]] = [(merge.sha, first), (merge.sha, second)]
    if common is not None:
        pairs += [(first, common), (second, common)]
    diffs = gitgate.changes(repo, pairs, prefix)
    paths = sorted({ch.path for diff in diffs for ch in diff})
    special = {ch.path for diff in diffs for ch in diff if ch.special}
    tree, conflicted = gitgate.auto_merge(repo, first, second)
    revs = [r for r in (common, first, second, merge.sha) if r] + [tree]
    ids = gitgate.blob_ids(repo, [f"{rev}:{path}" for path in paths for rev in revs])
    out: list[Change] = []
    for path in paths:
        at = {rev: ids.get(f"{rev}:{path}") for rev in revs}
        b, x, y, m = (at.get(r) if r else None for r in (common, first, second, merge.sha))
        if x == b:
            expected: list[str | None] = [y]
        elif y == b or x == y:
            expected = [x]
        elif path not in conflicted and None not in (b, x, y):
            expected = [at[tree]]
        else:
            expected = [x, y]  # git could not merge it: the merge chose; check each side
        if len(expected) == 1 and m == expected[0]:
            continue
        sides = [old for old in dict.fromkeys(expected) if old != m]
        out.extend(Change(path, old, m, path in special) for old in sides)
    return out


def _start_signatures(
    ws: Workspace, groups: dict[str, list[GateCommit]], units_docs: dict[str, Any]
) -> list[gitgate.PendingSignatures]:
    """Check the signatures of each group of commits against the keys that both its
    parent's and BASE's units.yaml list (grouped by those versions: usually one group)."""
    from r57cli.gate.accessfiles import allowed_signers

    started: list[gitgate.PendingSignatures] = []
    try:
        for key, group in groups.items():
            parent_units, base_units = key.split(":")
            parent = allowed_signers(units_docs.get(parent_units))
            both = set(allowed_signers(units_docs.get(base_units)).splitlines())
            signers = "".join(
                f"{line}\n" for line in parent.splitlines() if line.startswith("#") or line in both
            )
            started.append(gitgate.PendingSignatures(ws.repo, group, signers))
    except BaseException:
        for pending in started:
            pending.cancel()
        raise
    return started


def _parse(raw: bytes, name: str) -> Any:
    from r57cli.plan.planfile import load

    return load(name, raw).data if raw else None
