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
import os
import pickle
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from r57cli import gitrepo
from r57cli.errors import R57Error
from r57cli.gitrepo import RangeCommit, Repo
from r57cli.reporttexts import rsay

# Bump when what is cached changes shape: old files are then ignored, never misread.
CACHE_VERSION = 1
_KEEP_LISTINGS = 24
BLOCK = 1024  # chain commits per cached block of history
_TASK_FILE = re.compile(r"tasks/[a-z][a-z0-9-]{0,31}/([A-Z]{1,8}-[0-9]{1,6})\.yaml")


class ShallowHistory(R57Error):
    pass


class Blocker(NamedTuple):
    id: str
    kind: str
    ref: str
    description: str
    raised: date | None
    lifted: date | None


class Request(NamedTuple):
    id: str
    unit: str
    need: str
    amount: str
    asked: date | None
    status: str
    decided: date | None


class TaskFacts(NamedTuple):
    """What a report needs of one version of a task file."""

    id: str
    unit: str
    title_en: str
    title_vi: str
    responsible: str
    start: date
    due: date
    pct: int
    status: str
    completed: date | None
    milestones: tuple[tuple[date, int], ...]
    blockers: tuple[Blocker, ...]
    requests: tuple[Request, ...]


def parse_task(raw: bytes) -> TaskFacts | None:
    """The facts of a task file's content, or None when it is too broken to read (the
    validator says why; a report skips it and counts it)."""
    from r57cli import fastyaml

    try:
        data = fastyaml.load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        data = None
    if data is None:
        import yaml

        try:
            data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            return None
    if not isinstance(data, dict):
        return None
    try:
        title = data.get("title") or {}
        progress = data.get("progress") or {}
        start, due = data["start"], data["due"]
        pct = progress.get("pct", 0)
        completed = progress.get("completed")
        if not (isinstance(start, date) and isinstance(due, date) and isinstance(pct, int)):
            return None
        milestones = tuple(
            sorted(
                (m["date"], m["planned_pct"])
                for m in data.get("milestones") or []
                if isinstance(m, dict)
                and isinstance(m.get("date"), date)
                and isinstance(m.get("planned_pct"), int)
            )
        )
        blockers = tuple(
            Blocker(
                str(b.get("id", "")),
                str(b.get("kind", "other")),
                str(b.get("ref") or ""),
                str(b.get("description") or ""),
                _day(b.get("raised")),
                _day(b.get("lifted")),
            )
            for b in data.get("blockers") or []
            if isinstance(b, dict)
        )
        requests = tuple(
            Request(
                str(r.get("id", "")),
                str(r.get("unit") or ""),
                str(r.get("need") or ""),
                str(r.get("amount") or ""),
                _day(r.get("asked")),
                str(r.get("status", "open")),
                _day(r.get("decided")),
            )
            for r in data.get("resources") or []
            if isinstance(r, dict)
        )
        return TaskFacts(
            id=str(data["id"]),
            unit=str(data["unit"]),
            title_en=str(title.get("en", "")) if isinstance(title, dict) else "",
            title_vi=str(title.get("vi", "")) if isinstance(title, dict) else "",
            responsible=str(data.get("responsible", "")),
            start=start,
            due=due,
            pct=max(0, min(100, pct)),
            status=str(progress.get("status", "not_started")),
            completed=completed if isinstance(completed, date) else None,
            milestones=milestones,
            blockers=blockers,
            requests=requests,
        )
    except (KeyError, TypeError, AttributeError):
        return None


PARALLEL_THRESHOLD = 2000  # file versions from which a second core parses half of them


def parse_many(raws: dict[str, bytes]) -> dict[str, TaskFacts | None]:
    """Parse file versions by blob id; a cold report parses every task of the plan, and
    on Linux a forked worker takes half of them (it shares the imported modules, so it
    starts in milliseconds)."""
    items = list(raws.items())
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(items) < PARALLEL_THRESHOLD or cpus < 2 or sys.platform != "linux":
        return {blob: parse_task(raw) for blob, raw in items}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    half = len(items) // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        future = pool.submit(_parse_batch, items[half:])
        out = {blob: parse_task(raw) for blob, raw in items[:half]}
        try:
            out.update(future.result())
        except Exception:  # noqa: BLE001 - the worker died: parse its half here
            out.update((blob, parse_task(raw)) for blob, raw in items[half:])
    return out


def _parse_batch(items: list[tuple[str, bytes]]) -> dict[str, TaskFacts | None]:
    return {blob: parse_task(raw) for blob, raw in items}


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


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
        self.cache_dir = repo.git_dir / "r57" / "history"
        from r57cli.cache import code_fingerprint

        # What is cached is r57's reading of git data: a new r57 reads it afresh.
        self.version = f"{CACHE_VERSION}:{code_fingerprint()}"
        head = gitrepo.resolve(repo, tip)
        if head is None:
            raise R57Error(rsay("no-commits", rev=tip))
        self.tip = head
        self._blobs: dict[str, TaskFacts | None] | None = None
        self._blobs_dirty = False
        self._indexes: dict[str, int] = {}
        self.unreadable = 0  # task files at the last state read that do not parse
        self.chain = self._load_chain()

    # ------------------------------------------------------------------ chain

    def _load_chain(self) -> Chain:
        cached = self._read("chain.pickle")
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
        shas, times = gitrepo.first_parent_chain(self.repo, self.tip, stop)
        if stop is not None and (not shas or gitrepo.first_parent(self.repo, shas[-1]) != stop):
            # The cached tip is no longer on the branch: history was rewritten. Start over.
            chain = Chain()
            shas, times = gitrepo.first_parent_chain(self.repo, self.tip, None)
        if stop is None or not len(chain):
            chain.truncated = bool(shas) and shas[-1] in gitrepo.shallow_commits(self.repo)
        chain.extend(shas, times)
        self._write("chain.pickle", (self.tip, chain.shas, chain.landed, chain.truncated))
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

    def tasks_at(self, commit: str | None) -> dict[str, TaskFacts]:
        """Every readable task at `commit`, by ID (the first path, in git's order, when a
        broken plan has two files for one ID)."""
        if commit is None:
            return {}
        listing = self.listing(commit)
        facts = self.facts(set(listing.values()))
        out: dict[str, TaskFacts] = {}
        for path in sorted(listing):
            match = _TASK_FILE.fullmatch(path[len(self.plan_rel) :])
            task = facts.get(listing[path])
            if match and task is not None and task.id == match[1]:
                out.setdefault(task.id, task)
        self.unreadable = sum(1 for b in listing.values() if facts.get(b) is None)
        return out

    def listing(self, commit: str) -> dict[str, str]:
        """Task files and their blob ids at `commit`: from the cache, else from the
        nearest cached commit plus a tree diff, else from `git ls-tree`."""
        name = f"listing-{self._index_of(commit)}-{commit}.pickle"
        cached = self._read(name)
        if isinstance(cached, tuple):
            return dict(cached[1])
        base = self._nearest_listing(commit)
        if base is not None:
            base_sha, listing = base
            for path, blob in gitrepo.diff_trees(self.repo, base_sha, commit, self.prefix).items():
                if blob is None:
                    listing.pop(path, None)
                else:
                    listing[path] = blob
        else:
            listing = gitrepo.list_tree(self.repo, commit, self.prefix)
        self._write(name, (commit, listing))
        self._prune_listings()
        return listing

    def _nearest_listing(self, commit: str) -> tuple[str, dict[str, str]] | None:
        """A cached listing to start from: the one of the chain commit nearest to this one
        (file names carry the chain index), so the tree diff is short."""
        target = self._index_of(commit)
        best: tuple[int, str] | None = None
        with contextlib.suppress(OSError):
            for path in self.cache_dir.glob("listing-*.pickle"):
                _, index, sha = path.stem.split("-", 2)
                distance = abs(int(index) - target) if index.isdigit() else 10**9
                if best is None or distance < best[0]:
                    best = (distance, path.name)
        if best is None:
            return None
        cached = self._read(best[1])
        if not isinstance(cached, tuple):
            return None
        return cached[0], dict(cached[1])

    def _index_of(self, commit: str) -> int:
        return self._indexes.get(commit, 10**8)

    def facts(self, blobs: set[str]) -> dict[str, TaskFacts | None]:
        """Parsed facts for each blob id, each distinct version parsed once ever."""
        if self._blobs is None:
            cached = self._read("blobs.pickle")
            self._blobs = cached if isinstance(cached, dict) else {}
        known = self._blobs
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
            cached = self._read(self._block_name(block)) if self._complete(block) else None
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

        def finish() -> list[LandedCommit]:
            if pending is not None:
                read = self._assign(pending.result(), first, last)
                for block in missing:
                    found[block] = [c for c in read if c.position // BLOCK == block]
                    if self._complete(block):
                        self._write(self._block_name(block), found[block])
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
            brought: list[RangeCommit] = []
            todo = list(commit.parents[1:])
            while todo:
                current = todo.pop()
                if current in assigned or current not in by_sha:
                    continue
                assigned.add(current)
                side = by_sha[current]
                brought.append(side)
                todo.extend(side.parents)
            brought.sort(key=lambda c: c.authored)
            for c in [*brought, commit]:
                if len(c.parents) > 1:
                    continue  # a merge is not a report; the commits it brings are
                out.append(LandedCommit(c, when, self._task_ids(c), index))
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

    # ------------------------------------------------------------------ cache

    def read_period(self, key: str) -> Any:
        return self._read(f"period-{key}.pickle")

    def write_period(self, key: str, payload: Any) -> None:
        self._write(f"period-{key}.pickle", payload)

    def save(self) -> None:
        if self._blobs_dirty and self._blobs is not None:
            self._write("blobs.pickle", self._blobs)
            self._blobs_dirty = False

    def _read(self, name: str) -> Any:
        # The cache lives inside .git, which only this user writes; a file that does not
        # unpickle, or is from another version, is as good as absent.
        try:
            with (self.cache_dir / name).open("rb") as handle:
                version, payload = pickle.load(handle)
        except Exception:  # noqa: BLE001 - any broken cache file just means "not cached"
            return None
        return payload if version == self.version else None

    def _write(self, name: str, payload: Any) -> None:
        """Write atomically, and never fail the report because the cache cannot be
        written (a read-only clone, a full disk)."""
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_dir / f".{name}.{os.getpid()}.tmp"
            with tmp.open("wb") as handle:
                pickle.dump((self.version, payload), handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.cache_dir / name)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _prune_listings(self) -> None:
        try:
            files = sorted(self.cache_dir.glob("listing-*.pickle"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for old in files[:-_KEEP_LISTINGS]:
            with contextlib.suppress(OSError):
                old.unlink()


def clear_cache(git_dir: Path) -> None:
    import shutil

    shutil.rmtree(git_dir / "r57" / "history", ignore_errors=True)


def tasks_by_unit(tasks: Iterable[TaskFacts]) -> dict[str, list[TaskFacts]]:
    out: dict[str, list[TaskFacts]] = {}
    for t in tasks:
        out.setdefault(t.unit, []).append(t)
    return out


class OutputCache:
    """A finished report, kept under a key made of everything it depends on: the commit
    reported on, the periods, scope, format, language and day, the plan's settings and
    units, and r57's code. Rerunning a report on an unchanged history (another format
    for the same week, a second reader) is then a file read; any new commit changes the
    key."""

    _KEEP = 16

    def __init__(self, repo: Repo, rev: str, *parts: Any) -> None:
        from hashlib import sha256

        from r57cli.cache import code_fingerprint

        self.dir = repo.git_dir / "r57" / "history"
        tip = gitrepo.resolve(repo, rev)
        if tip is None:
            raise R57Error(rsay("no-commits", rev=rev))
        material = repr((CACHE_VERSION, code_fingerprint(), tip, parts))
        self.path = self.dir / f"output-{sha256(material.encode()).hexdigest()[:40]}.txt"

    def get(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, text: str) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.path)
            old = sorted(self.dir.glob("output-*.txt"), key=lambda p: p.stat().st_mtime)
            for stale in old[: -self._KEEP]:
                stale.unlink()
        except OSError:
            pass
