"""Which task files a commit has, and their blob ids: the tree listings of the history
engine (history/chain.py's History inherits them). A listing is cached by commit, and a
commit not cached is listed as the nearest listing known plus a tree diff, so a trend's
boundary states cost one `ls-tree` and then a diff each."""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from r57cli.git import reads as gitreads
from r57cli.git import repo as gitrepo
from r57cli.git.repo import Repo
from r57cli.history.cache import SUFFIX, Store
from r57cli.history.landed import _TASK_FILE

if TYPE_CHECKING:
    from r57cli.history.chain import Chain

_KEEP_LISTINGS = 24
# Kept in memory, the most recently used: a period reads four states (its end and start,
# two velocity bases), and its end, read first, is the next one's start: six cover it.
# About 1 MiB each for a national plan.
_HELD_LISTINGS = 6
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

# The task ID each path inside a plan folder names ("" for none).
_IDS: dict[str, str] = {}

# A listing as the cache keeps it (history/cache.py decodes it, another shape is a miss).
_ListingFile = tuple[str, dict[str, str]]


class Listings:
    """The listing reads of History: what they need of it is declared here."""

    repo: Repo
    prefix: str
    chain: Chain
    store: Store
    # The last listings made in this run, by commit: the next boundary of a trend is the
    # nearest of them plus a diff, even where the cache is not written (a forked child).
    _listings: dict[str, dict[str, str]]
    _named: dict[str, list[tuple[str, str]]]
    plan_rel: str

    def listing(self, commit: str) -> dict[str, str]:
        """Task files and their blob ids at `commit`: from the cache, else from the
        nearest cached commit plus a tree diff, else from `git ls-tree`."""
        held = self._listings.get(commit)
        if held is not None:
            return self._hold(commit, held)
        name = f"listing-{self._landed_of(commit)}-{commit}{SUFFIX}"
        cached = self.store.read(name, _ListingFile)
        if cached is not None:
            return self._hold(commit, cached[1])
        base = self._nearest_listing(commit)
        changes = None
        if base is not None:
            base_sha, listing = base
            try:
                changes = gitreads.diff_trees(self.repo, base_sha, commit, self.prefix)
            except gitrepo.GitError:
                changes = None  # the cached commit is gone from the repository: list anew
        if changes is not None:
            for path, blob in changes.items():
                if blob is None:
                    listing.pop(path, None)
                else:
                    listing[path] = blob
        else:
            listing = gitreads.list_tree(self.repo, commit, self.prefix)
        self.store.write(name, (commit, listing))
        self.store.prune(f"listing-*{SUFFIX}", _KEEP_LISTINGS)
        return self._hold(commit, listing)

    def named(self, commit: str) -> list[tuple[str, str]]:
        """(task ID, blob id) of each task file at `commit`, in path order: what a plan
        state is read from. A boundary ends one period and starts the next: the last few
        are kept."""
        found = self._named.pop(commit, None)
        if found is None:
            listing = self.listing(commit)
            cut = len(self.plan_rel)
            found = []
            ids = _IDS  # a path names the same task at every commit: matched once a run
            for path in sorted(listing):
                inner = path[cut:]
                task_id = ids.get(inner)
                if task_id is None:
                    match = _TASK_FILE.fullmatch(inner)
                    task_id = ids[inner] = match[1] if match else ""
                if task_id:
                    found.append((task_id, listing[path]))
        self._named[commit] = found  # the most recently used last
        while len(self._named) > _HELD_LISTINGS:
            del self._named[next(iter(self._named))]
        return found

    def _hold(self, commit: str, listing: dict[str, str]) -> dict[str, str]:
        self._listings.pop(commit, None)
        self._listings[commit] = listing
        while len(self._listings) > _HELD_LISTINGS:
            del self._listings[next(iter(self._listings))]
        return listing

    def _nearest_listing(self, commit: str) -> tuple[str, dict[str, str]] | None:
        """A listing to start from: the one of the commit that landed nearest in time to
        this one (held in memory, or cached: file names carry the landing time), so the
        tree diff is short. A held one is copied: the caller changes it."""
        target = self._landed_of(commit)
        best: tuple[int, str, bool] | None = None
        for sha in self._listings:
            distance = abs(self._landed_of(sha) - target)
            if best is None or distance < best[0]:
                best = (distance, sha, True)
        with contextlib.suppress(OSError):
            for path in self.store.dir.glob(f"listing-*{SUFFIX}"):
                _, when, sha = path.stem.split("-", 2)
                distance = abs(int(when) - target) if when.isdigit() else 10**12
                if best is None or distance < best[0]:
                    best = (distance, path.name, False)
        if best is None:
            return None
        if best[2]:
            return best[1], dict(self._listings[best[1]])
        cached = self.store.read(best[1], _ListingFile)
        if cached is None or not _OBJECT_ID.fullmatch(cached[0]):
            return None
        return cached

    def _landed_of(self, commit: str) -> int:
        found = self.chain.shas.find(bytes.fromhex(commit))
        while found >= 0 and found % 20:
            found = self.chain.shas.find(bytes.fromhex(commit), found + 1)
        return self.chain.landed[found // 20] if found >= 0 else 0
