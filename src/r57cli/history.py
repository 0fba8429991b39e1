"""Rebuilds the plan as of any instant from git history, in a few streaming git calls.

"As of" follows the branch's first-parent chain, which is the order in which changes landed
on it (README, "How reports read history"):

- a commit on the chain *landed* at its committer date, or at its parent's landing time if
  that is later (a wrong clock can never move a change back in time);
- a merge lands everything it brings in at the merge's landing time: a pull request counts
  when it is merged, not when its commits were written;
- a rebase or a squash makes new commits, which land when they reach the branch;
- the plan as of T is the tree of the last chain commit that landed before T.

So a closed period reads the same commits every time it is rerun, whatever lands later;
only rewriting the branch's history can change it.

Parsed task files are cached by git blob id in <git-dir>/r57/history/, together with the
chain's landing times and the task listing of recent commits: a second run reads almost
nothing from git.
"""

from __future__ import annotations

import contextlib
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from r57cli import gitrepo
from r57cli.errors import R57Error
from r57cli.gitrepo import RangeCommit, Repo
from r57cli.histcache import Store
from r57cli.reporttexts import rsay
from r57cli.taskfacts import TaskFacts, parse_many

_KEEP_LISTINGS = 24
_KEEP_BLOBS = 60_000  # parsed file versions kept at least (a national plan has 10,000)
_KEEP_BLOCKS = 400  # cached blocks of 1,024 commits: 400,000 commits of history
_KEEP_PERIODS = 1_000
BLOCK = 1024  # chain commits per cached block of history
_TASK_FILE = re.compile(r"tasks/[a-z][a-z0-9-]{0,31}/([A-Z]{1,8}-[0-9]{1,6})\.yaml")


class ShallowHistory(R57Error):
    pass


# ---------------------------------------------------------------------------- the chain


@dataclass
class Chain:
    """The branch's first-parent chain, oldest first, with each commit's landing time."""

    shas: bytes = b""  # 20 bytes per commit
    landed: array[int] = field(default_factory=lambda: array("q"))
    truncated: bool = False  # a shallow clone: the oldest commit's parents are missing

    def __len__(self) -> int:
        return len(self.landed)

    def sha(self, index: int) -> str:
        return self.shas[index * 20 : index * 20 + 20].hex()

    def index_before(self, instant: int) -> int:
        """The index of the last commit that landed before `instant` (epoch seconds), or
        -1 when none did."""
        return bisect_left(self.landed, instant) - 1

    def extend(self, shas: list[str], times: list[int]) -> None:
        """Add commits given newest first, as `git rev-list` lists them."""
        from itertools import accumulate

        start = [self.landed[-1]] if self.landed else []
        clamped = list(accumulate([*start, *reversed(times)], max))
        self.landed.extend(clamped[len(start) :])
        self.shas += bytes.fromhex("".join(reversed(shas)))


# ---------------------------------------------------------------------------- the engine


class LandedCommit(NamedTuple):
    """A commit that reached the branch, with the landing time of the chain commit that
    brought it (itself, or the merge of its branch)."""

    commit: RangeCommit
    landed: int
    task_ids: tuple[str, ...]
    position: int = -1  # the chain index of the commit that brought it


class History:
    """Reads the branch's history for reports; see the module docstring for the rules."""

    def __init__(self, repo: Repo, plan_rel: str, zone: tzinfo, tip: str = "HEAD") -> None:
        self.repo = repo
        self.plan_rel = plan_rel
        self.prefix = f"{plan_rel}tasks"
        self.zone = zone
        # Git's own data (the chain, tree listings) stays valid across r57 versions; what
        # r57 made of it (parsed files, commits, period figures) is redone by a new r57.
        self.store = Store(repo, plan_rel, fingerprinted=False)
        self.results = Store(repo, plan_rel)
        head = gitrepo.resolve(repo, tip)
        if head is None:
            raise R57Error(rsay("no-commits", rev=tip))
        self.tip = head
        self._blobs: dict[str, TaskFacts | None] | None = None
        self._blobs_dirty = False
        self._indexes: dict[str, int] = {}
        self.unreadable = 0  # task files at the last state read that do not parse
        self.unreadable_ids: set[str] = set()  # ... and the IDs they are named after
        self._pending: list[gitrepo.PendingRange] = []
        self._used: set[str] = set()
        self.chain = self._load_chain()

    # ------------------------------------------------------------------ chain

    def _load_chain(self) -> Chain:
        cached = self.store.read("chain.pickle")
        chain = Chain()
        stop = None
        if isinstance(cached, tuple) and len(cached) == 4:
            tip, shas, landed, truncated = cached
            chain = Chain(shas, landed, truncated)
            stop = tip
            unshallowed = truncated and chain.sha(0) not in gitrepo.shallow_commits(self.repo)
            if unshallowed:
                chain, stop = Chain(), None
            elif tip == self.tip:
                return chain
        try:
            shas, times = gitrepo.first_parent_chain(self.repo, self.tip, stop)
        except gitrepo.GitError:
            # The cached tip is gone (a deleted branch, pruned after a force-push).
            shas, times, stop = [], [], stop or "gone"
        if stop is not None and (not shas or gitrepo.first_parent(self.repo, shas[-1]) != stop):
            # The cached tip is no longer on the branch: history was rewritten. Start over.
            chain = Chain()
            shas, times = gitrepo.first_parent_chain(self.repo, self.tip, None)
        if stop is None or not len(chain):
            chain.truncated = bool(shas) and shas[-1] in gitrepo.shallow_commits(self.repo)
        chain.extend(shas, times)
        self.store.write("chain.pickle", (self.tip, chain.shas, chain.landed, chain.truncated))
        return chain

    def index_before(self, instant: datetime) -> int:
        """The chain index of the commit whose tree is the plan as of `instant` (-1 before
        the first commit). Stops with the fix when a shallow clone lacks that history."""
        index = self.chain.index_before(int(instant.timestamp()))
        if self.chain.truncated and index < 0:
            raise ShallowHistory(rsay("shallow", when=instant.date().isoformat()))
        if index >= 0:
            self._indexes[self.chain.sha(index)] = index
        return index

    def commit_at(self, index: int) -> str | None:
        return self.chain.sha(index) if index >= 0 else None

    # ------------------------------------------------------------------ states

    def tasks_at(self, commit: str | None, only: set[str] | None = None) -> dict[str, TaskFacts]:
        """Every readable task at `commit`, by ID (the first path, in git's order, when a
        broken plan has two files for one ID); with `only`, just those IDs, and no other
        file is read or parsed."""
        if commit is None:
            return {}
        listing = self.listing(commit)
        cut = len(self.plan_rel)
        named = []
        for path in sorted(listing):
            match = _TASK_FILE.fullmatch(path[cut:])
            if match and (only is None or match[1] in only):
                named.append((match[1], listing[path]))
        facts = self.facts({blob for _, blob in named})
        out: dict[str, TaskFacts] = {}
        for task_id, blob in named:
            task = facts.get(blob)
            if task is not None and task.id == task_id:
                out.setdefault(task_id, task)
        self.unreadable_ids = {i for i, blob in named if i not in out}
        self.unreadable = len(self.unreadable_ids)
        return out

    def listing(self, commit: str) -> dict[str, str]:
        """Task files and their blob ids at `commit`: from the cache, else from the
        nearest cached commit plus a tree diff, else from `git ls-tree`."""
        name = f"listing-{self._index_of(commit)}-{commit}.pickle"
        cached = self.store.read(name)
        if isinstance(cached, tuple):
            return dict(cached[1])
        base = self._nearest_listing(commit)
        changes = None
        if base is not None:
            base_sha, listing = base
            try:
                changes = gitrepo.diff_trees(self.repo, base_sha, commit, self.prefix)
            except gitrepo.GitError:
                changes = None  # the cached commit is gone from the repository: list anew
        if changes is not None:
            for path, blob in changes.items():
                if blob is None:
                    listing.pop(path, None)
                else:
                    listing[path] = blob
        else:
            listing = gitrepo.list_tree(self.repo, commit, self.prefix)
        self.store.write(name, (commit, listing))
        self.store.prune("listing-*.pickle", _KEEP_LISTINGS)
        return listing

    def read_period(self, key: str) -> Any:
        return self.results.read(f"period-{key}.pickle")

    def write_period(self, key: str, payload: Any) -> None:
        self.results.write(f"period-{key}.pickle", payload)

    def save(self) -> None:
        """Keep what was parsed. The file holds every version read so far; once it is four
        times what this run used, versions this run did not need are dropped."""
        if self._blobs_dirty and self._blobs is not None:
            if len(self._blobs) > max(_KEEP_BLOBS, 4 * len(self._used)):
                self._blobs = {b: self._blobs[b] for b in self._used if b in self._blobs}
            self.results.write("blobs.pickle", self._blobs)
            self._blobs_dirty = False
        self.results.prune("commits-*.pickle", _KEEP_BLOCKS)
        self.results.prune("period-*.pickle", _KEEP_PERIODS)

    def close(self) -> None:
        """Stop any `git log` still running in the background (after an error)."""
        for pending in self._pending:
            pending.cancel()
        self._pending.clear()

    def _nearest_listing(self, commit: str) -> tuple[str, dict[str, str]] | None:
        """A cached listing to start from: the one of the chain commit nearest to this one
        (file names carry the chain index), so the tree diff is short."""
        target = self._index_of(commit)
        best: tuple[int, str] | None = None
        with contextlib.suppress(OSError):
            for path in self.store.dir.glob("listing-*.pickle"):
                _, index, sha = path.stem.split("-", 2)
                distance = abs(int(index) - target) if index.isdigit() else 10**9
                if best is None or distance < best[0]:
                    best = (distance, path.name)
        if best is None:
            return None
        cached = self.store.read(best[1])
        if not isinstance(cached, tuple):
            return None
        return cached[0], dict(cached[1])

    def _index_of(self, commit: str) -> int:
        return self._indexes.get(commit, 10**8)

    def facts(self, blobs: set[str]) -> dict[str, TaskFacts | None]:
        """Parsed facts for each blob id, each distinct version parsed once ever."""
        if self._blobs is None:
            cached = self.results.read("blobs.pickle")
            self._blobs = cached if isinstance(cached, dict) else {}
        known = self._blobs
        self._used |= blobs
        missing = [b for b in blobs if b not in known]
        if missing:
            known.update(parse_many(gitrepo.read_blobs(self.repo, sorted(missing))))
            for blob in missing:
                known.setdefault(blob, None)
            self._blobs_dirty = True
        return {b: known[b] for b in blobs}

    # ------------------------------------------------------------------ commits

    def landed_commits(self, old: int, new: int) -> list[LandedCommit]:
        return self.begin_commits(old, new)()

    def begin_commits(self, old: int, new: int) -> Callable[[], list[LandedCommit]]:
        """Start reading the commits that landed after chain index `old` up to and
        including `new`; the returned function gives them, oldest landing first, each with
        its landing time and the tasks it touched. git works while the caller parses.

        History is kept in blocks of BLOCK chain commits: what a complete block brings
        never changes, so it is cached, and only blocks not cached yet are read, in one
        `git log`."""
        if new <= old:
            return list
        blocks = range(max(old + 1, 0) // BLOCK, new // BLOCK + 1)
        found: dict[int, list[LandedCommit]] = {}
        missing = []
        for block in blocks:
            cached = self.results.read(self._block_name(block)) if self._complete(block) else None
            if isinstance(cached, list):
                found[block] = cached
            else:
                missing.append(block)
        pending = None
        if missing:
            first = missing[0] * BLOCK
            last = min(missing[-1] * BLOCK + BLOCK - 1, len(self.chain) - 1)
            base = self.chain.sha(first - 1) if first > 0 else None
            pending = gitrepo.PendingRange(self.repo, base, self.chain.sha(last))
            self._pending.append(pending)

        def finish() -> list[LandedCommit]:
            if pending is not None:
                self._pending.remove(pending)
                read = self._assign(pending.result(), first, last)
                for block in missing:
                    found[block] = [c for c in read if c.position // BLOCK == block]
                    if self._complete(block):
                        self.results.write(self._block_name(block), found[block])
            out: list[LandedCommit] = []
            for block in blocks:
                out.extend(c for c in found[block] if old < c.position <= new)
            return out

        return finish

    def _complete(self, block: int) -> bool:
        return (block + 1) * BLOCK <= len(self.chain)

    def _block_name(self, block: int) -> str:
        # Named by position, landing time and both ends: a rewritten history never
        # matches an old block.
        first, last = block * BLOCK, block * BLOCK + BLOCK - 1
        return (
            f"commits-{first}-{self.chain.landed[first]}-"
            f"{self.chain.sha(first)[:16]}-{self.chain.sha(last)}.pickle"
        )

    def _assign(self, commits: list[RangeCommit], first: int, last: int) -> list[LandedCommit]:
        """Which chain commit brought each commit: itself, or the merge that brought in
        the branch it is on (the first merge, in landing order, that reaches it)."""
        by_sha = {c.sha: c for c in commits}
        order = [self.chain.sha(i) for i in range(first, last + 1)]
        assigned: set[str] = set(order)
        out: list[LandedCommit] = []
        for index, sha in enumerate(order, first):
            commit = by_sha.get(sha)
            if commit is None:
                continue
            when = self.chain.landed[index]
            brought = self._brought(commit, by_sha, assigned)
            for c in [*brought, commit]:
                if len(c.parents) > 1:
                    continue  # a merge is not a report; the commits it brings are
                out.append(LandedCommit(c, when, self._task_ids(c), index))
        return out

    @staticmethod
    def _brought(
        merge: RangeCommit, by_sha: dict[str, RangeCommit], assigned: set[str]
    ) -> list[RangeCommit]:
        """The commits a merge brings that the branch did not have yet, parents before
        children: the order the work was done in, whatever the authors' clocks say."""
        out: list[RangeCommit] = []
        stack: list[tuple[str, bool]] = [(p, False) for p in reversed(merge.parents[1:])]
        while stack:
            sha, parents_done = stack.pop()
            if parents_done:
                out.append(by_sha[sha])
                continue
            if sha in assigned or sha not in by_sha:
                continue
            assigned.add(sha)
            stack.append((sha, True))
            stack.extend((p, False) for p in reversed(by_sha[sha].parents))
        return out

    def _task_ids(self, commit: RangeCommit) -> tuple[str, ...]:
        ids = []
        cut = len(self.plan_rel)
        for path in commit.paths:
            if path.startswith(self.plan_rel):
                match = _TASK_FILE.fullmatch(path[cut:])
                if match:
                    ids.append(match[1])
        named = commit.trailers.get("R57-Task")
        if named and not ids and commit.trailers.get("R57-Action") == "report":
            ids.append(named)  # a report with no new figure changes no file
        return tuple(dict.fromkeys(ids))
