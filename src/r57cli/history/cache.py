"""The report cache in <git-dir>/r57/history/: MessagePack files (msgspec) written
atomically, each stamped with the version of r57 that wrote it, and finished reports keyed
by everything they depend on. Only this user writes inside .git; a file that does not read
back, is from another version, or does not have the shape the reader asks for is as good
as absent, and a cache that cannot be written (a read-only clone, a full disk) never fails
a report. Deleting the folder is always safe.

Reading a cache file runs no code (it was pickle up to version 1; a pickle can run anything
when loaded): each read decodes into a declared type, and msgspec checks every field."""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from r57cli.errors import R57Error
from r57cli.git import reads as gitreads
from r57cli.git.repo import Repo
from r57cli.locale.reportwords import rsay

# Bump when what is cached changes shape without r57's code changing (it is in the key).
# 2: MessagePack instead of pickle (old *.pickle files are ignored and pruned).
# 3: task facts carry the schedule record (reschedules, baseline, extensions, evidence).
# 4: task facts carry the co-operating units (co_units).
CACHE_VERSION = 4

SUFFIX = ".msgpack"
_FREEZE_BYTES = 1 << 20  # a read this large moves the heap out of the collector's scans

T = TypeVar("T")

_ENCODER = msgspec.msgpack.Encoder()
_DECODERS: dict[Any, msgspec.msgpack.Decoder[Any]] = {}


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


def _decoder(kind: Any) -> msgspec.msgpack.Decoder[Any]:
    found = _DECODERS.get(kind)
    if found is None:
        found = _DECODERS[kind] = msgspec.msgpack.Decoder(tuple[str, kind])
    return found


class Store:
    """Typed values by file name. `fingerprinted` ties them to r57's code, for what r57
    computed (parsed files); plain git data (the chain, tree listings) is not."""

    def __init__(self, repo: Repo, plan_rel: str, *, fingerprinted: bool = True) -> None:
        self.dir = cache_dir(repo, plan_rel)
        self.version = _version(fingerprinted)
        self.read_only = False  # a forked helper reads the cache; only its parent writes

    def read(self, name: str, kind: type[T] | Any) -> T | None:
        """The value kept under `name` if it decodes as `kind`, else None (a miss)."""
        # A national cache file decodes into ~10^5 objects, none in a cycle: the collector
        # would walk the growing heap again and again for nothing (3/4 of a read's time),
        # and once they are read, every later full collection would walk them again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            raw = (self.dir / name).read_bytes()
            version, payload = _decoder(kind).decode(raw)
        except (OSError, msgspec.DecodeError, ValueError, TypeError, RecursionError):
            return None  # missing, broken or of another shape: just "not cached"
        finally:
            if collecting:
                gc.enable()
        if len(raw) > _FREEZE_BYTES:
            gc.freeze()  # kept for the run, freed by reference counts: not scanned again
        return payload if version == self.version else None

    def write(self, name: str, payload: Any) -> None:
        if self.read_only:
            return
        tmp = self.dir / f".{name}.{os.getpid()}.tmp"
        try:
            data = _ENCODER.encode((self.version, payload))
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            tmp.replace(self.dir / name)
        except (OSError, TypeError, OverflowError):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def prune(self, pattern: str, keep: int) -> None:
        """Keep the `keep` most recently written files matching `pattern`."""
        if self.read_only:
            return
        with contextlib.suppress(OSError):
            files = sorted(self.dir.glob(pattern), key=lambda p: p.stat().st_mtime)
            for old in files[:-keep]:
                old.unlink(missing_ok=True)

    def prune_legacy(self) -> None:
        """Remove what a version 1 r57 left: pickles, never read again."""
        with contextlib.suppress(OSError):
            for old in self.dir.glob("*.pickle"):
                old.unlink(missing_ok=True)


class OutputCache:
    """A finished report, kept under a key made of everything it depends on: the commit
    reported on, the periods, scope, format, language and day, the plan's settings and
    units, and r57's code. Rerunning a report on an unchanged history (another reader, the
    same week again) is then a file read; any new commit changes the key."""

    KEEP = 16

    def __init__(self, repo: Repo, plan_rel: str, rev: str, *parts: Any) -> None:
        from hashlib import sha256

        tip = gitreads.resolve(repo, rev)
        if tip is None:
            raise R57Error(rsay("no-commits" if rev == "HEAD" else "no-rev", rev=rev))
        self.store = Store(repo, plan_rel)
        material = repr((self.store.version, tip, parts))
        self.name = f"output-{sha256(material.encode()).hexdigest()[:40]}{SUFFIX}"

    def get(self, kind: type[str] | type[bytes] = str) -> str | bytes | None:
        """The kept report, text or (a workbook) bytes."""
        found: str | bytes | None = self.store.read(self.name, kind)
        return found

    def put(self, text: str | bytes) -> None:
        self.store.write(self.name, text)
        self.store.prune(f"output-*{SUFFIX}", self.KEEP)
        self.store.prune_legacy()
