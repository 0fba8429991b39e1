"""The report cache in <git-dir>/r57/history/: pickled files written atomically, each
stamped with the version of r57 that wrote it, and finished reports keyed by everything
they depend on. Only this user writes inside .git; a file that does not read back, or is
from another version, is as good as absent, and a cache that cannot be written (a
read-only clone, a full disk) never fails a report. Deleting the folder is always safe."""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import Any

from r57cli.errors import R57Error
from r57cli.git import repo as gitrepo
from r57cli.git.repo import Repo
from r57cli.locale.reportwords import rsay

# Bump when what is cached changes shape without r57's code changing (it is in the key).
CACHE_VERSION = 1


def cache_dir(repo: Repo, plan_rel: str) -> Path:
    """One folder per plan folder of the repository: two plans never share an entry."""
    from hashlib import sha1

    name = sha1(plan_rel.encode(), usedforsecurity=False).hexdigest()[:12]
    return repo.git_dir / "r57" / "history" / f"plan-{name}"


def _version(fingerprinted: bool) -> str:
    if not fingerprinted:
        return str(CACHE_VERSION)
    from r57cli.fingerprint import code_fingerprint

    return f"{CACHE_VERSION}:{code_fingerprint()}"


class Store:
    """Pickled values by file name. `fingerprinted` ties them to r57's code, for what r57
    computed (parsed files); plain git data (the chain, tree listings) is not."""

    def __init__(self, repo: Repo, plan_rel: str, *, fingerprinted: bool = True) -> None:
        self.dir = cache_dir(repo, plan_rel)
        self.version = _version(fingerprinted)

    def read(self, name: str) -> Any:
        try:
            with (self.dir / name).open("rb") as handle:
                version, payload = pickle.load(handle)
        except Exception:  # noqa: BLE001 - any broken cache file just means "not cached"
            return None
        return payload if version == self.version else None

    def write(self, name: str, payload: Any) -> None:
        tmp = self.dir / f".{name}.{os.getpid()}.tmp"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as handle:
                pickle.dump((self.version, payload), handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.dir / name)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def prune(self, pattern: str, keep: int) -> None:
        """Keep the `keep` most recently written files matching `pattern`."""
        with contextlib.suppress(OSError):
            files = sorted(self.dir.glob(pattern), key=lambda p: p.stat().st_mtime)
            for old in files[:-keep]:
                old.unlink(missing_ok=True)


class OutputCache:
    """A finished report, kept under a key made of everything it depends on: the commit
    reported on, the periods, scope, format, language and day, the plan's settings and
    units, and r57's code. Rerunning a report on an unchanged history (another reader, the
    same week again) is then a file read; any new commit changes the key."""

    KEEP = 16

    def __init__(self, repo: Repo, plan_rel: str, rev: str, *parts: Any) -> None:
        from hashlib import sha256

        tip = gitrepo.resolve(repo, rev)
        if tip is None:
            raise R57Error(rsay("no-commits", rev=rev))
        self.store = Store(repo, plan_rel)
        material = repr((self.store.version, tip, parts))
        self.name = f"output-{sha256(material.encode()).hexdigest()[:40]}.pickle"

    def get(self) -> str | None:
        found = self.store.read(self.name)
        return found if isinstance(found, str) else None

    def put(self, text: str) -> None:
        self.store.write(self.name, text)
        self.store.prune("output-*.pickle", self.KEEP)
