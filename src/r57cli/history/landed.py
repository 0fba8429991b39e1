"""Which commits landed between two instants of the branch, and through which chain
commit: the commit-block reads of the history engine (history/chain.py's History inherits
them). History is kept in blocks of chain commits cut where a commit id starts with a zero
byte, so a complete block is read from git once and then from the cache."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from r57cli.git import reads as gitreads
from r57cli.git.reads import RangeCommit
from r57cli.git.repo import Repo
from r57cli.history.cache import SUFFIX, Store

if TYPE_CHECKING:
    from r57cli.history.chain import Chain

_TASK_FILE = re.compile(r"tasks/[a-z][a-z0-9-]{0,31}/([A-Z]{1,8}-[0-9]{1,6})\.yaml")


class LandedCommit(NamedTuple):
    """A commit that reached the branch, with the landing time of the chain commit that
    brought it (itself, or the merge of its branch)."""

    commit: RangeCommit
    landed: int
    task_ids: tuple[str, ...]
    position: int = -1  # the chain index of the commit that brought it, in this run
    via: str = ""  # ... and its id, which does not depend on the run
    # The commit that brought it is dated before the branch's time when it landed (a
    # committer date earlier than its parent's): it landed at the later time, backdated.
    backdated: bool = False


class LandedCommits:
    """The commit reads of History: what they need of it is declared here."""

    repo: Repo
    plan_rel: str
    chain: Chain
    results: Store
    _pending: list[gitreads.PendingRange]

    def landed_commits(self, old: int, new: int) -> list[LandedCommit]:
        return self.begin_commits(old, new)()

    def begin_commits(self, old: int, new: int) -> Callable[[], list[LandedCommit]]:
        """Start reading the commits that landed after chain index `old` up to and
        including `new`; the returned function gives them, oldest landing first, each with
        its landing time and the tasks it touched. git works while the caller parses.

        History is kept in blocks of chain commits that end where a commit id starts with
        a zero byte (about 256 commits): what a complete block brings never changes, so it
        is cached, and the rest is read in one `git log`."""
        if new <= old:
            return list
        lo = max(old + 1, 0)
        ends = self.chain.boundaries()
        is_end = set(ends)
        # (first, last, cacheable) spans covering lo..new: whole blocks where both ends are
        # held, and the open stretches before the first and after the last boundary.
        spans: list[tuple[int, int, bool]] = []
        start = 0
        for end in [*ends, len(self.chain) - 1]:
            if end >= start:
                closed = end in is_end and (start > 0 or self.chain.complete)
                if end >= lo and start <= new:
                    spans.append((start, end, closed))
                start = end + 1
        found: dict[int, list[LandedCommit]] = {}
        missing = []
        for first, last, closed in spans:
            block = self._block_name(first, last)
            cached = self.results.read(block, list[LandedCommit]) if closed else None
            if cached is not None:
                found[first] = cached
            else:
                missing.append((first, last, closed))
        pending = None
        if missing:
            first_read, last_read = missing[0][0], missing[-1][1]
            base = self.chain.sha(first_read - 1) if first_read > 0 else None
            pending = gitreads.PendingRange(self.repo, base, self.chain.sha(last_read))
            self._pending.append(pending)

        def finish() -> list[LandedCommit]:
            if pending is not None:
                self._pending.remove(pending)
                read = self._assign(pending.result(), first_read, last_read)
                at = [c.position for c in read]  # ascending: _assign goes in chain order
                for first, last, closed in missing:
                    found[first] = read[bisect_left(at, first) : bisect_right(at, last)]
                    if closed:
                        self.results.write(self._block_name(first, last), found[first])
            where = {self.chain.sha(i): i for i in range(lo, new + 1)}
            out: list[LandedCommit] = []
            lands, times, make = self.chain.landed, self.chain.times, LandedCommit
            for first, _, _ in spans:
                for c in found[first]:
                    index = where.get(c.via)
                    if index is not None:
                        landed = lands[index]
                        # c._replace(landed=, position=, backdated=), at a third of its cost
                        back = times[index] < landed
                        out.append(make(c.commit, landed, c.task_ids, index, c.via, back))
            return out

        return finish

    def _block_name(self, first: int, last: int) -> str:
        # Named by both ends: a rewritten history never matches an old block.
        return f"commits-{self.chain.sha(first)}-{self.chain.sha(last)}{SUFFIX}"

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
                out.append(LandedCommit(c, when, self._task_ids(c), index, sha))
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
