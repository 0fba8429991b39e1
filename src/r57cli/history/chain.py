"""Rebuilds the plan as of any instant from git history, in a few streaming git calls.

"As of" follows the branch's first-parent chain, which is the order in which changes landed
on it (docs/report.md, "How reports read history"):

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

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from r57cli.errors import R57Error
from r57cli.git import reads as gitreads
from r57cli.git import repo as gitrepo
from r57cli.git.repo import Repo
from r57cli.history.cache import SUFFIX, Store
from r57cli.history.landed import LandedCommits
from r57cli.history.listings import _OBJECT_ID, Listings
from r57cli.locale.reportwords import rsay
from r57cli.plan.taskfacts import TaskFacts, parse_many, parse_task, probe_pct, with_pct

if TYPE_CHECKING:
    from r57cli.plan.taskpatch import Shape

_KEEP_BLOBS = 60_000  # parsed file versions kept at least (a national plan has 10,000)
_KEEP_BLOCKS = 1_600  # cached blocks of ~256 commits: ~400,000 commits of history
_KEEP_PERIODS = 1_000
_CLOCK_SLACK = 7 * 86400  # how far a wrong clock may put a commit before its parent

# The shapes of the cache files (history/cache.py decodes each into its type, a file of
# another shape is a miss): the chain is (tip, 20-byte ids, committer times as int64 bytes,
# complete, truncated). A listing's is in history/listings.py.
_ChainFile = tuple[str, bytes, bytes, bool, bool]


class ShallowHistory(R57Error):
    pass


# ---------------------------------------------------------------------------- the chain


@dataclass
class Chain:
    """A stretch of the branch's first-parent chain, oldest first, up to its tip: each
    commit's committer time and landing time (that time, or the one before it if later).
    It reaches back as far as reports have needed; `complete` once it got to the root."""

    shas: bytes = b""  # 20 bytes per commit
    times: array[int] = field(default_factory=lambda: array("q"))
    landed: array[int] = field(default_factory=lambda: array("q"))
    complete: bool = False
    truncated: bool = False  # a shallow clone: the oldest commit's parents are missing
    _ends: list[int] | None = None

    def __len__(self) -> int:
        return len(self.times)

    def sha(self, index: int) -> str:
        return self.shas[index * 20 : index * 20 + 20].hex()

    def index_before(self, instant: int) -> int:
        """The index of the last commit that landed before `instant` (epoch seconds), or
        -1 when none did."""
        return bisect_left(self.landed, instant) - 1

    def add_newer(self, shas: list[str], times: list[int]) -> None:
        """Commits given newest first (as `git rev-list` lists them) that follow the tip."""
        self.shas += bytes.fromhex("".join(reversed(shas)))
        self.times.extend(reversed(times))
        self._clamp()

    def add_older(self, shas: list[str], times: list[int]) -> None:
        """Commits given newest first that come before the oldest one held."""
        self.shas = bytes.fromhex("".join(reversed(shas))) + self.shas
        self.times = array("q", reversed(times)) + self.times
        self._clamp()

    def _clamp(self) -> None:
        from itertools import accumulate

        self.landed = array("q", accumulate(self.times, max))
        self._ends = None

    def boundaries(self) -> list[int]:
        """Indices of the commits that end a block: those whose id starts with a zero byte
        (1 in 256). Chosen by content, so the blocks stay the same whichever stretch of
        the chain a run holds."""
        if self._ends is None:
            first_bytes = self.shas[0::20]
            self._ends = [m.start() for m in re.finditer(b"\x00", first_bytes)]
        return self._ends


def _chain_fits(cached: _ChainFile) -> bool:
    """A cached chain whose parts agree: a tip that is an object id, 20 bytes of id and 8
    of time per commit."""
    tip, shas, times, _, _ = cached
    return (
        bool(_OBJECT_ID.fullmatch(tip)) and len(shas) * 8 == len(times) * 20 and not len(times) % 8
    )


# ---------------------------------------------------------------------------- the engine


class History(LandedCommits, Listings):
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
        head = gitreads.resolve(repo, tip)
        if head is None:
            raise R57Error(rsay("no-commits" if tip == "HEAD" else "no-rev", rev=tip))
        self.tip = head
        self._blobs: dict[str, TaskFacts | None] | None = None
        self._blobs_dirty = False
        self.unreadable = 0  # task files at the last state read that do not parse
        self.unreadable_ids: set[str] = set()  # ... and the IDs they are named after
        self.state_blobs: dict[str, str] = {}  # ... and each readable task's blob id
        self._pending: list[gitreads.PendingRange] = []
        self._used: set[str] = set()
        self._pcts: dict[str, int] | None = None
        self._pcts_dirty = False
        # The last listings made in this run, by commit: the next boundary of a trend is
        # the nearest of them plus a diff, even where the cache is not written (a child).
        self._listings: dict[str, dict[str, str]] = {}
        self._named: dict[str, list[tuple[str, str]]] = {}
        # The last version read of each task: its blob and text, or (once a version is read
        # from it) its Shape, None if not of the safe shape (plan/taskpatch.py).
        self._texts: dict[str, tuple[str, bytes | Shape | None]] = {}
        # How file versions are parsed: report/forked.py may share the work with children.
        # The last two states tasks_at read, by commit: tasks, blob ids, unreadable IDs.
        self._states: dict[str, tuple[dict[str, TaskFacts], dict[str, str], set[str]]] = {}
        self.parse: Callable[[dict[str, bytes]], dict[str, TaskFacts | None]] = parse_many
        self.chain = self._load_chain()

    # ------------------------------------------------------------------ chain

    def _load_chain(self) -> Chain:
        """The chain held in the cache, brought up to the current tip. History is only read
        further back when a report asks for an older instant (`index_before`)."""
        cached = self.store.read(f"chain{SUFFIX}", _ChainFile)
        if cached is not None and _chain_fits(cached):
            tip, shas, raw_times, complete, truncated = cached
            times = array("q")
            times.frombytes(raw_times)
            chain = Chain(shas, times, array("q"), complete, truncated)
            chain._clamp()
            unshallowed = truncated and chain.sha(0) not in gitreads.shallow_commits(self.repo)
            if tip == self.tip and not unshallowed:
                return chain
            if not unshallowed and self._catch_up(chain, tip):
                self._save_chain(chain)
                return chain
        chain = Chain()
        # A first run reads a few weeks back; index_before reads more if a report needs it.
        self._read_older(chain, until=int(datetime.now().timestamp()) - 70 * 86400)
        return chain

    def _catch_up(self, chain: Chain, old_tip: str) -> bool:
        """Add the commits that landed since `old_tip`; False when `old_tip` is no longer
        on the branch's first-parent chain (history rewritten) or is gone."""
        try:
            shas, times, _ = gitreads.first_parent_chain(self.repo, self.tip, old_tip)
        except gitrepo.GitError:
            return False
        if not shas or gitreads.first_parent(self.repo, shas[-1]) != old_tip:
            return False
        chain.add_newer(shas, times)
        return True

    def _read_older(self, chain: Chain, until: int) -> None:
        """Read the chain back past `until` (or to the root) from before its oldest
        commit, or from the tip when it is empty."""
        start = self.tip if not len(chain) else gitreads.first_parent(self.repo, chain.sha(0))
        if start is None:  # the oldest commit held is a root
            chain.complete = True
            chain.truncated = chain.sha(0) in gitreads.shallow_commits(self.repo)
        else:
            # Commits a few days older than `until` are read too: a wrong clock may have
            # put a commit that landed later before it.
            shas, times, ended = gitreads.first_parent_chain(
                self.repo, start, None, until - _CLOCK_SLACK
            )
            if len(chain):
                chain.add_older(shas, times)
            else:
                chain.add_newer(shas, times)
            if ended:
                chain.complete = True
                chain.truncated = bool(shas) and shas[-1] in gitreads.shallow_commits(self.repo)
        self._save_chain(chain)

    def _save_chain(self, chain: Chain) -> None:
        self.store.write(
            f"chain{SUFFIX}",
            (self.tip, chain.shas, chain.times.tobytes(), chain.complete, chain.truncated),
        )

    def index_before(self, instant: datetime) -> int:
        """The chain index of the commit whose tree is the plan as of `instant` (-1 before
        the first commit). Stops with the fix when a shallow clone lacks that history.
        Indices count from the oldest commit this run holds: compare them within a run."""
        moment = int(instant.timestamp())
        while not self.chain.complete and (
            not len(self.chain) or self.chain.times[0] >= moment - _CLOCK_SLACK
        ):
            self._read_older(self.chain, until=moment - 35 * 86400)
        index = self.chain.index_before(moment)
        if self.chain.truncated and index < 0:
            raise ShallowHistory(rsay("shallow", when=instant.date().isoformat()))
        return index

    def commit_at(self, index: int) -> str | None:
        return self.chain.sha(index) if index >= 0 else None

    # ------------------------------------------------------------------ states

    def tasks_at(self, commit: str | None) -> dict[str, TaskFacts]:
        """Every readable task at `commit`, by ID (the first path, in git's order, when a
        broken plan has two files for one ID)."""
        if commit is None:
            self.state_blobs = {}
            return {}
        last = self._states.get(commit)
        if last is not None:
            # A boundary ends one period and starts the next: read it once.
            out, blobs, unreadable_ids = last
            self.state_blobs = dict(blobs)
            self.unreadable_ids = set(unreadable_ids)
            self.unreadable = len(unreadable_ids)
            return dict(out)
        named = self.named(commit)
        facts = self.facts({blob for _, blob in named}, named)
        out = {}
        blobs = {}
        for task_id, blob in named:
            task = facts.get(blob)
            if task is not None and task.id == task_id and task_id not in out:
                out[task_id] = task
                blobs[task_id] = blob
        self.state_blobs = blobs  # which version each task is, for report/taskrow.py
        self.unreadable_ids = {i for i, blob in named if i not in out}
        self.unreadable = len(self.unreadable_ids)
        # A period reads its end, then its start: the next one forwards reads the state
        # before last, the one backwards (a forked child's) the last one.
        self._states[commit] = (out, blobs, self.unreadable_ids)
        while len(self._states) > 2:
            del self._states[next(iter(self._states))]
        return dict(out)

    def pcts_at(self, commit: str | None, tasks: dict[str, TaskFacts]) -> dict[str, TaskFacts]:
        """These tasks with their % as of `commit` (and nothing else of that version):
        what the speed and the stuck test need. Older versions are probed for their %
        alone, and parsed whole only when the probe cannot be sure."""
        if commit is None:
            return {}
        if self._blobs is None:
            self._blobs = self.results.read(f"blobs{SUFFIX}", dict[str, TaskFacts | None]) or {}
        if self._pcts is None:
            self._pcts = self.results.read(f"pcts{SUFFIX}", dict[str, int]) or {}
        known, pcts = self._blobs, self._pcts
        named = [(i, blob) for i, blob in self.named(commit) if i in tasks]
        need = sorted({b for _, b in named if b not in known and b not in pcts})
        for blob, raw in gitreads.read_blobs(self.repo, need).items():
            pct = probe_pct(raw)
            if pct is None:
                known[blob] = parse_task(raw)
                self._blobs_dirty = True
            else:
                pcts[blob] = pct
                self._pcts_dirty = True
        out: dict[str, TaskFacts] = {}
        for task_id, blob in named:
            self._used.add(blob)
            facts = known.get(blob)
            pct = facts.pct if facts is not None and facts.id == task_id else pcts.get(blob)
            if pct is not None:
                out.setdefault(task_id, with_pct(tasks[task_id], pct))
        return out

    def stop_writing(self) -> None:
        """From now on read the cache and write nothing (a forked helper: report/forked.py)."""
        self.store.read_only = self.results.read_only = True

    def read_period(self, key: str, kind: Any) -> Any:
        """The figures of a closed period, if cached as `kind` (the report's own type)."""
        return self.results.read(f"period-{key}{SUFFIX}", kind)

    def write_period(self, key: str, payload: Any) -> None:
        self.results.write(f"period-{key}{SUFFIX}", payload)

    def save(self) -> None:
        """Keep what was parsed. The file holds every version read so far; once it is four
        times what this run used, versions this run did not need are dropped."""
        if self._blobs_dirty and self._blobs is not None:
            if len(self._blobs) > max(_KEEP_BLOBS, 4 * len(self._used)):
                self._blobs = {b: self._blobs[b] for b in self._used if b in self._blobs}
            self.results.write(f"blobs{SUFFIX}", self._blobs)
            self._blobs_dirty = False
        if self._pcts_dirty and self._pcts is not None:
            if len(self._pcts) > max(_KEEP_BLOBS, 4 * len(self._used)):
                self._pcts = {b: self._pcts[b] for b in self._used if b in self._pcts}
            self.results.write(f"pcts{SUFFIX}", self._pcts)
            self._pcts_dirty = False
        self.results.prune(f"commits-*{SUFFIX}", _KEEP_BLOCKS)
        self.results.prune(f"period-*{SUFFIX}", _KEEP_PERIODS)
        self.results.prune_legacy()
        self.store.prune_legacy()

    def close(self) -> None:
        """Stop any `git log` still running in the background (after an error)."""
        for pending in self._pending:
            pending.cancel()
        self._pending.clear()

    def facts(
        self, blobs: set[str], named: Sequence[tuple[str, str]] = ()
    ) -> dict[str, TaskFacts | None]:
        """Parsed facts for each blob id, each distinct version parsed once ever. With the
        (task ID, blob) pairs they come from, a version that differs from the last one
        of its task read in this run only in its progress block is read from that one
        (plan/taskpatch.py): a trend's next boundary costs little more than its diff."""
        if self._blobs is None:
            self._blobs = self.results.read(f"blobs{SUFFIX}", dict[str, TaskFacts | None]) or {}
        known = self._blobs
        self._used |= blobs
        missing = [b for b in blobs if b not in known]
        if missing:
            raws = gitreads.read_blobs(self.repo, sorted(missing))
            patched = self._patched(raws, named, known)
            known.update(patched)
            known.update(self.parse({b: r for b, r in raws.items() if b not in patched}))
            for blob in missing:
                known.setdefault(blob, None)
            self._blobs_dirty = True
            texts = self._texts
            for task_id, blob in named:
                if blob in raws and blob not in patched:
                    texts[task_id] = (blob, raws[blob])  # its Shape is taken when needed
        return {b: known[b] for b in blobs}

    def _patched(
        self,
        raws: dict[str, bytes],
        named: Sequence[tuple[str, str]],
        known: dict[str, TaskFacts | None],
    ) -> dict[str, TaskFacts | None]:
        """The versions in `raws` that can be read from their task's last version."""
        from r57cli.plan.taskpatch import CANNOT_TELL, patch, shape

        out: dict[str, TaskFacts | None] = {}
        texts = self._texts
        for task_id, blob in named:
            raw, last = raws.get(blob), texts.get(task_id)
            if raw is None or last is None or blob in out:
                continue
            old_blob, old_shape = last
            old = known.get(old_blob)
            if old is None or old.id != task_id:
                continue
            if isinstance(old_shape, bytes):
                old_shape = shape(old_shape)
                texts[task_id] = (old_blob, old_shape)
            if old_shape is None:
                continue
            got = patch(raw, old_shape, old)
            if got is not CANNOT_TELL:
                out[blob] = got  # type: ignore[assignment]
                texts[task_id] = (blob, old_shape)  # the same Shape: only the block changed
        return out
