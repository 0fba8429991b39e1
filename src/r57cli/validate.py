"""`r57 validate` as a function: read every plan file, check it, return all problems."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from r57cli.cache import ValidationCache, blob_id, cache_path, code_fingerprint
from r57cli.diagnostics import Diagnostic
from r57cli.discovery import plan_files
from r57cli.messages import Severity, phrase
from r57cli.planfile import MAX_FILE_BYTES

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 1500


@dataclass(slots=True)
class ValidationResult:
    plan_dir: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    from_cache: int = 0
    language: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool) -> bool:
        """Whether the run fails: on errors, and with --strict on warnings too."""
        return self.errors > 0 or (strict and self.warnings > 0)


def read_plan_file(plan_dir: Path, relpath: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of one plan file, or why they cannot be had. Never blocks, never reads more
    than the size cap: a FIFO, a device or a folder where a file should be is a problem."""
    # os.open/os.read on a str path: a third of the cost of Path.open on 10,000 small files.
    # O_NONBLOCK so that opening a FIFO does not wait for a writer; it is harmless on files.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(f"{plan_dir}/{relpath}", flags)
    except OSError as exc:
        return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": exc.strerror or str(exc)})
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            why = "not-a-file-folder" if stat.S_ISDIR(info.st_mode) else "not-a-regular-file"
            return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": phrase(why)})
        if info.st_size > MAX_FILE_BYTES:
            return None, Diagnostic(
                "R57E002", relpath, 1, 1, {"size": info.st_size, "limit": MAX_FILE_BYTES}
            )
        chunks = []
        total = 0
        while total <= MAX_FILE_BYTES:  # until EOF: the size can change between fstat and read
            chunk = os.read(fd, max(info.st_size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks), None
    except OSError as exc:
        return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": exc.strerror or str(exc)})
    finally:
        os.close(fd)


def _check_batch(plan_dir: str, batch: list[tuple[str, str]]) -> list[tuple[str, str, Any]]:
    """Worker entry point: check files whose bytes the worker reads itself."""
    from r57cli.filechecks import check_file

    out = []
    for relpath, blob in batch:
        raw, problem = read_plan_file(Path(plan_dir), relpath)
        if raw is None or blob_id(raw) != blob:
            continue  # changed under our feet; the parent checks it itself
        out.append((relpath, blob, check_file(relpath, raw).to_cache()))
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """Parsing 10,000 files allocates millions of small objects and no reference cycles;
    the cyclic collector would rescan them over and over (measured: 2-3x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(
    plan_dir: Path, *, use_cache: bool = True, jobs: int | None = None
) -> ValidationResult:
    with _no_gc():
        return _validate(plan_dir, use_cache=use_cache, jobs=jobs)


def _validate(plan_dir: Path, *, use_cache: bool, jobs: int | None) -> ValidationResult:
    result = ValidationResult(plan_dir)
    files, notes = plan_files(plan_dir)
    result.files = len(files)
    cache = (
        ValidationCache.open(cache_path(plan_dir), code_fingerprint())
        if use_cache
        else ValidationCache(Path(os.devnull), "")
    )
    per_file: dict[str, dict[str, Any]] = {}
    todo: dict[str, tuple[str, bytes]] = {}
    for relpath in files:
        raw, problem = read_plan_file(plan_dir, relpath)
        if raw is None:
            assert problem is not None
            per_file[relpath] = {"d": [problem.to_cache()], "f": None}
            continue
        blob = blob_id(raw)
        hit = cache.get(relpath, blob)
        if hit is not None and not _well_formed(hit):
            hit = None  # a damaged cache entry is a miss, never a crash
        if hit is not None:
            per_file[relpath] = hit
            result.from_cache += 1
        else:
            todo[relpath] = (blob, raw)
    for relpath, blob, checked in _check_all(plan_dir, todo, jobs):
        per_file[relpath] = checked
        cache.put(relpath, blob, checked)
    if use_cache:
        cache.retain(set(todo) | {p for p in per_file})
        cache.save()
    result.diagnostics = _collect(per_file, notes)
    plan_facts = per_file.get("plan.yaml", {}).get("f") or {}
    result.language = plan_facts.get("language")
    return result


def _well_formed(entry: Any) -> bool:
    try:
        for raw in entry["d"]:
            Diagnostic.from_cache(raw)
        return entry["f"] is None or isinstance(entry["f"], dict)
    except (KeyError, TypeError, ValueError):
        return False


def _check_all(
    plan_dir: Path, todo: dict[str, tuple[str, bytes]], jobs: int | None
) -> list[tuple[str, str, Any]]:
    if not todo:
        return []  # all cached: do not even import pydantic and the models
    from r57cli.filechecks import check_file

    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(todo) < PARALLEL_THRESHOLD:
        return [(p, blob, check_file(p, raw).to_cache()) for p, (blob, raw) in todo.items()]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    items = [(p, blob) for p, (blob, _raw) in todo.items()]
    chunks = [items[i::workers] for i in range(workers)]
    # fork shares the already-imported modules, so workers start in milliseconds.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_check_batch, os.fspath(plan_dir), c) for c in chunks]
        done: list[tuple[str, str, Any]] = []
        for fut in futures:
            done.extend(fut.result())
    missing = set(todo) - {p for p, _, _ in done}
    for p in sorted(missing):
        blob, raw = todo[p]
        done.append((p, blob, check_file(p, raw).to_cache()))
    return done


def _collect(per_file: dict[str, dict[str, Any]], notes: list[Diagnostic]) -> list[Diagnostic]:
    from r57cli.plancheck import cross_check

    diagnostics: list[Diagnostic] = []
    facts: dict[str, dict[str, Any]] = {}
    for relpath, checked in per_file.items():
        diagnostics.extend(Diagnostic.from_cache(d) for d in checked["d"])
        if checked["f"] is not None:
            facts[relpath] = checked["f"]
        elif relpath in ("plan.yaml", "units.yaml"):
            facts[relpath] = {}  # present but unusable: do not also report it missing
    diagnostics.extend(notes)
    unusable = [p for p in per_file if p.startswith("tasks/") and p not in facts]
    diagnostics.extend(cross_check(facts, unusable))
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics
